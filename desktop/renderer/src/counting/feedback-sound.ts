// Short tones for the counting screen, so a person need not look at it after every scan: one high
// beep (counted), two middle beeps (unknown barcode, kept), one low buzz (refused).

export type FeedbackTone = 'ok' | 'unknown' | 'error';

const TONES: Record<FeedbackTone, { frequency: number; type: OscillatorType; beeps: number; seconds: number }> = {
  ok: { frequency: 1320, type: 'sine', beeps: 1, seconds: 0.07 },
  unknown: { frequency: 660, type: 'triangle', beeps: 2, seconds: 0.08 },
  error: { frequency: 180, type: 'square', beeps: 1, seconds: 0.35 },
};

let context: AudioContext | null = null;

/** Plays a tone; silent where audio is unavailable (no device, or not allowed before a key press). */
export function playTone(tone: FeedbackTone): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const { frequency, type, beeps, seconds } = TONES[tone];
    for (let i = 0; i < beeps; i++) {
      const start = context.currentTime + i * seconds * 1.6;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = type;
      oscillator.frequency.value = frequency;
      // A short fade in and out: no click at either end.
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + seconds + 0.02);
    }
  } catch {
    // Feedback is also shown on screen; a missing sound never stops counting.
  }
}

import { createWedgeDecoder, usLayoutChar, type WedgeKeyEvent } from '@capliquify/shared/barcode/keyboard-wedge';

// The counting screen's scan field: the shared keyboard-wedge decoder (scans read through the US
// table from `code`, so a German layout changes nothing), plus a key-by-key record of the line that
// tells apart a quantity a person typed before scanning ("12", pause, scan) from a scan that
// stuttered (a USB or Bluetooth scanner pausing mid-code), which must stay one code.

export type ScanInputLine =
  | { kind: 'scan'; text: string; /** typed by a person just before the scan (a quantity) */ prefix: string }
  | { kind: 'typed'; text: string };

export interface ScanInputOptions {
  /** The longest pause between two keys of one scan. */
  maxGapMs?: number;
  /** The shortest pause between typing a quantity and scanning that shows a person did both. */
  humanPauseMs?: number;
}

/** One key of the line: as the layout typed it, as a US-configured scanner meant it, and when. */
interface LineKey { text: string; scan: string; at: number }

const MODIFIERS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);
const GS = '\x1d';
const MIN_SCAN_LENGTH = 3;

export function createScanInput(options: ScanInputOptions = {}) {
  const maxGapMs = options.maxGapMs ?? 50;
  const humanPauseMs = options.humanPauseMs ?? 150;
  const decoder = createWedgeDecoder({ maxGapMs, minScanLength: MIN_SCAN_LENGTH });
  let keys: LineKey[] = [];

  const typedText = (list: LineKey[]) => list.map((k) => k.text).join('');
  const scanText = (list: LineKey[]) => list.map((k) => k.scan).join('');
  const fast = (list: LineKey[], i: number) => list[i]!.at - list[i - 1]!.at <= maxGapMs;
  /** Where the trailing run of keys no more than maxGapMs apart starts. */
  function burstStart(): number {
    let start = keys.length - 1;
    while (start > 0 && fast(keys, start)) start--;
    return Math.max(start, 0);
  }
  /** Mostly fast keys, however it ended: a scanner, even one that paused. */
  function looksScanned(list: LineKey[]): boolean {
    if (list.length < MIN_SCAN_LENGTH) return false;
    let fastGaps = 0;
    for (let i = 1; i < list.length; i++) if (fast(list, i)) fastGaps++;
    return fastGaps * 2 >= list.length - 1;
  }

  function finish(e: WedgeKeyEvent): ScanInputLine | null {
    const line = keys;
    const start = burstStart();
    const result = decoder.key(e);
    keys = [];
    if (result?.type === 'scan') {
      const prefix = line.slice(0, start);
      if (prefix.length === 0) return { kind: 'scan', text: result.text, prefix: '' };
      const human = prefix.every((_, i) => i === 0 || !fast(prefix, i)) && line[start]!.at - prefix.at(-1)!.at >= humanPauseMs;
      return human ? { kind: 'scan', text: result.text, prefix: typedText(prefix) } : { kind: 'scan', text: scanText(prefix) + result.text, prefix: '' };
    }
    if (result?.type === 'typed') return looksScanned(line) ? { kind: 'scan', text: scanText(line), prefix: '' } : { kind: 'typed', text: result.text };
    return null;
  }

  return {
    /** Feeds one keydown; answers a finished line (scan or typed), or null while one is coming. */
    key(e: WedgeKeyEvent): ScanInputLine | null {
      // Shift, Ctrl… pressed alone belong to the next key.
      if (MODIFIERS.has(e.key)) {
        decoder.key(e);
        return null;
      }
      if (e.code === 'Enter' || e.code === 'NumpadEnter' || e.code === 'Tab' || e.key === 'Enter') return finish(e);
      const printable = [...e.key].length === 1;
      const groupSeparator = (e.ctrlKey && !e.altKey && e.code === 'BracketRight') || e.key === GS || e.key === 'GroupSeparator';
      const altGraph = e.ctrlKey && e.altKey && printable;
      decoder.key(e);
      if (e.code === 'Backspace') keys.pop();
      else if (groupSeparator) keys.push({ text: '', scan: GS, at: e.timeStamp });
      else if (e.code === 'Escape' || ((e.ctrlKey || e.altKey) && !altGraph)) keys = [];
      else if (printable) keys.push({ text: e.key, scan: altGraph ? e.key : usLayoutChar(e.code, e.shiftKey) ?? e.key, at: e.timeStamp });
      return null;
    },
    /** What the person has typed so far (scans pass through too fast to matter). */
    text(): string {
      return typedText(keys);
    },
    /** Forgets a half-typed line (Escape, or the screen lost focus). */
    reset(): void {
      decoder.reset();
      keys = [];
    },
  };
}

export type ScanInput = ReturnType<typeof createScanInput>;

const QUANTITY_TEXT = /^[-+]?\d{1,7}([.,]\d{1,4})?$/;

/**
 * A typed line that is a quantity rather than a code: up to 7 digits, a decimal comma or point.
 * Longer digit strings are barcodes typed by hand (EAN-8 has 8).
 */
export function readQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!QUANTITY_TEXT.test(trimmed)) return null;
  return Number(trimmed.replace(',', '.'));
}

// A scanner used as a keyboard types each character as the key a US keyboard would press. On a
// German (QWERTZ) or French (AZERTY) PC the operating system turns those keys into other characters
// (`key`), so we read the physical key (`KeyboardEvent.code`) through a US table instead. A scanner
// types much faster than a person, which is how its bursts are told apart from typing.

/** The parts of a DOM KeyboardEvent the decoder reads (shared has no DOM types). */
export interface WedgeKeyEvent {
  code: string;
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  timeStamp: number;
}

export type WedgeEvent = { type: 'scan'; text: string } | { type: 'typed'; text: string };

export interface WedgeOptions {
  /** The longest pause between two keys of one scan. */
  maxGapMs?: number;
  /** Fewer characters than this before Enter/Tab is typing, however fast. */
  minScanLength?: number;
  /** A key (`code`) the scanner is set to send for FNC1, e.g. 'F8', besides Ctrl+]. */
  groupSeparatorCode?: string;
}

const GS = '\x1d';
const SHIFTED_DIGITS = ')!@#$%^&*(';
// [unshifted, shifted] for the US keys that are neither letters nor digits.
const US_PUNCTUATION: Readonly<Record<string, readonly [string, string]>> = {
  Minus: ['-', '_'], Equal: ['=', '+'], BracketLeft: ['[', '{'], BracketRight: [']', '}'], Backslash: ['\\', '|'],
  Semicolon: [';', ':'], Quote: ["'", '"'], Backquote: ['`', '~'], Comma: [',', '<'], Period: ['.', '>'], Slash: ['/', '?'],
  Space: [' ', ' '],
};
const NUMPAD: Readonly<Record<string, string>> = {
  NumpadDecimal: '.', NumpadAdd: '+', NumpadSubtract: '-', NumpadMultiply: '*', NumpadDivide: '/', NumpadEqual: '=', NumpadComma: ',',
};
const MODIFIERS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

/** The character a US keyboard types for a physical key, or null for keys that type none. */
export function usLayoutChar(code: string, shift: boolean): string | null {
  let match = /^Key([A-Z])$/.exec(code);
  if (match) return shift ? match[1]! : match[1]!.toLowerCase();
  match = /^Digit(\d)$/.exec(code);
  if (match) return shift ? SHIFTED_DIGITS[Number(match[1])]! : match[1]!;
  match = /^Numpad(\d)$/.exec(code);
  if (match) return match[1]!;
  const punctuation = US_PUNCTUATION[code];
  if (punctuation) return punctuation[shift ? 1 : 0];
  return NUMPAD[code] ?? null;
}

/**
 * Feeds keydown events one by one; answers a scan (characters read from `code`, fast, ended by
 * Enter or Tab), typed text (from `key`, ended by Enter), or null while a line is still coming.
 */
export function createWedgeDecoder(options: WedgeOptions = {}) {
  const maxGapMs = options.maxGapMs ?? 50;
  const minScanLength = options.minScanLength ?? 3;
  let typed = '';
  // The current run of keys each within maxGapMs of the last, read through the US table.
  let burst = '';
  let burstKeys = 0;
  let lastAt: number | null = null;

  const reset = () => {
    typed = '';
    burst = '';
    burstKeys = 0;
    lastAt = null;
  };
  const isGroupSeparator = (e: WedgeKeyEvent) =>
    (e.ctrlKey && !e.altKey && e.code === 'BracketRight') || e.key === 'GroupSeparator' || e.key === GS
    || (options.groupSeparatorCode !== undefined && e.code === options.groupSeparatorCode);

  function character(e: WedgeKeyEvent, scanChar: string, typedChar: string): null {
    if (lastAt === null || e.timeStamp - lastAt > maxGapMs) {
      burst = '';
      burstKeys = 0;
    }
    burst += scanChar;
    burstKeys++;
    typed += typedChar;
    lastAt = e.timeStamp;
    return null;
  }

  function end(e: WedgeKeyEvent): WedgeEvent | null {
    const fast = lastAt !== null && e.timeStamp - lastAt <= maxGapMs && burstKeys >= minScanLength;
    const result: WedgeEvent | null = fast ? { type: 'scan', text: burst }
      : e.code !== 'Tab' && typed !== '' ? { type: 'typed', text: typed } : null;
    reset();
    return result;
  }

  return {
    key(e: WedgeKeyEvent): WedgeEvent | null {
      if (MODIFIERS.has(e.key)) return null;
      if (isGroupSeparator(e)) return character(e, GS, '');
      if (e.code === 'Enter' || e.code === 'NumpadEnter' || e.code === 'Tab' || e.key === 'Enter') return end(e);
      if (e.code === 'Backspace') {
        typed = typed.slice(0, -1);
        burst = '';
        burstKeys = 0;
        lastAt = e.timeStamp;
        return null;
      }
      // AltGr arrives as Ctrl+Alt on Windows: a person typing @ or € on a European layout.
      const altGraph = e.ctrlKey && e.altKey;
      const printable = [...e.key].length === 1;
      if ((e.ctrlKey || e.altKey) && !(altGraph && printable)) {
        reset(); // a shortcut, not text
        return null;
      }
      if (e.code === 'Escape') {
        reset();
        return null;
      }
      const scanChar = altGraph ? e.key : usLayoutChar(e.code, e.shiftKey) ?? (printable ? e.key : null);
      if (scanChar === null) return null; // arrows, function keys: no text
      return character(e, scanChar, printable ? e.key : scanChar);
    },
    /** Forgets a half-read line, e.g. when the counting screen loses focus. */
    reset,
  };
}

export type WedgeDecoder = ReturnType<typeof createWedgeDecoder>;

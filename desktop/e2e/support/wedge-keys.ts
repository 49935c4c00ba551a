// What a barcode scanner set up as a US keyboard sends: for each character the physical US key
// (`code`, with Shift), and the character (`key`) the PC's own layout makes of that key. On a
// German (QWERTZ) PC the same keys read Y↔Z swapped, ß for -, ( for *… which is what the counting
// screen must see through.
import type { Page } from 'playwright-core';

export interface WedgeKey { code: string; key: string; shiftKey: boolean; ctrlKey: boolean }
export type Layout = 'us' | 'de';

const US_SHIFTED_DIGITS = ')!@#$%^&*(';
const US_PUNCTUATION: Record<string, [string, string]> = {
  Minus: ['-', '_'], Equal: ['=', '+'], BracketLeft: ['[', '{'], BracketRight: [']', '}'], Backslash: ['\\', '|'],
  Semicolon: [';', ':'], Quote: ["'", '"'], Backquote: ['`', '~'], Comma: [',', '<'], Period: ['.', '>'], Slash: ['/', '?'], Space: [' ', ' '],
};
const DE_SHIFTED_DIGITS = '=!"§$%&/()';
const DE_PUNCTUATION: Record<string, [string, string]> = {
  Minus: ['ß', '?'], Equal: ['Dead', 'Dead'], BracketLeft: ['ü', 'Ü'], BracketRight: ['+', '*'], Backslash: ['#', "'"],
  Semicolon: ['ö', 'Ö'], Quote: ['ä', 'Ä'], Backquote: ['Dead', '°'], Comma: [',', ';'], Period: ['.', ':'], Slash: ['-', '_'], Space: [' ', ' '],
};

/** The US key (code and Shift) that types `char`. */
function usKey(char: string): { code: string; shift: boolean } {
  if (/[a-z]/.test(char)) return { code: `Key${char.toUpperCase()}`, shift: false };
  if (/[A-Z]/.test(char)) return { code: `Key${char}`, shift: true };
  if (/\d/.test(char)) return { code: `Digit${char}`, shift: false };
  const shiftedDigit = US_SHIFTED_DIGITS.indexOf(char);
  if (shiftedDigit >= 0) return { code: `Digit${shiftedDigit}`, shift: true };
  for (const [code, [plain, shifted]] of Object.entries(US_PUNCTUATION)) {
    if (char === plain) return { code, shift: false };
    if (char === shifted) return { code, shift: true };
  }
  throw new Error(`no US key types ${JSON.stringify(char)}`);
}

/** The character a German layout gives the key `code` (with Shift). */
function germanChar(code: string, shift: boolean): string {
  const letter = /^Key([A-Z])$/.exec(code)?.[1];
  if (letter) {
    const swapped = letter === 'Y' ? 'Z' : letter === 'Z' ? 'Y' : letter;
    return shift ? swapped : swapped.toLowerCase();
  }
  const digit = /^Digit(\d)$/.exec(code)?.[1];
  if (digit) return shift ? DE_SHIFTED_DIGITS[Number(digit)]! : digit;
  const punctuation = DE_PUNCTUATION[code];
  if (!punctuation) throw new Error(`no German key for ${code}`);
  return punctuation[shift ? 1 : 0];
}

/** The keydowns a US-configured scanner sends for `text` on a PC with `layout`; \x1d (FNC1) as Ctrl+]. */
export function wedgeKeys(text: string, layout: Layout): WedgeKey[] {
  return [...text].map((char) => {
    if (char === '\x1d') return { code: 'BracketRight', key: layout === 'us' ? ']' : '+', shiftKey: false, ctrlKey: true };
    const { code, shift } = usKey(char);
    return { code, key: layout === 'us' ? char : germanChar(code, shift), shiftKey: shift, ctrlKey: false };
  });
}

/**
 * A scan ended by Enter, dispatched as one burst of keydown/keyup events at the focused element
 * (a scanner sends its keys within a millisecond or two of each other).
 */
export async function dispatchScan(page: Page, text: string, layout: Layout): Promise<void> {
  const keys = [...wedgeKeys(text, layout), { code: 'Enter', key: 'Enter', shiftKey: false, ctrlKey: false }];
  await page.evaluate((burst) => {
    // Runs in the page (this file is compiled without DOM types).
    type Init = Partial<WedgeKey> & { bubbles?: boolean; cancelable?: boolean };
    const page = globalThis as unknown as {
      document: { activeElement: EventTarget | null; body: EventTarget };
      KeyboardEvent: new (type: string, init: Init) => Event;
    };
    const target = page.document.activeElement ?? page.document.body;
    const send = (type: string, init: Init) => target.dispatchEvent(new page.KeyboardEvent(type, { ...init, bubbles: true, cancelable: true }));
    for (const k of burst) {
      if (k.shiftKey) send('keydown', { code: 'ShiftLeft', key: 'Shift', shiftKey: true });
      if (k.ctrlKey) send('keydown', { code: 'ControlLeft', key: 'Control', ctrlKey: true });
      send('keydown', k);
      send('keyup', k);
      if (k.ctrlKey) send('keyup', { code: 'ControlLeft', key: 'Control', shiftKey: false, ctrlKey: false });
      if (k.shiftKey) send('keyup', { code: 'ShiftLeft', key: 'Shift', shiftKey: false, ctrlKey: false });
    }
  }, keys);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScan } from './gs1';
import { createWedgeDecoder, usLayoutChar } from './keyboard-wedge';
import type { WedgeEvent, WedgeKeyEvent } from './keyboard-wedge';

// The US keyboard written out row by row, independently of the decoder's table: char → [code, shift].
const US_KEYS = new Map<string, [string, boolean]>();
const rows: Array<[string, string, string[]]> = [
  ['`1234567890-=', '~!@#$%^&*()_+', ['Backquote', ...'1234567890'.split('').map((d) => `Digit${d}`), 'Minus', 'Equal']],
  ['qwertyuiop[]\\', 'QWERTYUIOP{}|', [...'QWERTYUIOP'.split('').map((l) => `Key${l}`), 'BracketLeft', 'BracketRight', 'Backslash']],
  ["asdfghjkl;'", 'ASDFGHJKL:"', [...'ASDFGHJKL'.split('').map((l) => `Key${l}`), 'Semicolon', 'Quote']],
  ['zxcvbnm,./', 'ZXCVBNM<>?', [...'ZXCVBNM'.split('').map((l) => `Key${l}`), 'Comma', 'Period', 'Slash']],
];
for (const [plain, shifted, codes] of rows) {
  codes.forEach((code, i) => {
    US_KEYS.set(plain[i]!, [code, false]);
    US_KEYS.set(shifted[i]!, [code, true]);
  });
}
US_KEYS.set(' ', ['Space', false]);

type Layout = (code: string, shift: boolean) => string;
/** German QWERTZ: Y and Z swapped, symbols elsewhere (only the keys these tests press). */
const german: Layout = (code, shift) => {
  const special: Record<string, [string, string]> = {
    KeyY: ['z', 'Z'], KeyZ: ['y', 'Y'], Minus: ['ß', '?'], Slash: ['-', '_'], Period: ['.', ':'], Comma: [',', ';'],
    BracketRight: ['+', '*'], Digit2: ['2', '"'], Digit3: ['3', '§'], Digit7: ['7', '/'], Backquote: ['Dead', '°'], Equal: ['Dead', 'Dead'],
  };
  const hit = special[code];
  if (hit) return hit[shift ? 1 : 0];
  return usLayoutChar(code, shift) ?? 'Unidentified';
};
/** French AZERTY: digits need Shift, A/Q and Z/W swapped. */
const azerty: Layout = (code, shift) => {
  const unshiftedDigits = '&é"\'(-è_çà';
  const digit = /^Digit(\d)$/.exec(code);
  if (digit) return shift ? digit[1]! : unshiftedDigits[(Number(digit[1]) + 9) % 10]!;
  const special: Record<string, [string, string]> = {
    KeyA: ['q', 'Q'], KeyQ: ['a', 'A'], KeyW: ['z', 'Z'], KeyZ: ['w', 'W'], KeyM: [',', '?'], Semicolon: ['m', 'M'],
    Minus: [')', '°'], Period: [':', '/'], Comma: [';', '.'], Slash: ['!', '§'], BracketRight: ['$', '£'],
  };
  const hit = special[code];
  if (hit) return hit[shift ? 1 : 0];
  return usLayoutChar(code, shift) ?? 'Unidentified';
};
const us: Layout = (code, shift) => usLayoutChar(code, shift) ?? 'Unidentified';

const press = (code: string, key: string, timeStamp: number, mods: Partial<WedgeKeyEvent> = {}): WedgeKeyEvent =>
  ({ code, key, shiftKey: false, ctrlKey: false, altKey: false, timeStamp, ...mods });

/** What a scanner set to US layout sends for `text` (GS as Ctrl+]), as the host's layout reports it. */
function scannerKeys(text: string, layout: Layout, start = 1_000, gap = 8, suffix = 'Enter'): WedgeKeyEvent[] {
  const events: WedgeKeyEvent[] = [];
  let t = start;
  for (const ch of text) {
    if (ch === '\x1d') {
      events.push(press('ControlLeft', 'Control', (t += gap / 2), { ctrlKey: true }));
      events.push(press('BracketRight', layout('BracketRight', false), (t += gap / 2), { ctrlKey: true }));
      continue;
    }
    const [code, shift] = US_KEYS.get(ch)!;
    if (shift) events.push(press('ShiftLeft', 'Shift', (t += gap / 2), { shiftKey: true }));
    events.push(press(code, layout(code, shift), (t += shift ? gap / 2 : gap), { shiftKey: shift }));
  }
  events.push(press(suffix, suffix, (t += gap)));
  return events;
}

/** A person typing on `layout`: the keys their layout produces for `keys` ([code, shift] pairs). */
function personKeys(keys: Array<[string, boolean]>, layout: Layout, start = 5_000, gap = 180): WedgeKeyEvent[] {
  const events = keys.map(([code, shift], i) => press(code, layout(code, shift), start + i * gap, { shiftKey: shift }));
  events.push(press('Enter', 'Enter', start + keys.length * gap));
  return events;
}

function feed(decoder: ReturnType<typeof createWedgeDecoder>, events: WedgeKeyEvent[]): WedgeEvent[] {
  return events.map((e) => decoder.key(e)).filter((r): r is WedgeEvent => r !== null);
}

describe('usLayoutChar', () => {
  it('maps physical keys to what a US keyboard types', () => {
    expect(usLayoutChar('KeyA', false)).toBe('a');
    expect(usLayoutChar('KeyZ', true)).toBe('Z');
    expect(usLayoutChar('KeyY', false)).toBe('y');
    expect(usLayoutChar('Digit0', false)).toBe('0');
    expect(usLayoutChar('Digit2', true)).toBe('@');
    expect(usLayoutChar('Minus', true)).toBe('_');
    expect(usLayoutChar('Period', false)).toBe('.');
    expect(usLayoutChar('Slash', false)).toBe('/');
    expect(usLayoutChar('Space', false)).toBe(' ');
    expect(usLayoutChar('Numpad7', true)).toBe('7');
    expect(usLayoutChar('NumpadDecimal', false)).toBe('.');
    for (const code of ['ShiftLeft', 'Enter', 'F8', 'ArrowUp', 'IntlBackslash', '']) expect(usLayoutChar(code, false)).toBeNull();
  });
});

describe('createWedgeDecoder', () => {
  it('reads a US-configured scanner correctly on a German PC (Y/Z and symbols not swapped)', () => {
    const events = scannerKeys('LOC-YZ-01/zy', german);
    expect(events.map((e) => (e.key.length === 1 ? e.key : '')).join('')).toBe('LOCßZYß01-yz');
    expect(feed(createWedgeDecoder(), events)).toEqual([{ type: 'scan', text: 'LOC-YZ-01/zy' }]);
  });

  it('reads digits on an AZERTY PC, where the digit keys type symbols without Shift', () => {
    const events = scannerKeys('4006381333931', azerty);
    expect(events.slice(0, -1).map((e) => e.key).join('')).toBe(`'àà-"_&"""ç"&`);
    expect(feed(createWedgeDecoder(), events)).toEqual([{ type: 'scan', text: '4006381333931' }]);
  });

  it('turns Ctrl+] into the GS1 group separator, so a GS1 scan parses', () => {
    const gs1 = `]C10109501101530003${'10'}A-1\x1d17261231`;
    const [scan] = feed(createWedgeDecoder(), scannerKeys(gs1, german));
    expect(scan).toEqual({ type: 'scan', text: gs1 });
    expect(parseScan(scan!.text, { referenceYear: 2026 })).toEqual({
      ok: true, value: { kind: 'gs1', gtin: '09501101530003', lot: 'A-1', expiry: '2026-12-31', serial: null, quantity: null },
    });
  });

  it('takes F8 as the separator only when configured, and the GroupSeparator key always', () => {
    const events = (gsKey: WedgeKeyEvent) => [...scannerKeys('10A', us, 0).slice(0, -1), gsKey, ...scannerKeys('21B', us, 40)];
    expect(feed(createWedgeDecoder({ groupSeparatorCode: 'F8' }), events(press('F8', 'F8', 30)))).toEqual([{ type: 'scan', text: '10A\x1d21B' }]);
    expect(feed(createWedgeDecoder(), events(press('F8', 'F8', 30)))).toEqual([{ type: 'scan', text: '10A21B' }]);
    expect(feed(createWedgeDecoder(), events(press('', 'GroupSeparator', 30)))).toEqual([{ type: 'scan', text: '10A\x1d21B' }]);
  });

  it('ends a scan with Tab as well as Enter', () => {
    expect(feed(createWedgeDecoder(), scannerKeys('A-01-02', german, 0, 5, 'Tab'))).toEqual([{ type: 'scan', text: 'A-01-02' }]);
    expect(feed(createWedgeDecoder(), scannerKeys('123', us, 0, 5, 'NumpadEnter'))).toEqual([{ type: 'scan', text: '123' }]);
  });

  it('gives slow typing ended by Enter as typed text, read from the layout’s own keys', () => {
    // A German user types "Zone 12": the key marked Z is KeyY, so the US table would say "Yone".
    const keys: Array<[string, boolean]> = [['KeyY', true], ['KeyO', false], ['KeyN', false], ['KeyE', false], ['Space', false], ['Digit1', false], ['Digit2', false]];
    expect(feed(createWedgeDecoder(), personKeys(keys, german))).toEqual([{ type: 'typed', text: 'Zone 12' }]);
  });

  it('treats a quick short burst, or a scan-speed burst ended late, as typing', () => {
    expect(feed(createWedgeDecoder(), scannerKeys('12', us, 0, 10))).toEqual([{ type: 'typed', text: '12' }]);
    const late = scannerKeys('4006381333931', us, 0, 5);
    late[late.length - 1] = press('Enter', 'Enter', late.at(-2)!.timeStamp + 400);
    expect(feed(createWedgeDecoder(), late)).toEqual([{ type: 'typed', text: '4006381333931' }]);
  });

  it('honours maxGapMs for slow scanners', () => {
    const slowScanner = scannerKeys('4006381333931', us, 0, 80);
    expect(feed(createWedgeDecoder(), slowScanner)).toEqual([{ type: 'typed', text: '4006381333931' }]);
    expect(feed(createWedgeDecoder({ maxGapMs: 100 }), slowScanner)).toEqual([{ type: 'scan', text: '4006381333931' }]);
  });

  it('drops stray keys typed just before a scan, and starts afresh after it', () => {
    const decoder = createWedgeDecoder();
    const stray = [press('Digit5', '5', 0), press('Digit7', '7', 300)];
    expect(feed(decoder, [...stray, ...scannerKeys('96385074', german, 600)])).toEqual([{ type: 'scan', text: '96385074' }]);
    expect(feed(decoder, personKeys([['Digit3', false]], german, 2_000))).toEqual([{ type: 'typed', text: '3' }]);
  });

  it('edits typed text with Backspace, and forgets it on Escape or a shortcut', () => {
    const decoder = createWedgeDecoder();
    const typed = [press('Digit1', '1', 0), press('Digit3', '3', 200), press('Backspace', 'Backspace', 400), press('Digit2', '2', 600), press('Enter', 'Enter', 800)];
    expect(feed(decoder, typed)).toEqual([{ type: 'typed', text: '12' }]);
    expect(feed(decoder, [press('Digit5', '5', 1_000), press('Escape', 'Escape', 1_200), press('Enter', 'Enter', 1_400)])).toEqual([]);
    expect(feed(decoder, [press('Digit5', '5', 2_000), press('KeyZ', 'z', 2_200, { ctrlKey: true }), press('Enter', 'Enter', 2_400)])).toEqual([]);
    expect(feed(decoder, [press('Enter', 'Enter', 3_000)])).toEqual([]);
  });

  it('keeps characters typed with AltGr on a European layout', () => {
    const keys = [press('KeyQ', '@', 0, { ctrlKey: true, altKey: true }), press('KeyE', '€', 200, { ctrlKey: true, altKey: true }), press('Enter', 'Enter', 400)];
    expect(feed(createWedgeDecoder(), keys)).toEqual([{ type: 'typed', text: '@€' }]);
  });

  it('a Tab after slow typing is navigation, not input', () => {
    expect(feed(createWedgeDecoder(), [press('Digit4', '4', 0), press('Tab', 'Tab', 300)])).toEqual([]);
  });

  it('reads any scan exactly, whatever characters the host layout makes of the keys', () => {
    const usText = fc.string({ unit: fc.constantFrom(...US_KEYS.keys(), '\x1d'), minLength: 3, maxLength: 60 });
    const hostKey = fc.oneof(fc.constantFrom('Dead', 'ß', 'é', 'Unidentified'), fc.string({ unit: fc.constantFrom(...'abcxyz0123456789!"§$%&/()=?+*#-_.:,;<>'), minLength: 1, maxLength: 1 }));
    fc.assert(fc.property(usText, fc.func(hostKey), fc.integer({ min: 1, max: 50 }), (text, layoutOf, gap) => {
      const layout: Layout = (code, shift) => layoutOf(code, shift);
      expect(feed(createWedgeDecoder(), scannerKeys(text, layout, 10_000, gap))).toEqual([{ type: 'scan', text }]);
    }), { numRuns: 500 });
  });
});

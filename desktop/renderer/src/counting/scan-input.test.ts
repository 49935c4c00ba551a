import { describe, expect, it } from 'vitest';
import { createScanInput, readQuantity, type ScanInput } from './scan-input';

const key = (code: string, key: string, timeStamp: number, shiftKey = false) => ({ code, key, timeStamp, shiftKey, ctrlKey: false, altKey: false });
const enter = (timeStamp: number) => key('Enter', 'Enter', timeStamp);

/** A scanner burst: 2 ms apart, read as US keys whatever `key` the layout makes of them. */
function scan(input: ScanInput, keys: [code: string, key: string, shift?: boolean][], from: number) {
  let t = from;
  for (const [code, k, shift] of keys) input.key(key(code, k, (t += 2), shift));
  return input.key(enter((t += 2)));
}

const digits = (text: string): [string, string][] => [...text].map((d) => [`Digit${d}`, d]);

describe('the scan field', () => {
  it('reads a fast burst ended by Enter as a scan', () => {
    expect(scan(createScanInput(), digits('4006381333931'), 1000)).toEqual({ kind: 'scan', text: '4006381333931', prefix: '' });
  });

  it('reads a scan from the physical keys, so a German layout (Y and Z swapped, - on ß) changes nothing', () => {
    const german: [string, string, boolean?][] = [['KeyZ', 'Y', true], ['KeyY', 'z'], ['Minus', 'ß'], ['Digit0', '0'], ['Digit1', '1']];
    expect(scan(createScanInput(), german, 1000)).toEqual({ kind: 'scan', text: 'Zy-01', prefix: '' });
  });

  it('keeps what a person typed just before a scan as its prefix (the quantity)', () => {
    const input = createScanInput();
    input.key(key('Digit1', '1', 100));
    input.key(key('Digit2', '2', 400));
    expect(input.text()).toBe('12');
    expect(scan(input, digits('96385074'), 1000)).toEqual({ kind: 'scan', text: '96385074', prefix: '12' });
    expect(input.text()).toBe('');
  });

  it('keeps the prefix through a scan with FNC1 sent as Ctrl+] (the Ctrl key arrives alone first)', () => {
    const input = createScanInput();
    input.key(key('Digit2', '2', 100));
    let t = 1000;
    for (const d of '0100036000291452') input.key(key(`Digit${d}`, d, (t += 2)));
    input.key(key('ControlLeft', 'Control', (t += 1)));
    input.key({ ...key('BracketRight', '+', (t += 1)), ctrlKey: true });
    for (const d of '17271231') input.key(key(`Digit${d}`, d, (t += 2)));
    expect(input.key(enter((t += 2)))).toEqual({ kind: 'scan', text: '0100036000291452\x1d17271231', prefix: '2' });
  });

  it('keeps a scan that stuttered mid-code as one code, in US characters, however it splits', () => {
    const input = createScanInput();
    const keys = [...'A-0Y7'].map((c, i) => key(c === '-' ? 'Minus' : c === '0' ? 'Digit0' : c === '7' ? 'Digit7' : `Key${c}`, c === '-' ? 'ß' : c === 'Y' ? 'Z' : c, 1000 + i * 2 + (i >= 2 ? 90 : 0), c === 'A' || c === 'Y'));
    for (const k of keys) input.key(k);
    expect(input.key(enter(1200))).toEqual({ kind: 'scan', text: 'A-0Y7', prefix: '' });
    // A pause after the first two digits: not a quantity 40 of a code 06381333931.
    [...'4006381333931'].forEach((d, i) => input.key(key(`Digit${d}`, d, 1500 + i * 2 + (i >= 2 ? 80 : 0))));
    expect(input.key(enter(1610))).toEqual({ kind: 'scan', text: '4006381333931', prefix: '' });
    // The pause just before Enter: the decoder calls it typing; the keys say a scanner.
    for (const [i, d] of [...'96385074'].entries()) input.key(key(`Digit${d}`, d, 2000 + i * 2));
    expect(input.key(enter(2100))).toEqual({ kind: 'scan', text: '96385074', prefix: '' });
  });

  it('answers slow typing ended by Enter as typed text, as the layout wrote it', () => {
    const input = createScanInput();
    input.key(key('KeyY', 'z', 100));
    input.key(key('Digit3', '3', 300));
    input.key(key('Backspace', 'Backspace', 500));
    input.key(key('Digit7', '7', 700));
    expect(input.key(enter(900))).toEqual({ kind: 'typed', text: 'z7' });
  });

  it('forgets the line on Escape', () => {
    const input = createScanInput();
    input.key(key('Digit5', '5', 100));
    input.key(key('Escape', 'Escape', 300));
    expect(input.text()).toBe('');
    expect(input.key(enter(500))).toBeNull();
  });
});

describe('readQuantity', () => {
  it('takes short numbers, with a decimal point or comma, as quantities', () => {
    expect(readQuantity('12')).toBe(12);
    expect(readQuantity(' 2,5 ')).toBe(2.5);
    expect(readQuantity('0')).toBe(0);
    expect(readQuantity('-3')).toBe(-3);
    expect(readQuantity('2000000')).toBe(2_000_000);
  });

  it('leaves codes alone: letters, or eight digits and more (an EAN-8 typed by hand)', () => {
    expect(readQuantity('96385074')).toBeNull();
    expect(readQuantity('A-01')).toBeNull();
    expect(readQuantity('')).toBeNull();
  });
});

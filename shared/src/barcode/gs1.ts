import { aiSpec, isAiPrefix, matchAi } from './gs1-ais';
import type { AiSpec } from './gs1-ais';
import { gs1CheckDigit, gtinCheckDigitValid, gtinForms, normaliseGtin } from './gtin';

// Reading what a scanner sends: a GS1 element string (GS1-128, DataBar, DataMatrix, QR, DotCode),
// its printed human-readable form, or a plain code (EAN/UPC, Code 128, a location label…).

export { gs1CheckDigit, gtinCheckDigitValid } from './gtin';

export type ScanValue =
  | { kind: 'gs1'; gtin: string; lot: string | null; expiry: string | null; serial: string | null; quantity: number | null }
  | { kind: 'code'; code: string; gtin: string | null };
export type ScanResult = { ok: true; value: ScanValue } | { ok: false; error: string };

export interface ParseScanOptions {
  /** The year two-digit GS1 years are read against (GS1's rolling century); defaults to this year. */
  referenceYear?: number;
}

/** A count line's barcode is at most this long (counting.recordLine). */
export const MAX_SCAN_LENGTH = 100;

const GS = '\x1d';
/** AIM symbology identifiers of the GS1 symbologies: GS1-128, DataBar, DataMatrix, QR, DotCode. */
const GS1_SYMBOLOGIES: ReadonlySet<string> = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
const HUMAN_READABLE = /^\(\d{2,4}\)/;
/** GS1 AI encodable character set 82. */
const CHARSET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

const fail = (error: string): ScanResult => ({ ok: false, error });
const show = (text: string) => JSON.stringify(text).replaceAll('\\u001d', '<GS>');

/** Parses one scan; never throws. Errors name the element and what is wrong with it. */
export function parseScan(raw: string, options: ParseScanOptions = {}): ScanResult {
  const referenceYear = options.referenceYear ?? new Date().getFullYear();
  const text = raw.trim();
  if (text === '') return fail('the scan is empty');
  const aim = AIM_PREFIX.exec(text)?.[0] ?? null;
  const body = aim ? text.slice(aim.length) : text;
  if (body === '') return fail(`the scan has nothing after its symbology identifier ${aim}`);
  if (aim && GS1_SYMBOLOGIES.has(aim)) return parseElementString(body, referenceYear);
  if (!aim && body.includes(GS)) return parseElementString(body, referenceYear);
  if (!aim && HUMAN_READABLE.test(body)) return parseHumanReadable(body, referenceYear);
  if (!aim && /^01\d{14}/.test(body) && gtinCheckDigitValid(body.slice(2, 16))) {
    // A GS1-128 read by a scanner that sends no symbology identifier: take it as GS1 if it reads as one.
    const gs1 = parseElementString(body, referenceYear);
    if (gs1.ok) return gs1;
  }
  return parsePlainCode(body, aim);
}

/** The strings to look an item up by: the code as scanned, then the GTIN-14 and its shorter forms. */
export function lookupKeys(scan: ScanValue): string[] {
  const keys = scan.kind === 'code' ? [scan.code] : [];
  if (scan.gtin) keys.push(...gtinForms(scan.gtin));
  return [...new Set(keys)];
}

/** What a count line records as its barcode: the GTIN-14 of a GS1 scan, otherwise the code. */
export function scanCode(scan: ScanValue): string {
  return scan.kind === 'gs1' ? scan.gtin : scan.code;
}

function parseElementString(data: string, referenceYear: number): ScanResult {
  const elements = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    // FNC1 ends a variable element; it is also tolerated after a fixed one and at either end.
    if (data[pos] === GS) { pos++; continue; }
    const spec = matchAi(data.slice(pos, pos + 4));
    if (!spec) {
      const rest = data.slice(pos);
      return fail(isAiPrefix(rest) ? `truncated element at the end: ${show(rest)}` : `unknown application identifier at ${show(rest.slice(0, 4))}`);
    }
    const start = pos + spec.ai.length;
    let value: string;
    if (spec.fixed) {
      value = data.slice(start, start + spec.length);
      const gs = value.indexOf(GS);
      if (gs !== -1) value = value.slice(0, gs);
      if (value.length < spec.length) return fail(`${label(spec)} is truncated: ${spec.length} characters expected, got ${value.length}`);
      pos = start + spec.length;
    } else {
      const end = data.indexOf(GS, start);
      pos = end === -1 ? data.length : end;
      value = data.slice(start, pos);
      if (value.length > spec.length) return fail(`${label(spec)} is longer than ${spec.length} characters: a group separator (FNC1) may be missing`);
    }
    const error = addElement(elements, spec, value, referenceYear);
    if (error) return fail(error);
  }
  return assemble(elements, referenceYear);
}

function parseHumanReadable(text: string, referenceYear: number): ScanResult {
  const parts = text.split(/\((\d{2,4})\)/);
  const elements = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) {
    const ai = parts[i]!;
    const value = parts[i + 1]!.trim();
    const spec = aiSpec(ai);
    if (!spec) return fail(`unknown application identifier (${ai})`);
    if (spec.fixed && value.length !== spec.length) {
      return fail(value.length < spec.length
        ? `${label(spec)} is truncated: ${spec.length} characters expected, got ${value.length}`
        : `${label(spec)} must be ${spec.length} characters, got ${value.length}`);
    }
    if (value.length > spec.length) return fail(`${label(spec)} is longer than ${spec.length} characters`);
    const error = addElement(elements, spec, value, referenceYear);
    if (error) return fail(error);
  }
  return assemble(elements, referenceYear);
}

function addElement(elements: Map<string, string>, spec: AiSpec, value: string, referenceYear: number): string | null {
  const error = checkValue(spec, value, referenceYear);
  if (error) return error;
  if (elements.has(spec.ai)) return `${label(spec)} appears twice`;
  elements.set(spec.ai, value);
  return null;
}

function checkValue(spec: AiSpec, value: string, referenceYear: number): string | null {
  if (value === '') return `${label(spec)} is empty`;
  if (spec.charset === 'X') {
    const bad = [...value].find((ch) => !CHARSET_82.test(ch));
    return bad === undefined ? null : `${label(spec)} has a character GS1 does not allow: ${show(bad)}`;
  }
  if (!/^\d+$/.test(value)) return `${label(spec)} must be digits, got ${show(value)}`;
  if (spec.checkDigit && !gtinCheckDigitValid(value)) {
    return `${label(spec)} ${value} has a bad check digit (expected ${gs1CheckDigit(value.slice(0, -1))})`;
  }
  if (spec.charset === 'D' && gs1Date(value, referenceYear) === null) return `${label(spec)} ${value} is not a valid date (YYMMDD)`;
  return null;
}

function assemble(elements: Map<string, string>, referenceYear: number): ScanResult {
  if (elements.size === 0) return fail('the GS1 barcode has no data');
  const gtin = elements.get('01') ?? elements.get('02');
  if (!gtin) return fail(`the GS1 barcode has no GTIN (AI 01 or 02); it has ${[...elements.keys()].map((ai) => `(${ai})`).join('')}`);
  const expiry = elements.get('17');
  const quantity = elements.get('37') ?? elements.get('30');
  return {
    ok: true,
    value: {
      kind: 'gs1',
      gtin,
      lot: elements.get('10') ?? null,
      expiry: expiry === undefined ? null : gs1Date(expiry, referenceYear),
      serial: elements.get('21') ?? null,
      quantity: quantity === undefined ? null : Number(quantity),
    },
  };
}

function parsePlainCode(code: string, aim: string | null): ScanResult {
  const control = [...code].find((ch) => ch < ' ' || ch === '\x7f');
  if (control !== undefined) return fail(`the scan contains a control character ${show(control)}: check the scanner's prefix and suffix settings`);
  if (code.length > MAX_SCAN_LENGTH) return fail(`the barcode is longer than ${MAX_SCAN_LENGTH} characters`);
  const digits = /^\d+$/.test(code);
  // ]E0 with 8 digits is a UPC-E, whose check digit belongs to its expanded UPC-A: not read as a GTIN here.
  const upcE = aim === ']E0' && code.length === 8;
  const gtin = digits && !upcE ? normaliseGtin(code) : null;
  const eanLength = aim === ']E0' ? [12, 13] : aim === ']E4' ? [8] : [];
  if (gtin === null && digits && eanLength.includes(code.length)) {
    return fail(`the EAN/UPC barcode ${code} has a bad check digit (expected ${gs1CheckDigit(code.slice(0, -1))})`);
  }
  return { ok: true, value: { kind: 'code', code, gtin } };
}

/** A GS1 YYMMDD date as ISO, DD 00 meaning the month's last day; null if it is no date. */
function gs1Date(yymmdd: string, referenceYear: number): string | null {
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  // GS1 General Specifications 7.12: a year more than 50 ahead is last century's, 50 or more behind is next century's.
  const diff = yy - (referenceYear % 100);
  const century = Math.floor(referenceYear / 100) + (diff >= 51 ? -1 : diff <= -50 ? 1 : 0);
  const year = century * 100 + yy;
  if (month < 1 || month > 12) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lastDay = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (day > lastDay) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day === 0 ? lastDay : day)}`;
}

function label(spec: AiSpec): string {
  return `AI (${spec.ai}) ${spec.title}`;
}

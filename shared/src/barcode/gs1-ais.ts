// The GS1 application identifiers we can read (GS1 General Specifications, section 3). A scan may
// carry AIs we do not use (SSCC, dates, weights, internal codes); knowing their lengths lets us
// step over them. An AI missing here is reported as unknown rather than guessed at.

/** N: digits; X: the GS1 82-character set; D: a YYMMDD date (digits, checked as a date). */
export type AiCharset = 'N' | 'X' | 'D';

export interface AiSpec {
  ai: string;
  title: string;
  charset: AiCharset;
  /** Exact length for fixed elements, the maximum for variable ones. */
  length: number;
  fixed: boolean;
  /** Ends with a GS1 mod-10 check digit (SSCC, GTIN, GLN). */
  checkDigit: boolean;
}

// [ai, title, format]: `N14` fixed, `X..20` up to 20, `D6` a date. `n` in an AI is the decimal-point digit 0-9.
const DEFINITIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['00', 'SSCC', 'N18'], ['01', 'GTIN', 'N14'], ['02', 'content GTIN', 'N14'],
  ['10', 'lot', 'X..20'], ['11', 'production date', 'D6'], ['12', 'due date', 'D6'], ['13', 'packaging date', 'D6'],
  ['15', 'best before date', 'D6'], ['16', 'sell by date', 'D6'], ['17', 'expiry date', 'D6'], ['20', 'variant', 'N2'],
  ['21', 'serial', 'X..20'], ['22', 'consumer product variant', 'X..20'], ['235', 'third-party serial', 'X..28'],
  ['240', 'additional product id', 'X..30'], ['241', 'customer part number', 'X..30'], ['242', 'made-to-order variant', 'N..6'],
  ['243', 'packaging component', 'X..20'], ['250', 'secondary serial', 'X..30'], ['251', 'source reference', 'X..30'],
  ['254', 'GLN extension', 'X..20'], ['30', 'count', 'N..8'], ['37', 'count of trade items', 'N..8'],
  ['390n', 'amount payable', 'N..15'], ['391n', 'amount payable with currency', 'N..18'], ['392n', 'amount payable (variable)', 'N..15'],
  ['393n', 'amount payable with currency (variable)', 'N..18'], ['394n', 'coupon discount', 'N4'], ['395n', 'price per unit', 'N6'],
  ['400', 'order number', 'X..30'], ['401', 'consignment number', 'X..30'], ['402', 'shipment id', 'N17'], ['403', 'routing code', 'X..30'],
  ['410', 'ship-to GLN', 'N13'], ['411', 'bill-to GLN', 'N13'], ['412', 'purchased-from GLN', 'N13'], ['413', 'ship-for GLN', 'N13'],
  ['414', 'location GLN', 'N13'], ['415', 'invoicing party GLN', 'N13'], ['416', 'production GLN', 'N13'], ['417', 'party GLN', 'N13'],
  ['420', 'ship-to postal code', 'X..20'], ['421', 'ship-to postal code with country', 'X..12'], ['422', 'country of origin', 'N3'],
  ['423', 'country of initial processing', 'N..15'], ['424', 'country of processing', 'N3'], ['425', 'country of disassembly', 'N..15'],
  ['426', 'country of full process', 'N3'], ['7001', 'NATO stock number', 'N13'], ['7002', 'carcass classification', 'X..30'],
  ['7003', 'expiry date and time', 'N10'], ['7004', 'active potency', 'N..4'], ['7005', 'catch area', 'X..12'], ['7006', 'first freeze date', 'D6'],
  ['7007', 'harvest date', 'N..12'], ['7008', 'aquatic species', 'X..3'], ['7009', 'fishing gear', 'X..10'], ['7010', 'production method', 'X..2'],
  ['8001', 'roll dimensions', 'N14'], ['8002', 'mobile phone id', 'X..20'], ['8003', 'returnable asset id', 'X..30'],
  ['8004', 'individual asset id', 'X..30'], ['8005', 'price per unit of measure', 'N6'], ['8006', 'component id', 'N18'],
  ['8007', 'IBAN', 'X..34'], ['8008', 'production date and time', 'N..12'], ['8012', 'software version', 'X..20'],
  ['8020', 'payment slip reference', 'X..25'], ['8200', 'product URL', 'X..70'], ['90', 'mutually agreed data', 'X..30'],
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'].map((ai) => [ai, 'company internal data', 'X..90'] as const),
];

const CHECK_DIGIT_AIS: ReadonlySet<string> = new Set(['00', '01', '02', '410', '411', '412', '413', '414', '415', '416', '417']);

function buildTable(): Map<string, AiSpec> {
  const table = new Map<string, AiSpec>();
  const add = (ai: string, title: string, format: string) => {
    const match = /^([NXD])(\.\.)?(\d+)$/.exec(format);
    if (!match) throw new Error(`bad AI format ${format}`);
    table.set(ai, { ai, title, charset: match[1] as AiCharset, length: Number(match[3]), fixed: !match[2], checkDigit: CHECK_DIGIT_AIS.has(ai) });
  };
  for (const [ai, title, format] of DEFINITIONS) {
    if (ai.endsWith('n')) for (let d = 0; d <= 9; d++) add(`${ai.slice(0, 3)}${d}`, title, format);
    else add(ai, title, format);
  }
  // Trade measures (310n–369n: net weight, length, area, volume…) are all six digits.
  for (let prefix = 310; prefix <= 369; prefix++) {
    for (let d = 0; d <= 9; d++) add(`${prefix}${d}`, 'trade measure', 'N6');
  }
  return table;
}

const TABLE = buildTable();

/** The AI that `data` starts with (AIs are prefix-free, so the first 2-, 3- or 4-digit match wins). */
export function matchAi(data: string): AiSpec | null {
  for (let length = 2; length <= 4; length++) {
    const spec = TABLE.get(data.slice(0, length));
    if (spec) return spec;
  }
  return null;
}

/** The AI spec by its number, e.g. '17'. */
export function aiSpec(ai: string): AiSpec | undefined {
  return TABLE.get(ai);
}

/** True when `data` is the start of an AI (or a single character): what a cut-off scan leaves. */
export function isAiPrefix(data: string): boolean {
  if (data.length < 2) return true;
  for (const ai of TABLE.keys()) if (ai.length > data.length && ai.startsWith(data)) return true;
  return false;
}

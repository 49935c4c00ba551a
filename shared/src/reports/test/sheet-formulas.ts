import type ExcelJS from 'exceljs';

// A small spreadsheet calculator for tests: it recomputes a cell's formula from the sheet's own
// cells (numbers, blanks as 0, other formulas recomputed in turn, never their cached results),
// with + − × ÷, unary minus, parentheses, A1 references and SUM over ranges. Enough to prove that
// the formulas we write compute the figures we cache.

type Token = { kind: 'num'; value: number } | { kind: 'ref'; col: number; row: number } | { kind: 'op'; value: string } | { kind: 'fn'; name: string };

function columnNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|\$?([A-Z]{1,3})\$?(\d+)|([A-Z]+)\(|([-+*/():]))/y;
  let at = 0;
  while (at < formula.length) {
    re.lastIndex = at;
    const m = re.exec(formula);
    if (!m) {
      if (/^\s*$/.test(formula.slice(at))) break;
      throw new Error(`cannot read the formula ${formula} at ${at}`);
    }
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'ref', col: columnNumber(m[2]), row: Number(m[3]) });
    else if (m[4] !== undefined) tokens.push({ kind: 'fn', name: m[4] });
    else tokens.push({ kind: 'op', value: m[5]! });
    at = re.lastIndex;
  }
  return tokens;
}

export function evaluateCell(sheet: ExcelJS.Worksheet, address: string, seen = new Set<string>()): number {
  if (seen.has(address)) throw new Error(`circular reference at ${address}`);
  const value = sheet.getCell(address).value;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && 'formula' in value && value.formula) return evaluateFormula(sheet, value.formula, new Set([...seen, address]));
  throw new Error(`${address} holds ${JSON.stringify(value)}, not a number`);
}

export function evaluateFormula(sheet: ExcelJS.Worksheet, formula: string, seen = new Set<string>()): number {
  const tokens = tokenize(formula);
  let i = 0;
  const peek = () => tokens[i];
  const cell = (t: { col: number; row: number }) => evaluateCell(sheet, sheet.getCell(t.row, t.col).address, seen);
  const primary = (): number => {
    const t = tokens[i++];
    if (!t) throw new Error(`unexpected end of ${formula}`);
    if (t.kind === 'num') return t.value;
    if (t.kind === 'ref') return cell(t);
    if (t.kind === 'op' && t.value === '-') return -primary();
    if (t.kind === 'op' && t.value === '(') {
      const v = sum();
      if ((tokens[i++] as { value?: string } | undefined)?.value !== ')') throw new Error(`missing ) in ${formula}`);
      return v;
    }
    if (t.kind === 'fn' && t.name === 'SUM') {
      const from = tokens[i++], colon = tokens[i++], to = tokens[i++], close = tokens[i++];
      if (from?.kind !== 'ref' || to?.kind !== 'ref' || (colon as { value?: string }).value !== ':' || (close as { value?: string }).value !== ')') throw new Error(`SUM needs a range in ${formula}`);
      let total = 0;
      for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) total += cell({ row: r, col: c });
      return total;
    }
    throw new Error(`unexpected ${JSON.stringify(t)} in ${formula}`);
  };
  const product = (): number => {
    let v = primary();
    for (let t = peek(); t?.kind === 'op' && (t.value === '*' || t.value === '/'); t = peek()) {
      i++;
      const rhs = primary();
      v = t.value === '*' ? v * rhs : v / rhs;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    for (let t = peek(); t?.kind === 'op' && (t.value === '+' || t.value === '-'); t = peek()) {
      i++;
      const rhs = product();
      v = t.value === '+' ? v + rhs : v - rhs;
    }
    return v;
  };
  const result = sum();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${formula}`);
  return result;
}

/** Every formula cell of the sheet: its address, formula, cached result and what it recomputes to. */
export function formulaCells(sheet: ExcelJS.Worksheet): { address: string; formula: string; cached: unknown; computed: number }[] {
  const out: { address: string; formula: string; cached: unknown; computed: number }[] = [];
  sheet.eachRow((row) => row.eachCell((c) => {
    const v = c.value;
    if (v && typeof v === 'object' && 'formula' in v && v.formula) out.push({ address: c.address, formula: v.formula, cached: (v as { result?: unknown }).result, computed: evaluateFormula(sheet, v.formula, new Set([c.address])) });
  }));
  return out;
}

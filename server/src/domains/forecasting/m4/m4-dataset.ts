import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One M4 series: its training history and the values it was scored on. */
export interface M4Series {
  id: string;
  train: number[];
  test: number[];
}

/** The organisers' wide CSV: a quoted header, then one series a row, empty cells after its end. */
export function parseM4Wide(text: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    const values: number[] = [];
    for (let c = 1; c < cells.length && cells[c] !== ''; c++) {
      const value = Number(cells[c]);
      if (!Number.isFinite(value)) throw new Error(`M4 file line ${i + 1}: "${cells[c]}" is not a number`);
      values.push(value);
    }
    rows.set(cells[0]!, values);
  }
  return rows;
}

/** Reads `<dir>/<Frequency>-train.csv` and `-test.csv`, in the files' order. */
export async function loadM4(dir: string, frequency = 'Weekly'): Promise<M4Series[]> {
  const [train, test] = await Promise.all([
    readFile(join(dir, `${frequency}-train.csv`), 'utf8').then(parseM4Wide),
    readFile(join(dir, `${frequency}-test.csv`), 'utf8').then(parseM4Wide),
  ]);
  return [...train].map(([id, values]) => {
    const actual = test.get(id);
    if (!actual) throw new Error(`M4 ${frequency}: ${id} has no test values`);
    return { id, train: values, test: actual };
  });
}

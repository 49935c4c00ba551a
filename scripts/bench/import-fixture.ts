import { createWriteStream } from 'node:fs';

const TYPES = ['raw', 'component', 'finished'] as const;
const UNITS = ['ea', 'kg', 'm', 'l'] as const;

/** Row `n` (1-based) of the bench's items file: the same on every run. */
export function benchItemLine(n: number): string {
  const sku = `BI-${String(n).padStart(6, '0')}`;
  const name = n % 11 === 0 ? `"Bench item ${n}, ${n % 7 === 0 ? 'stainless' : 'zinc'}"` : `Bench item ${n} ${n % 7 === 0 ? 'stainless' : 'zinc'} fastener`;
  const cost = `${Math.floor((n * 37) % 9_000 / 100)}.${String((n * 13) % 100).padStart(2, '0')}`;
  return `${sku},${name},${TYPES[n % 3]},${UNITS[n % 4]},${cost},Category ${n % 40},${n % 50},${n % 20},${3 + (n % 30)}`;
}

/** Writes a deterministic items CSV of `rows` rows, streamed (it never sits whole in memory). */
export async function writeBenchItemsCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('sku,name,type,unit,cost,category,reorder_point,safety_stock,lead_time_days\n');
  for (let n = 1; n <= rows; n++) {
    if (!out.write(`${benchItemLine(n)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

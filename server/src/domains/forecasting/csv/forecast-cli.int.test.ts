import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
const entry = new URL('../../../cli/forecast-main.ts', import.meta.url).pathname;

function forecast(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('npm run forecast', () => {
  it('writes series_id,h,yhat,lo95,hi95 for every series and step, progress on stderr', () => {
    const rows = ['series_id,ds,y'];
    for (let t = 0; t < 80; t++) {
      rows.push(`up,${t},${100 + 2 * t + (t % 3)}`);
      rows.push(`flat,${t},${50 + ((t * 7) % 5)}`);
    }
    const input = join(dir, 'in.csv'), output = join(dir, 'out.csv');
    writeFileSync(input, rows.join('\n'));
    const run = forecast('--input', input, '--horizon', '4', '--season-length', '1', '--output', output);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/wrote 8 forecasts for 2 series/);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('series_id,h,yhat,lo95,hi95');
    expect(lines.map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['series_id,h', 'up,1', 'up,2', 'up,3', 'up,4', 'flat,1', 'flat,2', 'flat,3', 'flat,4']);
    for (const line of lines.slice(1)) {
      const [, , yhat, lo, hi] = line.split(',').map(Number);
      expect(lo!).toBeLessThanOrEqual(yhat!);
      expect(hi!).toBeGreaterThanOrEqual(yhat!);
    }
    const up1 = lines[1]!.split(',').map(Number);
    expect(up1[2]!).toBeGreaterThan(255);
  });

  it('exits 2 naming the bad row, and writes nothing', () => {
    const input = join(dir, 'bad.csv'), output = join(dir, 'never.csv');
    writeFileSync(input, 'series_id,ds,y\na,1,1\na,2,NaN\n');
    const run = forecast('--input', input, '--horizon', '3', '--output', output);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/row 3: y "NaN" is not a number \(series a, ds 2\)/);
    expect(() => readFileSync(output)).toThrow();
  });

  it('explains a missing or bad option', () => {
    const run = forecast('--input', 'x.csv', '--horizon', 'soon', '--output', 'y.csv');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--horizon must be a whole number/);
    expect(run.stderr).toMatch(/usage: npm run forecast/);
  });
});

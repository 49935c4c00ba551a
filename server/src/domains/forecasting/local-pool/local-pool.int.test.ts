import { describe, expect, it } from 'vitest';
import { forecastPanel } from '@capliquify/shared/forecasting/panel';
import { productLocalModels } from '../forecast-models';
import { createLocalPool } from './local-pool';

describe('local model pool', () => {
  it('gives the same panel on worker threads as in-thread, in the series order', async () => {
    const series = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, y: Array.from({ length: 60 }, (_, t) => 10 + i + ((t * (i + 3)) % 7)) }));
    const models = productLocalModels();
    const options = { horizon: 6, seasonLength: 1, seed: 3, models };
    const pool = createLocalPool(models.map((m) => m.name), 6, { seasonLength: 1, seed: 3 }, 2);
    try {
      const progress: number[] = [];
      const pooled = await forecastPanel(series, { ...options, runLocal: pool.runner, onProgress: (done) => progress.push(done) });
      const inThread = await forecastPanel(series, options);
      expect(pooled).toEqual(inThread);
      expect(progress.at(-1)).toBe(30);
    } finally {
      await pool.close();
    }
  });

  it('refuses a model name it does not know', async () => {
    const pool = createLocalPool(['no-such-model'], 3, { seasonLength: 1, seed: 1 }, 1);
    try {
      await expect(pool.runner([{ y: [1, 2, 3], origins: [] }], () => {})).rejects.toThrow(/unknown forecasting model "no-such-model"/);
    } finally {
      await pool.close();
    }
  });
});

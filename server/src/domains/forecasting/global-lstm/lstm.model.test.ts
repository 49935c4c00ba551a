import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '@capliquify/shared/forecasting/prophet/prng';
import { createLstmModel, type LstmOptions } from './lstm.model';
import { readyTf } from './tf-backend';

// A tiny network and few epochs: these tests are about behaviour, not accuracy.
const small: Partial<LstmOptions> = {
  units: 8, batchSize: 32, windowsPerEpoch: 256, maxEpochs: 12, warmEpochs: 2, patience: 4, learningRate: 0.01, lookback: 1, minInput: 4,
};
const horizon = 8;
const ctx = { seasonLength: 8, seed: 5 };

/** Noisy series sharing one 8-step seasonal shape, at scales from 1 to 1,000. */
function seasonalPanel(count: number, length: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const scale = 10 ** (3 * (i / (count - 1)));
    const phase = Math.floor(rng.uniform() * 8);
    return Array.from({ length }, (_, t) => scale * (1 + 0.5 * Math.sin((2 * Math.PI * (t + phase)) / 8) + 0.05 * rng.normal()));
  });
}

/** Mean absolute error relative to each series' level, so every scale counts the same. */
function relativeError(forecasts: number[][], actuals: number[][]): number {
  let sum = 0;
  forecasts.forEach((f, i) => {
    const level = actuals[i]!.reduce((a, b) => a + Math.abs(b), 0) / horizon;
    f.forEach((v, h) => (sum += Math.abs(v - actuals[i]![h]!) / level));
  });
  return sum / (forecasts.length * horizon);
}

// Training is slow on a loaded 2-core machine; this is a limit, not a measurement.
describe('global LSTM', { timeout: 60_000 }, () => {
  it('learns a seasonal shape shared by series of very different scales, beating naive', async () => {
    const panel = seasonalPanel(40, 72, 1);
    const histories = panel.map((y) => y.slice(0, -horizon));
    const actuals = panel.map((y) => y.slice(-horizon));
    const trained = await createLstmModel(small).train(histories, horizon, ctx);
    const forecasts = await trained.forecast(histories);
    trained.dispose();
    const naive = histories.map((y) => Array.from({ length: horizon }, () => y[y.length - 1]!));
    const lstmError = relativeError(forecasts, actuals);
    expect(lstmError).toBeLessThan(0.3 * relativeError(naive, actuals));
  });

  it('gives the same forecasts for the same seed, and others for another', async () => {
    const histories = seasonalPanel(12, 40, 2);
    const model = createLstmModel({ ...small, maxEpochs: 2 });
    const run = async (seed: number): Promise<number[][]> => {
      const trained = await model.train(histories, horizon, { ...ctx, seed });
      const forecasts = await trained.forecast(histories);
      trained.dispose();
      return forecasts;
    };
    const first = await run(1);
    expect(await run(1)).toEqual(first);
    expect(await run(2)).not.toEqual(first);
  });

  it('warm-starts from the previous model\'s weights, which keep working after it is disposed', async () => {
    const panel = seasonalPanel(30, 64, 3);
    const earlier = panel.map((y) => y.slice(0, -2 * horizon));
    const histories = panel.map((y) => y.slice(0, -horizon));
    const actuals = panel.map((y) => y.slice(-horizon));
    const previous = await createLstmModel(small).train(earlier, horizon, ctx);
    const previousForecasts = await previous.forecast(histories);

    // With no warm epochs the new model is the previous one.
    const copy = await createLstmModel({ ...small, warmEpochs: 0 }).train(histories, horizon, ctx, previous);
    const warm = await createLstmModel(small).train(histories, horizon, ctx, previous);
    previous.dispose();
    expect(await copy.forecast(histories)).toEqual(previousForecasts);

    // Two epochs from the previous weights beat two epochs from scratch.
    const cold = await createLstmModel({ ...small, maxEpochs: 2 }).train(histories, horizon, ctx);
    expect(relativeError(await warm.forecast(histories), actuals)).toBeLessThan(relativeError(await cold.forecast(histories), actuals));
    for (const model of [copy, warm, cold]) model.dispose();
  });

  it('trains from scratch when the previous model was for another horizon', async () => {
    const histories = seasonalPanel(10, 40, 4);
    const previous = await createLstmModel({ ...small, maxEpochs: 1 }).train(histories, 4, ctx);
    const trained = await createLstmModel({ ...small, maxEpochs: 1 }).train(histories, horizon, ctx, previous);
    const forecasts = await trained.forecast(histories);
    expect(forecasts.every((f) => f.length === horizon)).toBe(true);
    previous.dispose();
    trained.dispose();
  });

  it('always forecasts finite numbers: short, empty, flat-zero and broken histories', async () => {
    const trained = await createLstmModel({ ...small, maxEpochs: 2 }).train(seasonalPanel(10, 40, 5), horizon, ctx);
    const forecasts = await trained.forecast([[], [7], [0, 0, 0, 0], [3, Number.NaN, 4], [5, -2, 8, 1, 0, 3], Array.from({ length: 200 }, () => 1e9)]);
    trained.dispose();
    expect(forecasts).toHaveLength(6);
    for (const f of forecasts) {
      expect(f).toHaveLength(horizon);
      expect(f.every(Number.isFinite)).toBe(true);
    }
    expect(forecasts[0]).toEqual(Array.from({ length: horizon }, () => 0));
    // Non-negative histories get non-negative forecasts.
    expect(forecasts[2]!.every((v) => v >= 0)).toBe(true);
  });

  it('is not poisoned by missing values in the training histories', async () => {
    const histories = seasonalPanel(10, 40, 7);
    histories[3]![20] = Number.NaN;
    histories[4]![39] = Number.POSITIVE_INFINITY;
    const trained = await createLstmModel({ ...small, maxEpochs: 2 }).train(histories, horizon, ctx);
    const forecasts = await trained.forecast(histories);
    trained.dispose();
    expect(forecasts.flat().every(Number.isFinite)).toBe(true);
  });

  it('forecasts the last value when no history is long enough to learn from', async () => {
    const trained = await createLstmModel(small).train([[1, 2, 3], [4, 5]], horizon, ctx);
    expect(await trained.forecast([[1, 2, 3], [4, 5]])).toEqual([Array(horizon).fill(3), Array(horizon).fill(5)]);
    trained.dispose();
  });

  it('leaves no tensors behind once its models are disposed', async () => {
    await readyTf();
    const histories = seasonalPanel(10, 40, 6);
    const baseline = tf.memory().numTensors;
    const model = createLstmModel({ ...small, maxEpochs: 2 });
    const first = await model.train(histories.map((y) => y.slice(0, -horizon)), horizon, ctx);
    await first.forecast(histories);
    const second = await model.train(histories, horizon, ctx, first);
    first.dispose();
    await second.forecast(histories);
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    second.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

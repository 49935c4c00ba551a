/**
 * Training the global network: windows sampled from every series with a seeded generator, Adam
 * on the mean absolute error of the scaled targets, early stopping on each series' last window.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '@capliquify/shared/forecasting/prophet/prng';
import { createParams, disposeParams, forward, readWeights, type NetworkParams, type NetworkSize, type NetworkWeights } from './lstm-network';
import { inputLength, originRange, scaledInput, toScaled, type WindowShape } from './lstm-windows';

export interface TrainSettings {
  readonly units: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly maxEpochs: number;
  /** Epochs without a better validation error before stopping. */
  readonly patience: number;
  readonly windowsPerEpoch: number;
  /** Series whose last window is held out for early stopping, at most. */
  readonly maxValidation: number;
  /** Only the most recent origins of a long series are sampled: old years say little about next quarter. */
  readonly recentOrigins: number;
  /** Real values a window needs before its origin (the rest is padding). */
  readonly minInput: number;
  /** Called after each epoch (for logs and measurements). */
  readonly onEpoch?: (epoch: number, validationError: number) => void;
}

/** Windows as flat arrays, ready to become [count, steps, patch] and [count, horizon] tensors. */
export interface WindowBatch {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

function windowsAt(picks: readonly { y: readonly number[]; origin: number }[], shape: WindowShape): WindowBatch {
  const length = inputLength(shape);
  const x = new Float32Array(picks.length * length);
  const y = new Float32Array(picks.length * shape.horizon);
  picks.forEach((pick, k) => {
    const { values, level } = scaledInput(pick.y, pick.origin, shape);
    x.set(values, k * length);
    for (let h = 0; h < shape.horizon; h++) y[k * shape.horizon + h] = toScaled(pick.y[pick.origin + h]!, level, shape.gain);
  });
  return { count: picks.length, x, y };
}

interface Sampler {
  readonly series: readonly { y: readonly number[]; from: number; to: number }[];
}

/**
 * Every series' training origins, its last `horizon` values kept back when they are its
 * validation window, and its validation window if it has one.
 */
export function splitWindows(histories: readonly (readonly number[])[], shape: WindowShape, settings: TrainSettings): { sampler: Sampler; validation: WindowBatch } {
  const series: { y: readonly number[]; from: number; to: number }[] = [];
  const validationCandidates: { y: readonly number[]; origin: number }[] = [];
  for (const y of histories) {
    const validOrigin = y.length - shape.horizon;
    const holdOut = validOrigin >= Math.max(1, settings.minInput);
    if (holdOut) validationCandidates.push({ y, origin: validOrigin });
    const range = originRange(y.length, shape, settings.minInput, holdOut ? validOrigin : y.length);
    if (range) series.push({ y, from: Math.max(range.from, range.to - settings.recentOrigins + 1), to: range.to });
  }
  // An even spread of series, not the first ones, when there are more than we validate on.
  const stride = Math.max(1, validationCandidates.length / settings.maxValidation);
  const validation: { y: readonly number[]; origin: number }[] = [];
  for (let k = 0; k < validationCandidates.length && validation.length < settings.maxValidation; k += stride) {
    validation.push(validationCandidates[Math.floor(k)]!);
  }
  return { sampler: { series }, validation: windowsAt(validation, shape) };
}

/** A series uniformly, then an origin uniformly within its range: long series do not crowd out short ones. */
export function sampleWindows(sampler: Sampler, shape: WindowShape, count: number, rng: Rng): WindowBatch {
  const picks = Array.from({ length: count }, () => {
    const s = sampler.series[Math.floor(rng.uniform() * sampler.series.length)]!;
    return { y: s.y, origin: s.from + Math.floor(rng.uniform() * (s.to - s.from + 1)) };
  });
  return windowsAt(picks, shape);
}

function batchTensors(batch: WindowBatch, shape: WindowShape, start: number, end: number): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const length = inputLength(shape);
  return {
    x: tf.tensor3d(batch.x.subarray(start * length, end * length), [end - start, shape.steps, shape.patch]),
    y: tf.tensor2d(batch.y.subarray(start * shape.horizon, end * shape.horizon), [end - start, shape.horizon]),
  };
}

function meanAbsoluteError(params: NetworkParams, batch: WindowBatch, shape: WindowShape, units: number): number {
  let sum = 0;
  const chunk = 2048;
  for (let start = 0; start < batch.count; start += chunk) {
    const end = Math.min(batch.count, start + chunk);
    sum += tf.tidy(() => {
      const { x, y } = batchTensors(batch, shape, start, end);
      return tf.sum(tf.abs(tf.sub(forward(params, x, units), y))).dataSync()[0]!;
    });
  }
  return sum / Math.max(1, batch.count * shape.horizon);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface TrainResult {
  readonly weights: NetworkWeights;
  readonly epochs: number;
  /** Validation error of the kept weights (NaN without validation windows). */
  readonly validationError: number;
}

/**
 * Trains from `start` for up to `maxEpochs`, keeping the weights with the best validation error
 * (`start` itself included, so a warm start never comes out worse on validation than it went in).
 * Returns undefined when the histories hold no window to learn from.
 */
export async function trainNetwork(
  histories: readonly (readonly number[])[], shape: WindowShape, size: NetworkSize, start: NetworkWeights, settings: TrainSettings, maxEpochs: number, seed: number,
): Promise<TrainResult | undefined> {
  const { sampler, validation } = splitWindows(histories, shape, settings);
  if (sampler.series.length === 0) return undefined;
  const rng = createRng(seed);
  const params = createParams(size, start);
  const optimizer = tf.train.adam(settings.learningRate);
  const validate = validation.count > 0;
  let best = { weights: start, error: validate ? meanAbsoluteError(params, validation, shape, size.units) : Number.NaN, epoch: 0 };
  let epochs = 0;
  try {
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      const windows = sampleWindows(sampler, shape, settings.windowsPerEpoch, rng);
      for (let from = 0; from < windows.count; from += settings.batchSize) {
        const to = Math.min(windows.count, from + settings.batchSize);
        tf.tidy(() => {
          const { x, y } = batchTensors(windows, shape, from, to);
          optimizer.minimize(() => tf.mean(tf.abs(tf.sub(forward(params, x, size.units), y))) as tf.Scalar);
        });
      }
      epochs = epoch;
      await nextTurn();
      if (!validate) continue;
      const error = meanAbsoluteError(params, validation, shape, size.units);
      settings.onEpoch?.(epoch, error);
      if (error < best.error) best = { weights: readWeights(params), error, epoch };
      else if (epoch - best.epoch >= settings.patience) break;
    }
    if (!validate) best = { ...best, weights: readWeights(params) };
    return { weights: best.weights, epochs, validationError: best.error };
  } finally {
    optimizer.dispose();
    disposeParams(params);
  }
}

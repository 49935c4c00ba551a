/**
 * The global LSTM (`lstm`): one small network trained across every series, forecasting all
 * horizon steps at once from each series' scaled recent window. Its strength is what the local
 * models cannot do: learn shapes (seasonal dips, ramps after a launch) from the whole catalogue.
 */
import * as tf from '@tensorflow/tfjs';
import type { GlobalModel, TrainedGlobalModel } from '@capliquify/shared/forecasting/model';
import { createParamsConst, forward, initialWeights, type NetworkSize, type NetworkWeights } from './lstm-network';
import { trainNetwork, type TrainSettings } from './lstm-train';
import { cleanHistory, fromScaled, inputLength, scaledInput, windowShape, type WindowShape } from './lstm-windows';
import { readyTf } from './tf-backend';

export interface LstmOptions extends TrainSettings {
  /** Input window as a multiple of the horizon (before the cap). */
  readonly lookback: number;
  /** Longest input window. */
  readonly maxInput: number;
  /** Most LSTM steps: a longer window comes in longer patches. */
  readonly maxSteps: number;
  /** The window's last values whose mean sets its scale (and what a zero output forecasts). */
  readonly levelPoints: number;
  /** Scale of the network's inputs and targets (see WindowShape.gain). */
  readonly gain: number;
  /** Epochs when warm-starting from a previous model. */
  readonly warmEpochs: number;
}

/**
 * Chosen on two validation folds cut from M4 Weekly's training data (never its test part) and on
 * the demo catalogue's last quarter: a year of weeks in (for a 13-week horizon) as 4 patches of a
 * quarter (fewer, longer steps were both more accurate and faster than 8 or 16), log-ratios × 10,
 * 64 units; at most 12 epochs (then 4 when warm) of 4,096 windows, which bounds the time whatever
 * the number of series.
 */
export const DEFAULT_LSTM_OPTIONS: LstmOptions = {
  lookback: 4,
  maxInput: 104,
  maxSteps: 4,
  levelPoints: 4,
  gain: 10,
  units: 64,
  batchSize: 128,
  learningRate: 3e-3,
  maxEpochs: 12,
  warmEpochs: 4,
  patience: 4,
  windowsPerEpoch: 4096,
  maxValidation: 1024,
  recentOrigins: 520,
  minInput: 13,
};

/** Series forecast per network call: bounds the memory of one forward pass. */
const FORECAST_CHUNK = 2048;

class TrainedLstm implements TrainedGlobalModel {
  private params: ReturnType<typeof createParamsConst> | undefined;

  constructor(
    readonly shape: WindowShape,
    readonly size: NetworkSize,
    /** Undefined when there was nothing to learn from: forecasts are then the last value. */
    readonly weights: NetworkWeights | undefined,
  ) {
    this.params = weights ? createParamsConst(size, weights) : undefined;
  }

  async forecast(histories: readonly (readonly number[])[]): Promise<number[][]> {
    await readyTf();
    const results: number[][] = [];
    for (let start = 0; start < histories.length; start += FORECAST_CHUNK) {
      results.push(...this.forecastChunk(histories.slice(start, start + FORECAST_CHUNK)));
    }
    return results;
  }

  private forecastChunk(raw: readonly (readonly number[])[]): number[][] {
    const { shape } = this;
    const histories = raw.map(cleanHistory);
    const length = inputLength(shape);
    const inputs = histories.map((y) => scaledInput(y, y.length, shape));
    let outputs: Float32Array | undefined;
    if (this.params && histories.length > 0) {
      const params = this.params;
      const x = new Float32Array(histories.length * length);
      inputs.forEach((input, k) => x.set(input.values, k * length));
      outputs = tf.tidy(() => forward(params, tf.tensor3d(x, [histories.length, shape.steps, shape.patch]), this.size.units).dataSync() as Float32Array);
    }
    return histories.map((y, k) => {
      const last = y.length > 0 ? y[y.length - 1]! : 0;
      const nonNegative = y.every((v) => v >= 0);
      return Array.from({ length: shape.horizon }, (_, h) => {
        if (!outputs || y.length === 0) return Number.isFinite(last) ? last : 0;
        const value = fromScaled(outputs[k * shape.horizon + h]!, inputs[k]!.level, shape.gain);
        if (!Number.isFinite(value)) return Number.isFinite(last) ? last : 0;
        return nonNegative ? Math.max(0, value) : value;
      });
    });
  }

  dispose(): void {
    if (!this.params) return;
    for (const tensor of Object.values(this.params)) tensor.dispose();
    this.params = undefined;
  }
}

function sameNetwork(a: TrainedLstm, shape: WindowShape, size: NetworkSize): boolean {
  return JSON.stringify([a.shape, a.size]) === JSON.stringify([shape, size]);
}

export function createLstmModel(overrides: Partial<LstmOptions> = {}): GlobalModel {
  const options = { ...DEFAULT_LSTM_OPTIONS, ...overrides };
  return {
    name: 'lstm',
    async train(histories, horizon, ctx, previous) {
      await readyTf();
      const shape = windowShape(horizon, options.lookback, options.maxInput, options.levelPoints, options.gain, options.maxSteps);
      const size: NetworkSize = { inputs: shape.patch, units: options.units, outputs: horizon };
      const warm = previous instanceof TrainedLstm && previous.weights && sameNetwork(previous, shape, size) ? previous.weights : undefined;
      const start = warm ?? initialWeights(size, ctx.seed);
      const epochs = warm ? options.warmEpochs : options.maxEpochs;
      const result = await trainNetwork(histories.map(cleanHistory), shape, size, start, options, epochs, ctx.seed + (warm ? 1 : 0));
      return new TrainedLstm(shape, size, result?.weights ?? warm);
    },
  };
}

/** The ensemble's global network with the defaults measured on M4 Weekly. */
export const lstmModel: GlobalModel = createLstmModel();

/**
 * How the global LSTM sees a series: windows of its last `inputLength` values, each divided by its
 * own recent level and log-compressed, so that series whose scales differ by 1000× (and the same
 * series before and after it grew) look alike to one network. Pure functions, no TensorFlow.
 */

/** The shapes of a network's inputs and outputs for one horizon. */
export interface WindowShape {
  readonly horizon: number;
  /** Values per input step: the window enters the LSTM in patches, which keeps its loop short. */
  readonly patch: number;
  /** LSTM steps; inputLength = patch × steps. */
  readonly steps: number;
  /** How many of the window's last values set its level. */
  readonly levelPoints: number;
  /** Multiplies the log-ratios so that week-to-week changes of a few percent are not ~0.01. */
  readonly gain: number;
}

export const inputLength = (shape: WindowShape): number => shape.patch * shape.steps;

/**
 * A window of about `lookback` × horizon values (capped at `maxInput`), cut into at most `maxSteps`
 * patches (training time grows with the steps), its level set by the mean of its last
 * `levelPoints` values.
 */
export function windowShape(horizon: number, lookback: number, maxInput: number, levelPoints: number, gain = 1, maxSteps = 4): WindowShape {
  const wanted = Math.max(1, Math.min(maxInput, Math.round(lookback * horizon)));
  const patch = Math.ceil(wanted / maxSteps);
  const steps = Math.ceil(wanted / patch);
  return { horizon, patch, steps, levelPoints: Math.max(1, Math.min(patch * steps, levelPoints)), gain };
}

/** Missing or non-finite values carry the last good value forward (0 before any): one NaN would poison a whole training. */
export function cleanHistory(y: readonly number[]): number[] {
  let last = 0;
  return y.map((v) => (Number.isFinite(v) ? (last = v) : last));
}

/**
 * The `length` values before `origin`; positions before the series starts repeat its first value.
 */
export function inputWindow(y: readonly number[], origin: number, length: number): number[] {
  const window = new Array<number>(length);
  const first = y.length > 0 ? y[0]! : 0;
  for (let k = 0; k < length; k++) {
    const t = origin - length + k;
    window[k] = t < 0 ? first : y[t]!;
  }
  return window;
}

/** The window's scale: mean absolute value of its last values, else of all of it, else 1. */
export function windowLevel(window: readonly number[], levelPoints: number): number {
  const meanAbs = (from: number): number => {
    let sum = 0;
    for (let k = from; k < window.length; k++) sum += Math.abs(window[k]!);
    return sum / Math.max(1, window.length - from);
  };
  const recent = meanAbs(Math.max(0, window.length - levelPoints));
  if (recent > 0 && Number.isFinite(recent)) return recent;
  const all = meanAbs(0);
  return all > 0 && Number.isFinite(all) ? all : 1;
}

const LN2 = Math.LN2;
/** Outputs beyond e^±12 of the level are not forecasts but a diverged network. */
const MAX_SCALED = 12;

/**
 * Value ÷ level, log-compressed with its sign kept (returns can make demand negative) and shifted
 * so that "equal to the level" is 0: a network outputting zeros forecasts the recent level.
 */
export function toScaled(value: number, level: number, gain = 1): number {
  const r = value / level;
  return gain * (Math.sign(r) * Math.log1p(Math.abs(r)) - LN2);
}

export function fromScaled(scaled: number, level: number, gain = 1): number {
  const s = Math.max(-MAX_SCALED, Math.min(MAX_SCALED, scaled / gain)) + LN2;
  return level * Math.sign(s) * Math.expm1(Math.abs(s));
}

/** One scaled input window (length inputLength) and its level. */
export function scaledInput(y: readonly number[], origin: number, shape: WindowShape): { values: number[]; level: number } {
  const window = inputWindow(y, origin, inputLength(shape));
  const level = windowLevel(window, shape.levelPoints);
  return { values: window.map((v) => toScaled(v, level, shape.gain)), level };
}

/**
 * Origins a series can train from: targets wholly inside the history (ending at or before `end`),
 * with at least `minInput` real values before the origin.
 */
export function originRange(length: number, shape: WindowShape, minInput: number, end = length): { from: number; to: number } | undefined {
  const from = Math.max(1, minInput);
  const to = Math.min(length, end) - shape.horizon;
  return to >= from ? { from, to } : undefined;
}

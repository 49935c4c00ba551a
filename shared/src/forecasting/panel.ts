import type { DemandClass, ForecastAccuracy } from '../domain/forecast.schema';
import { backtestOrigins, runLocalModels, type LocalRun, type LocalTask } from './backtest';
import { backtestScore, combinationWeights, combine, DEFAULT_COMBINE_RULE, type CombineRule } from './combine';
import { calibrateBands, type CalibrationErrors } from './conformal';
import { classifyDemand } from './demand-class';
import { naiveScale } from './metrics';
import type { GlobalModel, LocalModel, Regressors } from './model';

export interface PanelSeries {
  readonly id: string;
  readonly y: readonly number[];
  readonly regressors?: Regressors;
}

/** Runs the local models over many series; the server passes a worker pool, tests run in-thread. */
export type LocalRunner = (tasks: readonly LocalTask[], onDone: (count: number) => void) => Promise<LocalRun[]>;

export interface PanelOptions {
  readonly horizon: number;
  readonly seasonLength: number;
  readonly seed: number;
  readonly models: readonly LocalModel[];
  readonly globalModels?: readonly GlobalModel[];
  /** Rolling-origin backtests per series (each `horizon` steps); 3 by default. */
  readonly backtestOrigins?: number;
  readonly combineRule?: CombineRule;
  /** Per demand class, the local models worth running (e.g. only the intermittent family for slow movers). */
  readonly modelsByClass?: Partial<Record<DemandClass, readonly string[]>>;
  readonly runLocal?: LocalRunner;
  /** Series finished out of the total (the global models count as the last step). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeriesForecast {
  readonly id: string;
  readonly mean: number[];
  readonly lower95: number[];
  readonly upper95: number[];
  readonly weights: Record<string, number>;
  readonly accuracy: ForecastAccuracy;
  readonly demandClass: DemandClass;
  /** Each model's own forecast, for comparing models (the bench prints each alone). */
  readonly members: Record<string, { mean: number[]; lower95?: number[]; upper95?: number[] }>;
}

/** In-thread runner: fine for tests and small panels. */
export function inThreadRunner(models: readonly LocalModel[], horizon: number, ctx: { seasonLength: number; seed: number }): LocalRunner {
  return async (tasks, onDone) => tasks.map((task) => {
    const run = runLocalModels(task, models, horizon, ctx);
    onDone(1);
    return run;
  });
}

const MIN_TRAIN_SEASONS = 2;

async function runGlobalModels(
  series: readonly PanelSeries[], origins: readonly (readonly number[])[], models: readonly GlobalModel[], horizon: number, ctx: { seasonLength: number; seed: number },
): Promise<LocalRun[]> {
  const runs: LocalRun[] = series.map(() => ({ backtests: {}, finals: {} }));
  for (const model of models) {
    // Trained once on what was known at each series' earliest origin, so no backtest sees its future.
    const earliest = series.map((s, i) => s.y.slice(0, origins[i]![0] ?? s.y.length));
    const trained = await model.train(earliest, horizon, ctx);
    const requests = series.flatMap((s, i) => origins[i]!.map((origin) => ({ i, history: s.y.slice(0, origin) })));
    const backtests = requests.length > 0 ? await trained.forecast(requests.map((r) => r.history)) : [];
    series.forEach((_, i) => { runs[i]!.backtests[model.name] = []; });
    requests.forEach((r, k) => runs[r.i]!.backtests[model.name]!.push(backtests[k]!));
    const final = await model.train(series.map((s) => s.y), horizon, ctx, trained);
    const finals = await final.forecast(series.map((s) => s.y));
    finals.forEach((mean, i) => { runs[i]!.finals[model.name] = { mean }; });
    trained.dispose();
    final.dispose();
  }
  return runs;
}

function accuracyOf(backtests: readonly number[][], actuals: readonly number[][], scale: number | null): ForecastAccuracy {
  if (backtests.length === 0) return { mase: null, smape: null, bias: null };
  let absError = 0, error = 0, smapeSum = 0, level = 0, count = 0;
  backtests.forEach((forecast, k) => actuals[k]!.forEach((y, h) => {
    const f = forecast[h]!;
    absError += Math.abs(y - f);
    error += f - y;
    const d = Math.abs(y) + Math.abs(f);
    smapeSum += d === 0 ? 0 : (200 * Math.abs(y - f)) / d;
    level += Math.abs(y);
    count++;
  }));
  return { mase: scale === null ? null : absError / count / scale, smape: smapeSum / count, bias: level === 0 ? null : error / level };
}

/**
 * Forecasts every series with every model, weighs the models per series by rolling-origin
 * backtests, and calibrates 95% intervals on the ensemble's own backtest errors across the panel.
 */
export async function forecastPanel(series: readonly PanelSeries[], options: PanelOptions): Promise<SeriesForecast[]> {
  const { horizon, seasonLength, seed } = options;
  const ctx = { seasonLength, seed };
  const originCount = options.backtestOrigins ?? 3;
  const minTrain = Math.max(2 * horizon, seasonLength > 1 ? Math.min(MIN_TRAIN_SEASONS * seasonLength, 3 * horizon) : 0, 8);
  const origins = series.map((s) => backtestOrigins(s.y.length, horizon, originCount, minTrain));
  const total = series.length + (options.globalModels?.length ? 1 : 0);
  let done = 0;
  const progress = (count: number) => { done += count; options.onProgress?.(done, total); };

  const runner = options.runLocal ?? inThreadRunner(options.models, horizon, ctx);
  const classes = series.map((s) => classifyDemand(s.y));
  const localRuns = await runner(series.map((s, i) => {
    const only = options.modelsByClass?.[classes[i]!];
    return { y: s.y, regressors: s.regressors, origins: origins[i]!, ...(only ? { only } : {}) };
  }), progress);
  const globalRuns = options.globalModels?.length ? await runGlobalModels(series, origins, options.globalModels, horizon, ctx) : null;
  if (globalRuns) progress(1);

  const drafts = series.map((s, i) => {
    const run = globalRuns
      ? { backtests: { ...localRuns[i]!.backtests, ...globalRuns[i]!.backtests }, finals: { ...localRuns[i]!.finals, ...globalRuns[i]!.finals } }
      : localRuns[i]!;
    const actuals = origins[i]!.map((origin) => s.y.slice(origin, origin + horizon) as number[]);
    const scale = naiveScale(s.y);
    const scores = Object.fromEntries(Object.entries(run.backtests).map(([name, forecasts]) => [name, backtestScore(forecasts, actuals, scale ?? 1)]));
    const weights = combinationWeights(scores, options.combineRule ?? DEFAULT_COMBINE_RULE);
    const mean = combine(Object.fromEntries(Object.entries(run.finals).map(([name, f]) => [name, f.mean])), weights, horizon);
    const ensembleBacktests = origins[i]!.map((_, k) => combine(Object.fromEntries(Object.entries(run.backtests).map(([name, f]) => [name, f[k]!])), weights, horizon));
    const accuracy = accuracyOf(ensembleBacktests, actuals, scale);
    const errors = ensembleBacktests.map((forecast, k) => actuals[k]!.map((y, h) => y - forecast[h]!));
    return { s, run, weights, mean, accuracy, errors, scale, actuals };
  });

  const normaliser = (d: (typeof drafts)[number]): number => {
    const level = d.s.y.length > 0 ? Math.abs(d.s.y.reduce((a, b) => a + b, 0) / d.s.y.length) : 0;
    return d.scale ?? (level > 0 ? level * 0.1 : 1);
  };
  const calibration: CalibrationErrors[] = drafts.filter((d) => d.errors.length > 0).map((d) => ({ errors: d.errors, normaliser: normaliser(d) }));
  const bands = calibrateBands(calibration, horizon);

  return drafts.map((d, i) => {
    const nonNegative = d.s.y.every((v) => v >= 0);
    const clamp = (v: number) => (nonNegative ? Math.max(0, v) : v);
    const n = normaliser(d);
    const mean = d.mean.map(clamp);
    return {
      id: d.s.id,
      mean,
      lower95: d.mean.map((m, h) => clamp(m + bands.lower[h]! * n)),
      upper95: d.mean.map((m, h) => clamp(m + bands.upper[h]! * n)),
      weights: d.weights,
      accuracy: d.accuracy,
      demandClass: classes[i]!,
      members: d.run.finals as SeriesForecast['members'],
    };
  });
}

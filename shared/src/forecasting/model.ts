/**
 * The contract every forecasting model follows. Models are pure and deterministic: the same
 * history, horizon and context give the same numbers (randomness only from `ctx.seed`).
 */

/** Per-step regressors (promotion flags, holidays) for the history and for the horizon. */
export interface Regressors {
  /** One array per regressor, as long as the history. */
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** The same regressors for h = 1…horizon. */
  readonly future: Readonly<Record<string, readonly number[]>>;
}

export interface SeriesContext {
  /** Observations per season (52 weekly, 12 monthly, 7 daily); 1 means no seasonality. */
  readonly seasonLength: number;
  /** Seed for any randomness a model uses. */
  readonly seed: number;
  readonly regressors?: Regressors;
}

/** Point forecasts for h = 1…horizon and, when the model has its own, a 95% interval. */
export interface ModelForecast {
  readonly mean: number[];
  readonly lower95?: number[];
  readonly upper95?: number[];
}

/** A model fitted to one series at a time. */
export interface LocalModel {
  /** Stable short name shown to planners and kept with the weights ('ets', 'arima', …). */
  readonly name: string;
  /** Always returns `horizon` finite numbers; falls back to a simpler method rather than throwing. */
  forecast(y: readonly number[], horizon: number, ctx: SeriesContext): ModelForecast;
}

/** A model trained once across many series (a global network). */
export interface TrainedGlobalModel {
  /** Forecasts for each history's next `horizon` steps, in order. */
  forecast(histories: readonly (readonly number[])[]): Promise<number[][]>;
  dispose(): void;
}

export interface GlobalModel {
  readonly name: string;
  /**
   * Trains on the histories (never looking past their ends). `previous`, when given, is the model
   * trained on shorter histories of the same series, to warm-start from.
   */
  train(
    histories: readonly (readonly number[])[],
    horizon: number,
    ctx: Omit<SeriesContext, 'regressors'>,
    previous?: TrainedGlobalModel,
  ): Promise<TrainedGlobalModel>;
}

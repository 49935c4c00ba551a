import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { forecastPanel, type SeriesForecast } from '@capliquify/shared/forecasting/panel';
import { PRODUCT_MODELS_BY_CLASS, productGlobalModels, productLocalModels } from '../forecast-models';
import { createLocalPool } from '../local-pool/local-pool';
import { ForecastInputError, readLongSeries } from './long-series.reader';

export interface ForecastCsvOptions {
  input: string;
  output: string;
  horizon: number;
  seasonLength: number;
  seed: number;
  onProgress?: (message: string) => void;
}

/** The shortest history the ensemble forecasts: two points give a level and a direction. */
export const MIN_SERIES_LENGTH = 3;

/** Formats without exponent noise but keeps what the models computed. */
const number = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(10).replace(/\.?0+$/, ''));

async function writeForecasts(output: string, results: readonly SeriesForecast[], horizon: number): Promise<void> {
  const out = createWriteStream(output);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('series_id,h,yhat,lo95,hi95\n');
  for (const r of results) {
    for (let h = 0; h < horizon; h++) {
      const id = /[",\n]/.test(r.id) ? `"${r.id.replace(/"/g, '""')}"` : r.id;
      await write(`${id},${h + 1},${number(r.mean[h]!)},${number(r.lower95[h]!)},${number(r.upper95[h]!)}\n`);
    }
  }
  out.end();
  await once(out, 'finish');
}

/** `npm run forecast`: a long CSV in, the ensemble's forecasts with 95% intervals out. */
export async function forecastCsv(options: ForecastCsvOptions): Promise<{ series: number; seconds: number }> {
  const started = performance.now();
  const series = await readLongSeries(options.input, MIN_SERIES_LENGTH);
  options.onProgress?.(`read ${series.length} series from ${options.input}`);
  const local = productLocalModels();
  const ctx = { seasonLength: options.seasonLength, seed: options.seed };
  const pool = createLocalPool(local.map((m) => m.name), options.horizon, ctx);
  let lastShown = 0;
  try {
    const results = await forecastPanel(series.map((s) => ({ id: s.id, y: s.y })), {
      horizon: options.horizon, ...ctx, models: local, globalModels: productGlobalModels(), modelsByClass: PRODUCT_MODELS_BY_CLASS, runLocal: pool.runner,
      onProgress: (done, total) => {
        if (done === total || performance.now() - lastShown > 1_000) {
          lastShown = performance.now();
          options.onProgress?.(`forecast ${done}/${total}`);
        }
      },
    });
    await writeForecasts(options.output, results, options.horizon);
  } finally {
    await pool.close();
  }
  return { series: series.length, seconds: (performance.now() - started) / 1000 };
}

export { ForecastInputError };

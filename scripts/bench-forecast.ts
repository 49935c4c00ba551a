// `npm run bench:forecast`: forecast accuracy and speed (issue 7). Part 1 runs the product ensemble
// on M4 Weekly (359 series, horizon 13) and scores it the competition's way; each model alone is
// printed too, so the ensemble's gain shows. Part 2 times the product job's panel: 2,000 items ×
// 104 weeks with backtests. Progress and tables go to stderr; one JSON line to stdout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreSet, owa, type ScoredSeries } from '@capliquify/shared/forecasting/metrics';
import { forecastPanel, type SeriesForecast } from '@capliquify/shared/forecasting/panel';
import { naiveModel } from '@capliquify/shared/forecasting/models/naive';
import { loadM4 } from '../server/src/domains/forecasting/m4/m4-dataset';
import { PRODUCT_MODELS_BY_CLASS, productGlobalModels, productLocalModels } from '../server/src/domains/forecasting/forecast-models';
import { createLocalPool } from '../server/src/domains/forecasting/local-pool/local-pool';
import { productDemandPanel } from './bench/forecast-fixture';
import { round } from './bench/bench-stats';
import { benchLog, runBench } from './bench/run-bench';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = {
  m4Dir: process.env.BENCH_M4_DIR ?? path.resolve(here, '../../shared/data/m4-weekly'),
  series: process.env.BENCH_FORECAST_SERIES ? Number(process.env.BENCH_FORECAST_SERIES) : undefined,
  productItems: Number(process.env.BENCH_FORECAST_ITEMS ?? 2_000),
};
const HORIZON = 13;
const SEASON = Number(process.env.BENCH_SEASON_LENGTH ?? 52);

async function runPanel(series: { id: string; y: number[]; promo?: number[] }[], label: string, byClass = false): Promise<{ results: SeriesForecast[]; seconds: number }> {
  const local = productLocalModels(process.env.BENCH_MODELS?.split(','));
  const pool = createLocalPool(local.map((m) => m.name), HORIZON, { seasonLength: SEASON, seed: 1 });
  const started = performance.now();
  let lastShown = 0;
  try {
    const results = await forecastPanel(
      series.map((s) => ({ id: s.id, y: s.y, regressors: s.promo ? { history: { promo: s.promo }, future: { promo: new Array<number>(HORIZON).fill(0) } } : undefined })),
      {
        horizon: HORIZON, seasonLength: SEASON, seed: 1, models: local, globalModels: process.env.BENCH_GLOBAL === 'none' ? [] : productGlobalModels(), runLocal: pool.runner,
        ...(byClass ? { modelsByClass: PRODUCT_MODELS_BY_CLASS } : {}),
        onProgress: (done, total) => {
          if (done === total || performance.now() - lastShown > 2_000) {
            lastShown = performance.now();
            benchLog(`${label}: ${done}/${total} (${round((performance.now() - started) / 1000, 1)} s)`);
          }
        },
      },
    );
    return { results, seconds: (performance.now() - started) / 1000 };
  } finally {
    await pool.close();
  }
}

function scoreMember(series: { train: number[]; test: number[] }[], results: SeriesForecast[], pick: (r: SeriesForecast) => { mean: number[]; lower95?: number[]; upper95?: number[] }) {
  return scoreSet(series.map((s, i): ScoredSeries => ({ history: s.train, actual: s.test, ...pick(results[i]!) })));
}

async function m4Part() {
  const all = await loadM4(env.m4Dir, 'Weekly');
  const series = env.series ? all.slice(0, env.series) : all;
  benchLog(`M4 Weekly: ${series.length} series, horizon ${HORIZON}`);
  const { results, seconds } = await runPanel(series.map((s) => ({ id: s.id, y: s.train })), 'm4');
  // Naive2 for Weekly is the last value: the competition scaled Weekly with m = 1 (see the data's README).
  const naive2 = scoreSet(series.map((s) => ({ history: s.train, actual: s.test, mean: naiveModel.forecast(s.train, HORIZON, { seasonLength: 1, seed: 0 }).mean })));
  const rows: Record<string, ReturnType<typeof scoreSet> & { owa: number }> = {};
  for (const name of Object.keys(results[0]!.members)) {
    const scores = scoreMember(series, results, (r) => r.members[name]!);
    rows[name] = { ...scores, owa: owa(scores, naive2) };
  }
  const ensemble = scoreMember(series, results, (r) => r);
  rows.ensemble = { ...ensemble, owa: owa(ensemble, naive2) };
  benchLog('model          sMAPE    MASE     OWA    cover95   MSIS');
  for (const [name, s] of Object.entries(rows)) {
    benchLog(`${name.padEnd(12)} ${s.smape.toFixed(3).padStart(7)} ${s.mase.toFixed(3).padStart(7)} ${s.owa.toFixed(3).padStart(7)} ${(s.coverage95?.toFixed(3) ?? '–').padStart(8)} ${(s.msis?.toFixed(2) ?? '–').padStart(7)}`);
  }
  benchLog(`Naive2       ${naive2.smape.toFixed(3).padStart(7)} ${naive2.mase.toFixed(3).padStart(7)}   1.000`);
  const weights: Record<string, number> = {};
  for (const r of results) for (const [name, w] of Object.entries(r.weights)) weights[name] = (weights[name] ?? 0) + w / results.length;
  return { series: series.length, seconds, ensemble: rows.ensemble, models: rows, weights };
}

async function productPart() {
  const panel = productDemandPanel(env.productItems, 104);
  benchLog(`product job: ${panel.length} items × 104 weeks`);
  const { seconds } = await runPanel(panel, 'product', true);
  return { items: panel.length, seconds };
}

runBench(async () => {
  const m4 = await m4Part();
  const product = env.productItems > 0 ? await productPart() : null;
  const e = m4.ensemble;
  return {
    smape: round(e.smape, 3), mase: round(e.mase, 3), owa: round(e.owa, 3), coverage95: round(e.coverage95 ?? Number.NaN, 3), msis: round(e.msis ?? Number.NaN, 3),
    seconds: round(m4.seconds, 1), series: m4.series,
    product_items: product?.items ?? 0, product_seconds: product ? round(product.seconds, 1) : null,
    targets: { owa_max: 0.9, coverage95: [0.92, 0.97], seconds_max: 120, product_seconds_max: 60 },
    models: Object.fromEntries(Object.entries(m4.models).map(([name, s]) => [name, { smape: round(s.smape, 3), mase: round(s.mase, 3), owa: round(s.owa, 3) }])),
    mean_weights: Object.fromEntries(Object.entries(m4.weights).map(([name, w]) => [name, round(w, 3)])),
  };
});

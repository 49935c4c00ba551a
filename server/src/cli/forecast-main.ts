// `npm run forecast -- --input <long.csv> --horizon <H> --season-length <S> --output <out.csv>`:
// the forecasting ensemble on a CSV, no database needed. Progress and errors go to stderr.
import { parseArgs } from 'node:util';
import { ForecastInputError, forecastCsv } from '../domains/forecasting/csv/forecast-csv.service';

const USAGE = 'usage: npm run forecast -- --input <long.csv> --horizon <H> --season-length <S> --output <out.csv> [--seed <n>]';

function positiveInteger(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of at least 1${value === undefined ? '' : `, got "${value}"`}`);
  return n;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { input: { type: 'string' }, output: { type: 'string' }, horizon: { type: 'string' }, 'season-length': { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  if (!values.input || !values.output) throw new UsageError('--input and --output are required');
  const options = {
    input: values.input, output: values.output,
    horizon: positiveInteger('horizon', values.horizon),
    seasonLength: positiveInteger('season-length', values['season-length'], 1),
    seed: positiveInteger('seed', values.seed, 1),
    onProgress: (message: string) => process.stderr.write(`${message}\n`),
  };
  const { series, seconds } = await forecastCsv(options);
  process.stderr.write(`wrote ${series * options.horizon} forecasts for ${series} series to ${options.output} in ${seconds.toFixed(1)} s\n`);
  return 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (error instanceof ForecastInputError) {
    process.stderr.write(`bad input in ${process.argv.includes('--input') ? process.argv[process.argv.indexOf('--input') + 1] : 'the input'}: ${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`forecast failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

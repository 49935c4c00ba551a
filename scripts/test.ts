// `npm test`: every check CI runs, in order, continuing past a failure so one run shows everything.
// Ends with a summary and a closing line of the test counts; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Step { name: string; command: string[]; vitestProject?: string }
interface Outcome { name: string; ok: boolean; seconds: number; passed: number; failed: number }

const reportDir = mkdtempSync(join(tmpdir(), 'capliquify-test-'));
const vitest = (project: string): string[] => [
  'npx', 'vitest', 'run', '--project', project,
  '--reporter=default', '--reporter=json', `--outputFile.json=${join(reportDir, `${project}.json`)}`,
];

const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '-b'] },
  { name: 'lint', command: ['npx', 'eslint', '.'] },
  { name: 'layers', command: ['npm', 'run', '-s', 'check:layers'] },
  { name: 'unit', command: vitest('unit'), vitestProject: 'unit' },
  { name: 'integration', command: vitest('integration'), vitestProject: 'integration' },
  { name: 'build renderer', command: ['npm', 'run', '-s', '-w', 'desktop', 'build:renderer'] },
  { name: 'e2e', command: vitest('e2e'), vitestProject: 'e2e' },
];

function countTests(project: string): { passed: number; failed: number } {
  const file = join(reportDir, `${project}.json`);
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests };
}

const outcomes: Outcome[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}: ${step.command.join(' ')}`);
  const started = Date.now();
  const [cmd, ...args] = step.command as [string, ...string[]];
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  const counts = step.vitestProject ? countTests(step.vitestProject) : { passed: 0, failed: 0 };
  // A test project that ran nothing has proven nothing.
  const ranSomething = !step.vitestProject || counts.passed + counts.failed > 0;
  outcomes.push({ name: step.name, ok: result.status === 0 && ranSomething, seconds: (Date.now() - started) / 1000, ...counts });
}

console.log('\n━━ summary');
for (const o of outcomes) {
  const tests = o.passed + o.failed > 0 ? `  ${o.passed} passed, ${o.failed} failed` : '';
  console.log(`${o.ok ? 'ok  ' : 'FAIL'}  ${o.name.padEnd(15)} ${o.seconds.toFixed(1).padStart(6)} s${tests}`);
}
const passed = outcomes.reduce((n, o) => n + o.passed, 0);
const failed = outcomes.reduce((n, o) => n + o.failed, 0);
const failedSteps = outcomes.filter((o) => !o.ok).map((o) => o.name);
if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);

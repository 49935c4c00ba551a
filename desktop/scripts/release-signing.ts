// How the release workflow signs the installers: from the environment when the secrets are there,
// skipped cleanly when they are not. `npx tsx desktop/scripts/release-signing.ts <env-file> <args-file>`
// appends the variables electron-builder should see to <env-file> ($GITHUB_ENV) and writes its
// extra `-c.` arguments to <args-file>, one per line.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SigningPlan {
  /** Variables to set for electron-builder (only non-empty ones: an empty CSC_LINK is read as a certificate). */
  env: Record<string, string>;
  /** Configuration overrides, as electron-builder's `-c.<path>=<value>` arguments. */
  builderArgs: string[];
  /** What the build will and will not do, for the log. */
  notices: string[];
}

const CERTIFICATE = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'];
const APPLE_ID = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
const APPLE_API_KEY = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'];

/**
 * Windows: signed with CSC_LINK / WIN_CSC_LINK, and `WIN_PUBLISHER_NAME` (the certificate's
 * subject CN) becomes `publisherName`, which electron-updater checks every downloaded installer's
 * signature against. macOS: signed with CSC_LINK, notarised with an Apple ID, app-specific
 * password and team, or an App Store Connect API key. A half-set group is a mistake, not a skip.
 */
export function signingPlan(source: Record<string, string | undefined>): SigningPlan {
  const value = (name: string) => source[name]?.trim() || undefined;
  const env: Record<string, string> = {};
  const builderArgs: string[] = [];
  const notices: string[] = [];
  for (const name of [...CERTIFICATE, ...APPLE_ID, ...APPLE_API_KEY]) {
    const set = value(name);
    if (set !== undefined) env[name] = set;
  }

  const certificate = env.CSC_LINK ?? env.WIN_CSC_LINK;
  if (certificate === undefined) {
    // Otherwise macOS would sign with whatever identity the runner's keychain happens to hold.
    env.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    notices.push('No signing certificate (CSC_LINK): the installers are not signed.');
  }
  const publisher = value('WIN_PUBLISHER_NAME');
  if (publisher !== undefined) {
    if (certificate === undefined) throw new Error('WIN_PUBLISHER_NAME is set but there is no certificate (CSC_LINK or WIN_CSC_LINK) to sign with.');
    builderArgs.push(`-c.win.signtoolOptions.publisherName=${publisher}`);
  }

  const groups = [APPLE_ID, APPLE_API_KEY].map((names) => ({ names, set: names.filter((name) => env[name] !== undefined) }));
  for (const { names, set } of groups) {
    if (set.length > 0 && set.length < names.length) {
      throw new Error(`Notarisation needs ${names.join(', ')} together; missing ${names.filter((name) => !set.includes(name)).join(', ')}.`);
    }
  }
  if (!groups.some(({ names, set }) => set.length === names.length)) {
    builderArgs.push('-c.mac.notarize=false');
    notices.push('No Apple notarisation credentials: the macOS build is not notarised.');
  }
  return { env, builderArgs, notices };
}

/** `NAME<<DELIMITER` blocks, the form GitHub's environment file takes for any value, multi-line included. */
export function githubEnvLines(env: Record<string, string>): string {
  return Object.entries(env).map(([name, value]) => `${name}<<__CAPLIQUIFY_EOF__\n${value}\n__CAPLIQUIFY_EOF__\n`).join('');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [envFile, argsFile] = process.argv.slice(2);
  if (!envFile || !argsFile) {
    console.error('usage: release-signing.ts <env-file> <args-file>');
    process.exit(2);
  }
  try {
    // The signing step's secrets arrive as its environment: this CLI is the one place reading them.
    const plan = signingPlan(process.env);
    appendFileSync(envFile, githubEnvLines(plan.env));
    writeFileSync(argsFile, plan.builderArgs.map((arg) => `${arg}\n`).join(''));
    for (const notice of plan.notices) console.log(`::notice::${notice}`);
  } catch (error) {
    console.error(`::error::${(error as Error).message}`);
    process.exit(1);
  }
}

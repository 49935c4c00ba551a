// `npm run cli -- <command>` and the `capliquify` bin: operator commands on the server's database.
import { runCli } from './run-cli';

process.exitCode = await runCli(process.argv.slice(2));

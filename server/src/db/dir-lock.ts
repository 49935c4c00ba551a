import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '../errors/startup.error';

const LOCK_FILE = 'capliquify.lock';

/**
 * Claims `dir` for this process with a pid file. A lock left by a process that no longer runs is
 * taken over; a live one is refused with the holder's pid. Returns the release function.
 */
export async function acquireDirLock(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new StartupError(
          `the embedded database in ${dir} is in use by process ${holder}; stop it first or set DATABASE_URL`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new StartupError(`cannot lock the embedded database in ${dir}; check CAPLIQUIFY_DATA_DIR`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

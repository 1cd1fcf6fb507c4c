// One Redline per SQLite file: the embedded database is one process's (its writer threads share
// the file's one write lock, and a second process would stall on it until Prisma timed out with a
// socket error). A lock file beside the database names the process that holds it; a second start
// says who, and how several instances are run instead. A lock left by a process that is gone (a
// crash, kill -9, a container restart that reused the pid) is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';

export class DatabaseInUse extends Error {}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but is someone else's
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined; // unreadable: a write cut short; treated as stale
  }
}

/** Takes the lock of the SQLite file `dbFile` for this process (released when it exits). */
export function lockSqliteFile(dbFile: string): void {
  const file = `${dbFile}.lock`;
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      process.once('exit', () => {
        if (readHolder(file)?.pid === process.pid) unlinkSync(file);
      });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && (holder.host !== me.host || alive(holder.pid)))
      throw new DatabaseInUse(
        `the SQLite database ${dbFile} is in use by another Redline (pid ${holder.pid} on ${holder.host}, since ${holder.since}).\n` +
          'Stop that one first, or give this one its own file with DATABASE_URL=file:./data/other.db. ' +
          'To run several instances on the same data, use PostgreSQL (DATABASE_URL=postgresql://…) and Redis (REDIS_URL), as the README says under "Run it on PostgreSQL and Redis".\n' +
          `If no Redline is running, delete ${file}.`,
      );
    unlinkSync(file); // its process is gone
  }
  throw new DatabaseInUse(`could not take the lock ${file}`);
}

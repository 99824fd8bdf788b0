import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR_LOCK_FILE = 'embedded-postgres.lock';

interface LockContent {
  pid: number;
  host: string;
  token: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
    readonly lockFile: string,
    host: string | undefined,
  ) {
    super(
      `Embedded PostgreSQL data directory ${dataDir} is already in use ` +
        `(${describeHolder(pid, host)}; lock file ${lockFile}). ` +
        'Stop that process or use another data directory; delete the lock file only if no such process runs.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly lockFile: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export interface DataDirLockOptions {
  isProcessAlive?: (pid: number) => boolean;
}

/** Tokens of the locks this process holds now. */
const heldHere = new Set<string>();

/**
 * Takes the lock file in `dataDir`, which must exist. A lock held by a live process (this one
 * included) fails fast with DataDirLockedError; a lock left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): DataDirLock {
  const isAlive = options.isProcessAlive ?? isProcessAlive;
  const lockFile = join(dataDir, DATA_DIR_LOCK_FILE);
  const mine: LockContent = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(12).toString('hex'),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockFile, mine)) {
      heldHere.add(mine.token);
      return {
        lockFile,
        release: () => {
          heldHere.delete(mine.token);
          releaseIfOurs(lockFile, mine.token);
        },
      };
    }
    const raw = readOrUndefined(lockFile);
    if (raw === undefined) continue;
    const holder = parseLock(raw);
    if (holder && isHeld(holder, isAlive)) {
      throw new DataDirLockedError(dataDir, holder.pid, lockFile, holder.host);
    }
    takeOverStale(dataDir, lockFile, raw);
  }
  throw new DataDirLockedError(dataDir, undefined, lockFile, undefined);
}

// A lock with this process's own pid but not one of its tokens was left by an earlier process that
// had the same pid, as happens to PID 1 in a restarted container.
function isHeld(holder: LockContent, isAlive: (pid: number) => boolean): boolean {
  return holder.pid === process.pid ? heldHere.has(holder.token) : isAlive(holder.pid);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeHolder(pid: number | undefined, host: string | undefined): string {
  if (pid === undefined) return 'the lock keeps changing hands';
  if (host !== undefined && host !== hostname()) return `held by pid ${pid} on host ${host}`;
  return pid === process.pid ? `held by this process, pid ${pid}` : `held by pid ${pid}`;
}

// Written to a private file first and hard-linked into place, so that the lock file never exists
// without its content (a reader would otherwise see an empty file and call it stale).
function tryCreate(lockFile: string, content: LockContent): boolean {
  const draft = `${lockFile}.${content.pid}.${content.token}`;
  writeFileSync(draft, JSON.stringify(content) + '\n', { mode: 0o644 });
  try {
    linkSync(draft, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

// Moved aside rather than deleted: if two processes judge the same lock stale, only one rename
// succeeds, and a lock that turns out to have changed meanwhile is put back.
function takeOverStale(dataDir: string, lockFile: string, staleRaw: string): void {
  const aside = `${lockFile}.stale.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOrUndefined(aside);
  if (moved !== undefined && moved !== staleRaw) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // Someone else holds the lock now; the next attempt reports them.
    }
    unlinkSync(aside);
    const holder = parseLock(moved);
    throw new DataDirLockedError(dataDir, holder?.pid, lockFile, holder?.host);
  }
  unlinkSync(aside);
}

function releaseIfOurs(lockFile: string, token: string): void {
  const raw = readOrUndefined(lockFile);
  if (raw === undefined || parseLock(raw)?.token !== token) return;
  unlinkSync(lockFile);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseLock(raw: string): LockContent | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, token, since } = value as Record<string, unknown>;
    if (!Number.isInteger(pid) || (pid as number) <= 0 || typeof host !== 'string') return undefined;
    return { pid: pid as number, host, token: String(token), since: String(since) };
  } catch {
    return undefined;
  }
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, DATA_DIR_LOCK_FILE, DataDirLockedError, isProcessAlive } from './data-dir-lock';

describe('acquireDataDirLock', () => {
  let dataDir: string;
  let lockFile: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rre-lock-spec-'));
    lockFile = join(dataDir, DATA_DIR_LOCK_FILE);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const writeForeignLock = (pid: number, host = hostname()): void =>
    writeFileSync(lockFile, JSON.stringify({ pid, host, token: 'foreign', since: new Date().toISOString() }));

  it('writes this pid into the lock file and removes it on release', () => {
    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    lock.release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('fails fast, naming the directory and the pid, while this process holds it', () => {
    const lock = acquireDataDirLock(dataDir);
    try {
      expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dataDir)).toThrow(
        `Embedded PostgreSQL data directory ${dataDir} is already in use (held by this process, pid ${process.pid}`,
      );
    } finally {
      lock.release();
    }
    acquireDataDirLock(dataDir).release();
  });

  it('fails while another live process holds it', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeForeignLock(child.pid as number);
      let thrown: unknown;
      try {
        acquireDataDirLock(dataDir);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DataDirLockedError);
      expect(thrown).toMatchObject({ dataDir, pid: child.pid, lockFile });
      expect((thrown as Error).message).toContain(`held by pid ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that is gone', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    expect(isProcessAlive(deadPid)).toBe(false);
    writeForeignLock(deadPid);
    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(lockFile, 'garbage');
    acquireDataDirLock(dataDir).release();
  });

  it('takes over a lock with this pid that this process does not hold (a restarted container)', () => {
    writeForeignLock(process.pid);
    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).token).not.toBe('foreign');
    lock.release();
  });

  it('names the host of a lock taken on another host', () => {
    writeForeignLock(12345, 'some-other-host');
    expect(() => acquireDataDirLock(dataDir, { isProcessAlive: () => true })).toThrow(
      'held by pid 12345 on host some-other-host',
    );
  });

  it('does not remove a lock that someone else holds by the time of release', () => {
    const lock = acquireDataDirLock(dataDir);
    writeForeignLock(4242);
    lock.release();
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(4242);
  });
});

describe('isProcessAlive', () => {
  it('is true for this process and false for a pid that has exited', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    expect(isProcessAlive(Number(dead.stdout.toString()))).toBe(false);
  });
});

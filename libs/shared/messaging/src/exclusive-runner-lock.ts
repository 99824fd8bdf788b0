import type { DataSource, QueryRunner } from 'typeorm';

const ADVISORY_LOCK_CLASS = 0x52524532; // "RRE2"; the migration runner uses "RRE1"
const claimedInThisProcess = new Set<string>();

/**
 * "Only one of these runs": a PostgreSQL session advisory lock held on a connection of its own,
 * for a relay, a sequencer or an embedded consumer. PGlite is a single session in which advisory
 * locks never block, and only one process can open its data directory, so a claim within this
 * process stands in for the lock there (and guards against two instances in one process anywhere).
 *
 * The holder runs its queries on `runner`: if that connection fails, the lock is gone with it,
 * and `release()` followed by a new `tryAcquire()` is the way back.
 */
export class ExclusiveRunnerLock {
  private held: QueryRunner | undefined;
  private readonly claimKey: string;
  private readonly lockKey: [number, number];

  constructor(
    private readonly dataSource: DataSource,
    name: string,
  ) {
    const url = (dataSource.options as { url?: string }).url ?? '';
    this.claimKey = `${url}#${name}`;
    this.lockKey = [ADVISORY_LOCK_CLASS, fnv1a32(name)];
  }

  /** The connection the lock is held on, while it is. */
  get runner(): QueryRunner | undefined {
    return this.held;
  }

  /** Takes the lock if it is free; true when this instance holds it (now or already). */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    if (claimedInThisProcess.has(this.claimKey)) return false;
    claimedInThisProcess.add(this.claimKey);
    const runner = this.dataSource.createQueryRunner('master');
    try {
      await runner.connect();
      const [row] = (await runner.query(
        'SELECT pg_try_advisory_lock($1::int, $2::int) AS locked',
        this.lockKey,
      )) as {
        locked: boolean;
      }[];
      if (row?.locked !== true) {
        await runner.release();
        claimedInThisProcess.delete(this.claimKey);
        return false;
      }
      this.held = runner;
      return true;
    } catch (error) {
      await runner.release().catch(() => undefined);
      claimedInThisProcess.delete(this.claimKey);
      throw error;
    }
  }

  /** Gives the lock up (and its connection). Idempotent; never throws. */
  async release(): Promise<void> {
    const runner = this.held;
    if (!runner) return;
    this.held = undefined;
    try {
      await runner.query('SELECT pg_advisory_unlock($1::int, $2::int)', this.lockKey);
    } catch {
      // A broken connection has lost the lock already.
    } finally {
      await runner.release().catch(() => undefined);
      claimedInThisProcess.delete(this.claimKey);
    }
  }
}

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash | 0;
}

/** A 32-bit hash for transaction-level advisory locks (pg_advisory_xact_lock(int, int)). */
export function advisoryKey(text: string): number {
  return fnv1a32(text);
}

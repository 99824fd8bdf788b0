import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessRunError } from '../domain/process-run-error';
import { OPERATOR, ProcessRunsHarness, requestBy } from '../test-support/process-runs-harness';

describe('concurrent runs and retries (integration)', () => {
  let h: ProcessRunsHarness;

  beforeAll(async () => {
    h = await ProcessRunsHarness.start({}, 8);
  });
  afterAll(async () => {
    await h.stop();
  });

  async function lotWith(lotId: string, massKg: string): Promise<void> {
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        lotId,
        lotCode: lotId,
        kind: 'MATERIAL',
        mass: { value: massKg, unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Dy', value: '5' }] },
        custody: 'HELD',
      }),
    );
  }

  async function startedRun(): Promise<string> {
    const planned = await h.do((r, m) =>
      r.planRun(m, requestBy(), { kind: 'LEACHING', equipmentId: 'R-1', workOrder: 'WO' }),
    );
    await h.do((r, m) => r.startRun(m, requestBy(), { runId: planned.runId ?? '' }));
    return planned.runId ?? '';
  }

  async function outcomeOf(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
      return 'taken';
    } catch (error: unknown) {
      if (error instanceof ProcessRunError) return error.code;
      throw error;
    }
  }

  it('two runs racing for the last 100 kg of a lot: exactly one wins, 20 times over', async () => {
    const results: string[][] = [];
    for (let round = 0; round < 20; round++) {
      const lotId = `LOT-RACE-${round}`;
      await lotWith(lotId, '1000');
      const [a, b] = [await startedRun(), await startedRun()];
      await h.do((r, m) =>
        r.takeInput(m, requestBy(), { runId: a, lotId, mass: { value: '900', unit: 'KGM' } }),
      );
      const race = await Promise.all(
        [a, b].map((runId) =>
          outcomeOf(
            h.do((r, m) =>
              r.takeInput(m, requestBy(), { runId, lotId, mass: { value: '100', unit: 'KGM' } }),
            ),
          ),
        ),
      );
      results.push(race.sort());
      expect((await h.tx((m) => h.runs.getLot(m, lotId)))?.remainingKg).toBe('0');
    }
    expect(results).toEqual(Array.from({ length: 20 }, () => ['LOT_USED_UP', 'taken']));
  });

  it('the second taker waits for the first one to commit and is then refused', async () => {
    await lotWith('LOT-LOCK', '100');
    const [a, b] = [await startedRun(), await startedRun()];
    const first = h.dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      await h.runs.takeInput(first.manager, requestBy(), {
        runId: a,
        lotId: 'LOT-LOCK',
        mass: { value: '100', unit: 'KGM' },
      });
      const second = outcomeOf(
        h.do((r, m) =>
          r.takeInput(m, requestBy(), { runId: b, lotId: 'LOT-LOCK', mass: { value: '100', unit: 'KGM' } }),
        ),
      );
      // PostgreSQL: wait until the second transaction is blocked on the lot's row lock (not a timed
      // assertion). PGlite runs one transaction at a time: the second waits for the first to end.
      while (h.database.kind === 'postgres') {
        const [row] = (await h.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position($1 in query) > 0`,
          [`"${h.schema}".process_lot`],
        )) as { n: number }[];
        if ((row?.n ?? 0) > 0) break;
        await sleep(10);
      }
      await first.commitTransaction();
      expect(await second).toBe('LOT_USED_UP');
    } finally {
      if (first.isTransactionActive) await first.rollbackTransaction();
      await first.release();
    }
    const lot = await h.tx((m) => h.runs.getLot(m, 'LOT-LOCK'));
    expect(lot?.remainingKg).toBe('0');
    const takes = (await h.outbox()).filter(
      (e) => e.key === 'LOT-LOCK' && e.type.endsWith('quantity-taken.v1'),
    );
    expect(takes).toHaveLength(1);
  });

  it('five concurrent duplicates of one idempotent take: one effect, four replays', async () => {
    await lotWith('LOT-DUP', '500');
    const runId = await startedRun();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.do((r, m) =>
          r.takeInput(m, requestBy(OPERATOR, 'dup-key-1'), {
            runId,
            lotId: 'LOT-DUP',
            mass: { value: '200', unit: 'KGM' },
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.replayed)).toHaveLength(4);
    expect(new Set(outcomes.map((o) => o.recordIds[0])).size).toBe(1);
    expect((await h.tx((m) => h.runs.getLot(m, 'LOT-DUP')))?.remainingKg).toBe('300');
  });

  it('four concurrent receipts of one lot (a redelivered event): one lot, one event', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () =>
        h.do((r, m) =>
          r.receiveLot(m, requestBy(), {
            lotId: 'LOT-RECV-4',
            lotCode: 'L-2026-04444',
            kind: 'MATERIAL',
            mass: { value: '250', unit: 'KGM' },
            custody: 'HELD',
            from: { service: 'intake', transferId: 'T-4444' },
          }),
        ),
      ),
    );
    expect(outcomes.map((o) => o.replayed).sort()).toEqual([false, true, true, true]);
    expect((await h.outbox()).filter((e) => e.key === 'LOT-RECV-4')).toHaveLength(1);
  });
});

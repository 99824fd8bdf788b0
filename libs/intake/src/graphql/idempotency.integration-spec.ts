import { IntakeTestApp } from '../test-support/intake-test-app';
import { labTech, recyclerA } from '../test-support/intake-callers';
import { assay, RECORD_ASSAY, REGISTER_LOT, registration } from '../test-support/intake-graphql.documents';

jest.setTimeout(120_000);

let app: IntakeTestApp;

beforeAll(async () => {
  app = await IntakeTestApp.start();
});
afterAll(async () => {
  await app?.stop();
});

describe('idempotency keys', () => {
  it('the same registration with the same key three times has one effect and returns the first result', async () => {
    const before = await app.rowCounts();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await app.graphql(recyclerA, REGISTER_LOT, { input: registration(), key: 'reg-key-1' }));
    }
    expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined]);
    const payloads = answers.map((answer) => answer.data.registerLot);
    expect(payloads.map((payload) => payload.replayed)).toEqual([false, true, true]);
    expect(new Set(payloads.map((payload) => payload.lot.id)).size).toBe(1);
    const after = await app.rowCounts();
    expect(after.lot - before.lot).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
    expect(after.idempotency_key - before.idempotency_key).toBe(1);
  });

  it('treats "1000" and "1000.000" as the same input (canonical decimals)', async () => {
    const first = await app.graphql(recyclerA, REGISTER_LOT, { input: registration(), key: 'reg-key-2' });
    const again = await app.graphql(recyclerA, REGISTER_LOT, {
      input: registration({ declaredMass: { value: '1000.000', unit: 'KGM' } }),
      key: 'reg-key-2',
    });
    expect(again.data.registerLot.replayed).toBe(true);
    expect(again.data.registerLot.lot.id).toBe(first.data.registerLot.lot.id);
  });

  it('refuses the same key with a different input, changing nothing', async () => {
    await app.graphql(recyclerA, REGISTER_LOT, { input: registration(), key: 'reg-key-3' });
    const before = await app.rowCounts();
    const answer = await app.graphql(recyclerA, REGISTER_LOT, {
      input: registration({ declaredMass: { value: '1001', unit: 'KGM' } }),
      key: 'reg-key-3',
    });
    expect(answer.errors?.[0].extensions).toEqual(
      expect.objectContaining({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'idempotencyKey',
        value: 'reg-key-3',
        retryable: false,
      }),
    );
    expect(await app.rowCounts()).toEqual(before);
  });

  it('scopes keys to the calling client: another client may use the same key', async () => {
    const other = { ...recyclerA, subject: 'usr-recycler-a2' };
    const mine = await app.graphql(recyclerA, REGISTER_LOT, { input: registration(), key: 'shared-key' });
    const theirs = await app.graphql(other, REGISTER_LOT, { input: registration(), key: 'shared-key' });
    expect(theirs.data.registerLot.replayed).toBe(false);
    expect(theirs.data.registerLot.lot.id).not.toBe(mine.data.registerLot.lot.id);
  });

  it('makes an assay idempotent too: three sends, one assay, one event', async () => {
    const lot = (await app.graphql(recyclerA, REGISTER_LOT, { input: registration() })).data.registerLot.lot;
    const sends = [];
    for (let i = 0; i < 3; i++) {
      sends.push(
        await app.graphql(labTech, RECORD_ASSAY, { input: assay(lot.id, '40', '80'), key: 'assay-key-1' }),
      );
    }
    expect(new Set(sends.map((send) => send.data.recordAssay.recordIds[0])).size).toBe(1);
    const [{ count }] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM "${app.schema}".assay WHERE lot_id = $1`,
      [lot.id],
    );
    expect(count).toBe(1);
    expect((await app.outboxOf(lot.id)).map((event) => event.sequence)).toEqual(['1', '2']);
  });

  it('lets two (and five) concurrent registrations with the same key produce one lot', async () => {
    const before = await app.rowCounts();
    const [one, two] = await Promise.all([
      app.graphql(recyclerA, REGISTER_LOT, { input: registration(), key: 'concurrent-key' }),
      app.graphql(recyclerA, REGISTER_LOT, { input: registration(), key: 'concurrent-key' }),
    ]);
    expect(one.errors).toBeUndefined();
    expect(two.errors).toBeUndefined();
    expect(one.data.registerLot.lot.id).toBe(two.data.registerLot.lot.id);
    expect([one.data.registerLot.replayed, two.data.registerLot.replayed].sort()).toEqual([false, true]);
    const five = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.graphql(recyclerA, REGISTER_LOT, { input: registration(), key: 'concurrent-5' }),
      ),
    );
    expect(five.map((answer) => answer.errors)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(new Set(five.map((answer) => answer.data.registerLot.lot.id)).size).toBe(1);
    expect(five.filter((answer) => !answer.data.registerLot.replayed)).toHaveLength(1);
    const after = await app.rowCounts();
    expect(after.lot - before.lot).toBe(2);
    expect(after.outbox - before.outbox).toBe(2);
  });

  it('gives concurrent registrations without keys distinct, consecutive lot codes', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => app.graphql(recyclerA, REGISTER_LOT, { input: registration() })),
    );
    const numbers = answers
      .map((answer) => Number(answer.data.registerLot.lot.code.split('-')[2]))
      .sort((a, b) => a - b);
    expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2, numbers[0] + 3, numbers[0] + 4]);
  });

  it('carries the client correlation id into the events', async () => {
    const answer = await app.graphql(
      recyclerA,
      REGISTER_LOT,
      { input: registration() },
      { 'x-correlation-id': 'flow-2026-03-02-7' },
    );
    const [event] = await app.outboxOf(answer.data.registerLot.lot.id);
    expect(event.attributes.correlationid).toBe('flow-2026-03-02-7');
  });
});

describe('an expired idempotency key', () => {
  it('is claimed again: the request runs again', async () => {
    const shortLived = await IntakeTestApp.start({
      idempotencyTtlMs: 1,
      database: app.database,
      clock: { now: () => new Date() },
    });
    try {
      const first = await shortLived.graphql(recyclerA, REGISTER_LOT, {
        input: registration(),
        key: 'short-key',
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await shortLived.graphql(recyclerA, REGISTER_LOT, {
        input: registration(),
        key: 'short-key',
      });
      expect(second.data.registerLot.replayed).toBe(false);
      expect(second.data.registerLot.lot.id).not.toBe(first.data.registerLot.lot.id);
    } finally {
      await shortLived.stop({ keepDatabase: true });
    }
  });
});

import { inTransaction, uniqueSchemaName } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { TraceabilityError } from '../domain/traceability-error';
import { GenealogyStore } from '../persistence/genealogy.store';
import { ShipmentStore } from '../persistence/shipment.store';
import { principal } from '../test-support/callers';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { type ClaimRequest, MassBalanceApplication } from './mass-balance-application';

jest.setTimeout(120_000);

// The plant in October-December 2026, written straight into the genealogy's tables:
//   A  post-consumer magnets  11,000 kg, Tb 0.01: R0 takes 1,000 kg on 20 Oct (not November),
//                                              R1 takes 10,000 kg on 3 Nov   -> 100 kg Tb
//   B  primary concentrate     1,000 kg, Tb 0.05: R1 takes 1,000 kg on 3 Nov  ->  50 kg Tb
//   C  pre-consumer swarf      2,000 kg, Tb 0.0125: R1 takes 2,000 on 4 Nov, returns 400 on 5 Nov
//                                              -> 1,600 x 0.0125 =  20 kg Tb
//   R1 completes on 10 Nov with 3.4 kg Tb lost; it made M (100 kg, Tb 0.99 = 99 kg Tb),
//   N (50 kg, Tb 0.99 = 49.5 kg) and a residue RES (181 kg, Tb 0.1), which R2 takes on 20 Nov
//   (a produced lot: not an input of the plant).
//   Shipments: S1 40 kg of M on 20 Nov (39.6 kg Tb); S2 50 kg of M on 2 Dec; S3 50 kg of N on 3 Dec.
// November: inputs 170 kg Tb (100 / 20 / 50), shares 10/17, 2/17, 5/17; credits x (170 - 3.4)/170
// = 0.98: 98, 19.6, 49 kg. Rolling average: S1's 39.6 kg = 23.294118 + 4.658823 + 11.647059.
const NOV = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
const DEC = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
const operator = principal(['operator'], 'org-plant', 'usr-op-1');
const sales = principal(['sales'], 'org-plant', 'usr-sales-1');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
let now = new Date('2026-12-05T00:00:00Z');
let massBalance: MassBalanceApplication;
const schema = uniqueSchemaName('trace_mb');

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema, 4);
  dataSource = traceDatabase.dataSource;
  massBalance = new MassBalanceApplication({ dataSource, clock: () => now });
  await inTransaction(dataSource, writeGenealogy);
});

afterAll(async () => {
  await traceDatabase?.close();
});

async function writeGenealogy(manager: EntityManager): Promise<void> {
  const genealogy = new GenealogyStore();
  const at = (text: string) => new Date(text);
  const source = async (
    lotId: string,
    category: 'POST_CONSUMER' | 'PRE_CONSUMER' | 'PRIMARY',
    kg: string,
    tb: string,
  ) => {
    await genealogy.noteLot(manager, lotId, 'intake', at('2026-10-01T00:00:00Z'), {
      lotCode: lotId,
      sourceCategory: category,
      firstMassKg: kg,
    });
    await genealogy.stateComposition(
      manager,
      lotId,
      [{ element: 'Tb', fraction: tb }],
      at('2026-10-02T00:00:00Z'),
      true,
    );
  };
  await source('A', 'POST_CONSUMER', '11000', '0.01');
  await source('B', 'PRIMARY', '1000', '0.05');
  await source('C', 'PRE_CONSUMER', '2000', '0.0125');
  const take = async (
    movementId: string,
    runId: string,
    lotId: string,
    kind: string,
    kg: string,
    time: string,
  ) => {
    await genealogy.noteRun(manager, runId, 'separation', at(time));
    await genealogy.recordMovement(manager, { movementId, runId, lotId, kind, massKg: kg, at: at(time) });
  };
  await take('m0', 'R0', 'A', 'INPUT', '1000', '2026-10-20T08:00:00Z');
  await take('m1', 'R1', 'A', 'INPUT', '10000', '2026-11-03T08:00:00Z');
  await take('m2', 'R1', 'B', 'INPUT', '1000', '2026-11-03T09:00:00Z');
  await take('m3', 'R1', 'C', 'INPUT', '2000', '2026-11-04T08:00:00Z');
  await take('m4', 'R1', 'C', 'RETURN', '400', '2026-11-05T08:00:00Z');
  const produce = async (lotId: string, runId: string, role: string, kg: string, tb: string) => {
    await genealogy.noteLot(manager, lotId, 'separation', at('2026-11-10T00:00:00Z'), { lotCode: lotId });
    await genealogy.recordProduced(manager, lotId, runId, role, kg);
    await genealogy.stateComposition(
      manager,
      lotId,
      [{ element: 'Tb', fraction: tb }],
      at('2026-11-10T00:00:00Z'),
      true,
    );
  };
  await produce('M', 'R1', 'PRODUCT', '100', '0.99');
  await produce('N', 'R1', 'PRODUCT', '50', '0.99');
  await produce('RES', 'R1', 'RESIDUE', '181', '0.1');
  await take('m5', 'R2', 'RES', 'INPUT', '181', '2026-11-20T08:00:00Z');
  await genealogy.setBalanceLosses(manager, 'R0', { Tb: '1' });
  await genealogy.setBalanceLosses(manager, 'R1', { Tb: '3.4' });
  for (const [runId, completedAt] of [
    ['R0', '2026-10-25T00:00:00Z'],
    ['R1', '2026-11-10T00:00:00Z'],
  ]) {
    await manager.query(
      `INSERT INTO "${schema}".trace_run_balance (run_id, completed_at, closes, elements, stated_by, stated_at)
       VALUES ($1, $2, true, '[]', 'RunCompleted', $2)`,
      [runId, completedAt],
    );
  }
  const shipments = new ShipmentStore();
  for (const [shipmentId, lotId, kg, shippedAt] of [
    ['S1', 'M', '40', '2026-11-20T12:00:00Z'],
    ['S2', 'M', '50', '2026-12-02T12:00:00Z'],
    ['S3', 'N', '50', '2026-12-03T12:00:00Z'],
  ]) {
    await shipments.record(
      manager,
      { shipmentId, lotId, orderId: `O-${shipmentId}`, netMassKg: kg, shippedAt: at(shippedAt) },
      `evt-${shipmentId}`,
    );
  }
}

async function refusal(work: Promise<unknown>): Promise<TraceabilityError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TraceabilityError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function ledgerState() {
  const [accounts] = [
    await dataSource.query(
      `SELECT element, category, balance_kg::text AS balance FROM "${schema}".mb_credit_account ORDER BY element, category`,
    ),
  ];
  const [{ count }] = await dataSource.query(
    `SELECT count(*)::int AS count FROM "${schema}".mb_credit_entry`,
  );
  const [{ draws }] = await dataSource.query(`SELECT count(*)::int AS draws FROM "${schema}".mb_claim_draw`);
  return { accounts, count, draws };
}

const claim = (request: ClaimRequest) => massBalance.claim(sales, request);

describe('plant-level mass balance', () => {
  it('gives November by the rolling-average method: shares of the inputs applied to every shipment', async () => {
    const period = await massBalance.period(NOV.from, NOV.to, ['Tb'], 'ROLLING_AVERAGE');
    expect(period.chainOfCustodyModel).toBe(
      'mass balance: rolling-average method, period 2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z',
    );
    const [tb] = period.elements;
    expect(tb.inputKg.toDecimalString()).toBe('170');
    expect(tb.inputLots).toBe(3);
    expect(tb.runLossesKg.toDecimalString()).toBe('3.4');
    expect(
      tb.categories.map((c) => [c.category, c.inputKg.toDecimalString(), c.share?.toDecimalString(12)]),
    ).toEqual([
      ['POST_CONSUMER', '100', '0.588235294118'],
      ['PRE_CONSUMER', '20', '0.117647058824'],
      ['PRIMARY', '50', '0.294117647059'],
      ['UNATTRIBUTED', '0', '0'],
    ]);
    expect(tb.categories.map((c) => [c.creditsKg.toDecimalString(), c.lossesKg.toDecimalString()])).toEqual([
      ['98', '2'],
      ['19.6', '0.4'],
      ['49', '1'],
      ['0', '0'],
    ]);
    expect(tb.outputs.map((o) => [o.shipmentId, o.elementKg.toDecimalString()])).toEqual([['S1', '39.6']]);
    expect(tb.outputs[0].categories.map((c) => c.kg.toDecimalString(6))).toEqual([
      '23.294118',
      '4.658823',
      '11.647059',
      '0',
    ]);
  });

  it('refuses a period whose end is not after its start and an unknown element, with field, value and rule', async () => {
    const backwards = await refusal(massBalance.period(NOV.to, NOV.from, ['Tb'], 'CREDIT'));
    expect([backwards.code, backwards.field, backwards.value]).toEqual([
      'INVALID_INPUT',
      'to',
      '2026-11-01T00:00:00.000Z',
    ]);
    const unknown = await refusal(massBalance.period(NOV.from, NOV.to, ['Xx'], 'CREDIT'));
    expect([unknown.code, unknown.field, unknown.value]).toEqual(['INVALID_INPUT', 'elements', '"Xx"']);
    expect(unknown.rule).toContain('periodic table');
  });

  it("deposits November's credits once; an overlapping period and an unfinished one are refused", async () => {
    const deposits = await massBalance.deposit(operator, NOV.from, NOV.to, ['Tb']);
    expect(deposits.map((d) => [d.category, d.kg, d.balanceAfterKg])).toEqual([
      ['POST_CONSUMER', '98.000000', '98.000000'],
      ['PRE_CONSUMER', '19.600000', '19.600000'],
      ['PRIMARY', '49.000000', '49.000000'],
    ]);
    const before = await ledgerState();
    // the same period again: answered as deposited, nothing added
    expect((await massBalance.deposit(operator, NOV.from, NOV.to, ['Tb'])).map((d) => d.entryId)).toEqual(
      deposits.map((d) => d.entryId),
    );
    now = new Date('2026-12-20T00:00:00Z');
    const overlap = await refusal(
      massBalance.deposit(operator, new Date('2026-11-15T00:00:00Z'), new Date('2026-12-15T00:00:00Z'), [
        'Tb',
      ]),
    );
    expect(overlap.code).toBe('PERIOD_OVERLAP');
    const unfinished = await refusal(massBalance.deposit(operator, DEC.from, DEC.to, ['Tb']));
    expect([unfinished.code, unfinished.field]).toEqual(['INVALID_INPUT', 'to']);
    now = new Date('2026-12-05T00:00:00Z');
    expect(await ledgerState()).toEqual(before);
    expect(before.accounts).toEqual([
      { element: 'Tb', category: 'POST_CONSUMER', balance: '98.000000' },
      { element: 'Tb', category: 'PRE_CONSUMER', balance: '19.600000' },
      { element: 'Tb', category: 'PRIMARY', balance: '49.000000' },
    ]);
  });

  it('withdraws a claim once: a retry with its key answers it, a second claim on the same shipped Tb is refused', async () => {
    const first = await claim({
      shipmentId: 'S1',
      element: 'Tb',
      category: 'POST_CONSUMER',
      kg: '39.6',
      idempotencyKey: 'k-s1',
    });
    expect([first.entry.lotId, first.entry.kg, first.entry.balanceAfterKg, first.replayed]).toEqual([
      'M',
      '39.600000',
      '58.400000',
      false,
    ]);
    expect(first.chainOfCustodyModel).toBe(
      'mass balance: credit method, period 2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z',
    );
    expect(first.draws.map((d) => d.kg)).toEqual(['39.600000']);
    const before = await ledgerState();
    const retried = await claim({
      shipmentId: 'S1',
      element: 'Tb',
      category: 'POST_CONSUMER',
      kg: '39.6',
      idempotencyKey: 'k-s1',
    });
    expect([retried.entry.entryId, retried.replayed]).toEqual([first.entry.entryId, true]);
    const reused = await refusal(
      claim({ shipmentId: 'S1', element: 'Tb', category: 'POST_CONSUMER', kg: '39', idempotencyKey: 'k-s1' }),
    );
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const duplicate = await refusal(
      claim({
        shipmentId: 'S1',
        lotId: 'M',
        element: 'Tb',
        category: 'PRE_CONSUMER',
        kg: '1',
        idempotencyKey: 'k-s1-pre',
      }),
    );
    expect([duplicate.code, duplicate.field, duplicate.value]).toEqual([
      'DUPLICATE_CLAIM',
      'shipmentId',
      'S1 / M',
    ]);
    const beyondShipped = await refusal(
      claim({ shipmentId: 'S2', element: 'Tb', category: 'POST_CONSUMER', kg: '49.500001' }),
    );
    expect([beyondShipped.code, beyondShipped.field]).toEqual(['INVALID_INPUT', 'kg']);
    expect(beyondShipped.rule).toContain('(49.500000 kg)');
    const primary = await refusal(claim({ shipmentId: 'S2', element: 'Tb', category: 'PRIMARY', kg: '1' }));
    expect([primary.code, primary.field]).toEqual(['INVALID_INPUT', 'category']);
    const noShipment = await refusal(
      claim({ shipmentId: 'S9', element: 'Tb', category: 'POST_CONSUMER', kg: '1' }),
    );
    expect(noShipment.code).toBe('UNKNOWN_SHIPMENT');
    expect(await ledgerState()).toEqual(before);
  });

  it('lets one of two concurrent claims for the last credits win; the other is refused and changes nothing', async () => {
    // 58.4 kg left: each claim wants 40 kg, so only one fits.
    const results = await Promise.allSettled([
      claim({ shipmentId: 'S2', element: 'Tb', category: 'POST_CONSUMER', kg: '40', idempotencyKey: 'k-s2' }),
      claim({ shipmentId: 'S3', element: 'Tb', category: 'POST_CONSUMER', kg: '40', idempotencyKey: 'k-s3' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0].reason as TraceabilityError).code).toBe('INSUFFICIENT_CREDITS');
    expect((lost[0].reason as TraceabilityError).rule).toContain('(18.400000 kg)');
    const ledger = await massBalance.creditLedger('Tb', 'POST_CONSUMER');
    expect(ledger.balanceKg).toBe('18.400000');
    expect(ledger.entries.map((e) => [e.kind, e.kg, e.balanceAfterKg])).toEqual([
      ['DEPOSIT', '98.000000', '98.000000'],
      ['CLAIM', '39.600000', '58.400000'],
      ['CLAIM', '40.000000', '18.400000'],
    ]);
  });

  it('refuses a claim beyond the balance with nothing changed, takes the last credits exactly, never goes negative', async () => {
    const before = await ledgerState();
    const beyond = await refusal(claim({ lotId: 'M', element: 'Tb', category: 'POST_CONSUMER', kg: '19' }));
    expect([beyond.code, beyond.field, beyond.value]).toEqual(['INSUFFICIENT_CREDITS', 'kg', '19.000000']);
    expect(beyond.rule).toBe(
      'must not exceed the POST_CONSUMER Tb credit balance (18.400000 kg): the account never goes negative',
    );
    expect(await ledgerState()).toEqual(before);
    const last = await claim({ lotId: 'M', element: 'Tb', category: 'POST_CONSUMER', kg: '18.4' });
    expect([last.entry.shipmentId, last.entry.balanceAfterKg]).toEqual(['', '0.000000']);
    const empty = await refusal(
      claim({ shipmentId: 'S3', element: 'Tb', category: 'POST_CONSUMER', kg: '0.000001' }),
    );
    expect(['INSUFFICIENT_CREDITS', 'DUPLICATE_CLAIM']).toContain(empty.code);
    // deposits 98 = claims 39.6 + 40 + 18.4; the deposit fully drawn
    const ledger = await massBalance.creditLedger('Tb', 'POST_CONSUMER');
    expect(ledger.balanceKg).toBe('0.000000');
    expect(ledger.entries[0].remainingKg).toBe('0.000000');
    const [{ drawn }] = await dataSource.query(
      `SELECT sum(kg)::text AS drawn FROM "${schema}".mb_claim_draw WHERE deposit_entry_id = $1`,
      [ledger.entries[0].entryId],
    );
    expect(drawn).toBe('98.000000');
    // the database is the last word: a balance below zero is refused whoever writes it
    await expect(
      dataSource.query(
        `UPDATE "${schema}".mb_credit_account SET balance_kg = balance_kg - 0.000001 WHERE element = 'Tb' AND category = 'POST_CONSUMER'`,
      ),
    ).rejects.toThrow(/check/i);
  });

  it('reports the credit method for a period: deposited, claimed in it, balances now', async () => {
    const dec = await massBalance.period(DEC.from, DEC.to, ['Tb'], 'CREDIT');
    expect(dec.chainOfCustodyModel).toBe(
      'mass balance: credit method, period 2026-12-01T00:00:00.000Z/2027-01-01T00:00:00.000Z',
    );
    const credit = dec.credit?.get('Tb');
    expect(credit?.deposited).toBe(false);
    expect(Object.fromEntries(credit?.claimedKg ?? [])).toEqual({
      POST_CONSUMER: '98.000000',
      PRE_CONSUMER: '0.000000',
      PRIMARY: '0.000000',
    });
    expect(Object.fromEntries(credit?.balanceKg ?? [])).toEqual({
      POST_CONSUMER: '0.000000',
      PRE_CONSUMER: '19.600000',
      PRIMARY: '49.000000',
    });
    const nov = await massBalance.period(NOV.from, NOV.to, ['Tb'], 'CREDIT');
    expect(nov.credit?.get('Tb')?.deposited).toBe(true);
    const claims = await massBalance.claims({ lotId: 'M' });
    expect(claims.map((c) => [c.entry.shipmentId, c.entry.kg])).toEqual(
      expect.arrayContaining([
        ['S1', '39.600000'],
        ['', '18.400000'],
      ]),
    );
  });
});

// PGlite has one connection, so only PostgreSQL can hold a lock while a claim waits for it: the
// suite is not declared on PGlite (a skipped test fails CI).
if (process.env.TEST_DATABASE !== 'pglite') {
  describe('the account lock (PostgreSQL)', () => {
    it('makes a claim wait for a concurrent withdrawal and read the balance it left', async () => {
      const held = dataSource.createQueryRunner();
      await held.connect();
      await held.startTransaction();
      try {
        await held.query(
          `SELECT balance_kg FROM "${schema}".mb_credit_account WHERE element = 'Tb' ORDER BY category FOR UPDATE`,
        );
        // another writer takes the last 19.6 kg of pre-consumer credits, not committed yet
        await held.query(
          `UPDATE "${schema}".mb_credit_account SET balance_kg = balance_kg - 19.6 WHERE element = 'Tb' AND category = 'PRE_CONSUMER'`,
        );
        let settled = false;
        const waiting = claim({ lotId: 'N', element: 'Tb', category: 'PRE_CONSUMER', kg: '5' }).finally(
          () => {
            settled = true;
          },
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(settled).toBe(false);
        await held.commitTransaction();
        const refused = await refusal(waiting);
        expect([refused.code, refused.rule]).toEqual([
          'INSUFFICIENT_CREDITS',
          'must not exceed the PRE_CONSUMER Tb credit balance (0.000000 kg): the account never goes negative',
        ]);
      } finally {
        if (held.isTransactionActive) await held.rollbackTransaction();
        await held.release();
      }
    });
  });
}

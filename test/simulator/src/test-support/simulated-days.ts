import { parseDecimal } from '@rre/quantities';
import { waitFor } from '@rre/testing';
import path from 'node:path';
import { requestLogDigest } from '../drive/plant-driver';
import { PlatformClient } from '../drive/platform-client';
import { signingKeyTokens, type TokenSource } from '../drive/token-source';
import { ACCOUNTED_ELEMENTS, plantAccounts, salesBooks, unaccountedKg } from '../plan/plant-ledger';
import { AUDITOR } from '../plant/plant-actors';
import { FAULT_KINDS } from '../plan/planned-request';
import { readPlatformAccounts } from '../report/platform-accounts';
import { accountDifferences, salesDifferences } from '../report/simulation-summary';
import { simulatePlant, type SimulatedPlant } from '../simulate-plant';
import type { PlatformUnderTest } from './platform-under-test';

/** The seed and length of the end-to-end run: every fault kind and both quarantine decisions occur. */
export const E2E_SETTINGS = { seed: '7', days: 3 } as const;

/** `requestLogDigest` of E2E_SETTINGS' plan: changes only when the simulator's plant changes. */
export const E2E_REQUEST_LOG_DIGEST = '024b5bbc3fa51893aac5cdf1deac47931b59d365923fe7cec5542ff2bcdf97d4';

/**
 * No event of a simulated lot or run was parked, in any service's dead-letter table. The platform's
 * consumer groups have fixed names, so a broker shared with other tests may park their events:
 * what matters is that none is ours (the injected faults are refused at the API, never parked).
 */
export async function expectNoDeadLetterOf(
  platform: PlatformUnderTest,
  ours: ReadonlySet<string>,
): Promise<void> {
  const tables = await platform.query<{ table_schema: string }>(
    `SELECT table_schema FROM information_schema.tables WHERE table_name = 'dead_letter' ORDER BY 1`,
  );
  expect(tables.length).toBeGreaterThan(0);
  for (const { table_schema } of tables) {
    const parked = await platform.query<{
      key: string;
      consumer: string;
      type: string;
      reason: string;
      error: string;
    }>(
      `SELECT key, consumer, type, reason, left(error, 300) AS error FROM "${table_schema}".dead_letter ORDER BY id`,
    );
    expect([table_schema, parked.filter((row) => ours.has(row.key))]).toEqual([table_schema, []]);
  }
}

/**
 * Every shipment's passport, read as an authority, reaches recycledContentStatus COMPLETE:
 * traceability's frozen recycled-content statement of each shipped lot has arrived in it.
 */
async function expectPassportsComplete(
  platform: PlatformUnderTest,
  tokens: TokenSource,
  passportIds: readonly string[],
): Promise<void> {
  const client = new PlatformClient({ url: platform.process.graphqlUrl, tokens });
  expect(passportIds.length).toBeGreaterThan(0);
  const statuses = async () =>
    Promise.all(
      passportIds.map(async (id) => (await client.passport(AUDITOR, id))['recycledContentStatus'] as string),
    );
  await waitFor(
    async () => (await statuses()).every((status) => status === 'COMPLETE'),
    "every shipment's passport carries traceability's statement",
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  expect(await statuses()).toEqual(passportIds.map(() => 'COMPLETE'));
}

/**
 * Simulates the short seeded period against the platform and checks what users rely on: every
 * simulated kilogram of Dy and Tb is where the platform says it is (held at intake, in
 * concentration, separation or reduction, offered onward as metal, lost, or in a run's imbalance),
 * to the last digit; the oxide and metal produced; every injected fault refused, replayed or
 * corrected; every run's balance closing, the overridden ones after their correction; the requests
 * sent exactly the planned ones (the request log's digest); no event of a simulated lot or run
 * dead-lettered (on PostgreSQL, where the test can read the platform's tables).
 */
export async function simulateAndCheck(
  platform: PlatformUnderTest,
  options: { sharedBroker: boolean },
): Promise<SimulatedPlant> {
  const tokens = await signingKeyTokens({ keyDir: path.join(platform.dataDir, 'keys'), env: {} });
  const simulated = await simulatePlant({
    target: platform.process.graphqlUrl,
    tokens,
    settings: E2E_SETTINGS,
  });
  const { plan, result, report, sales } = simulated;
  if (!report || !sales) throw new Error('no report');

  // The period holds every kind of fault, and each was caught.
  for (const kind of FAULT_KINDS) {
    expect([kind, result.faults[kind].injected]).toEqual([kind, plan.faults[kind]]);
    expect([kind, result.faults[kind].caught]).toEqual([kind, result.faults[kind].injected]);
    expect([kind, plan.faults[kind] > 0]).toEqual([kind, true]);
  }
  // Resends with the same key were replays; nothing else was.
  expect(result.replays).toBe(plan.requests.filter((r) => r.expect.outcome === 'replayed').length);

  // Every kilogram: the platform's figures are the simulator's books, exactly.
  const expected = plantAccounts(plan.ledger);
  expect(accountDifferences(expected, report.accounts)).toEqual([]);
  expect(report.accounts).toEqual(expected);
  for (const element of ACCOUNTED_ELEMENTS) {
    expect([element, unaccountedKg(report.accounts, element).toString()]).toEqual([element, '0']);
    expect(parseDecimal(report.accounts.registered[element] ?? '0').greaterThan(0)).toBe(true);
  }
  // The seed's products, written out: every concentrate went through separation; the third
  // campaign's oxides were sold as such, the others' reduced to metal; both offered onward to sales.
  expect([report.accounts.inOxides, report.accounts.inMetal, report.accounts.offeredOnward]).toEqual([
    { Dy: '74.069379820049802', Tb: '6.991932318714552' },
    { Dy: '66.2523303425914', Tb: '5.1947761367327' },
    { Dy: '68.24584593295917', Tb: '6.578774203457956' },
  ]);
  expect(report.accounts.runsByKind).toEqual({
    LEACHING: 2,
    ADSORPTION: 4,
    SOLVENT_EXTRACTION: 3,
    PRECIPITATION: 6,
    CALCINATION: 6,
    ELECTROLYSIS: 4,
    VACUUM_DISTILLATION: 4,
  });
  // Sales: every kilogram shipped is the simulator's, exactly, per product; a passport per shipment.
  expect(salesDifferences(salesBooks(plan.ledger), sales.books)).toEqual([]);
  expect(sales.books).toEqual({
    shipments: 3,
    passports: 3,
    acceptedKg: { 'DY-METAL': '66.941', DY2O3: '2.29', 'TB-METAL': '4.702', TB4O7: '1.626' },
    shippedKg: { 'DY-METAL': '66.9', DY2O3: '2.2', 'TB-METAL': '4.6', TB4O7: '1.6' },
  });
  expect(sales.shipments.map((s) => s.id).sort()).toEqual(
    plan.ledger.shipments.map((s) => result.refs.get(s.ref)).sort(),
  );
  await expectPassportsComplete(
    platform,
    tokens,
    sales.shipments.map((s) => s.passportId),
  );

  // Same seed, same requests: what was sent is the plan, request by request.
  expect(result.requestLogDigest).toBe(requestLogDigest(plan));
  expect(result.requestLogDigest).toBe(E2E_REQUEST_LOG_DIGEST);
  // Read without the filter on the simulated ids: intake's own database holds no other lot, so a
  // retried registration made no second one. Concentration's copy too, unless a broker shared with
  // other tests brings their leftover events (their lots, never ours).
  const everything = await readPlatformAccounts(
    new PlatformClient({ url: platform.process.graphqlUrl, tokens }),
  );
  expect([everything.accounts.lotsRegistered, everything.accounts.registered]).toEqual([
    expected.lotsRegistered,
    expected.registered,
  ]);
  if (!options.sharedBroker) expect(everything.accounts).toEqual(expected);
  expect(report.accounts.lotsRegistered).toBe(
    [...plan.ledger.lots.values()].filter((l) => l.origin === 'INTAKE').length,
  );

  // Runs: all completed and closing; the one with the stale concentrate assay overridden, then corrected.
  expect(report.runs.map((r) => r.status)).toEqual(plan.ledger.runs.map(() => 'COMPLETED'));
  expect(report.runs.filter((r) => !r.balance.closes).map((r) => r.id)).toEqual([]);
  expect(report.runs.filter((r) => r.override !== null)).toHaveLength(
    plan.faults.UNBALANCED_RUN + plan.faults.UNCLOSED_BATCH,
  );
  if (platform.databaseUrl) await expectNoDeadLetterOf(platform, new Set(result.refs.values()));

  // Traceability's plant balance over the time the simulation ran: every simulated run, each closing
  // (an UNCLOSED_BATCH is corrected with reductionCorrectRun, whose corrected alloy assay reaches the
  // genealogy through RunCorrected).
  const { reconciliation } = simulated;
  expect(reconciliation?.runCount).toBe(plan.ledger.runs.length);
  expect((reconciliation?.runsNotClosed ?? []).map((r) => r.run.runId)).toEqual([]);
  // Its totals are the simulator's books: the losses declared, and the runs' differences summed.
  const traced = (field: 'lossesKg' | 'differenceKg') =>
    Object.fromEntries(
      ACCOUNTED_ELEMENTS.map((e) => [
        e,
        parseDecimal(reconciliation?.elements.find((x) => x.element === e)?.[field] ?? 'NaN').toString(),
      ]),
    );
  const booked = (figures: Readonly<Record<string, string>>) =>
    Object.fromEntries(ACCOUNTED_ELEMENTS.map((e) => [e, parseDecimal(figures[e] ?? 'NaN').toString()]));
  expect([traced('lossesKg'), traced('differenceKg')]).toEqual([
    booked(expected.losses),
    booked(expected.imbalance),
  ]);
  // Two lots above 1 Bq/g: one released (and adsorbed), one rejected (still at intake).
  expect([plan.quarantined, plan.released, plan.rejected]).toEqual([2, 1, 1]);
  return simulated;
}

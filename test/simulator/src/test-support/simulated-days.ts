import { parseDecimal } from '@rre/quantities';
import path from 'node:path';
import { PlatformClient } from '../drive/platform-client';
import { signingKeyTokens } from '../drive/token-source';
import { ACCOUNTED_ELEMENTS, plantAccounts, unaccountedKg } from '../plan/plant-ledger';
import { FAULT_KINDS } from '../plan/planned-request';
import { readPlatformAccounts } from '../report/platform-accounts';
import { accountDifferences } from '../report/simulation-summary';
import { simulatePlant, type SimulatedPlant } from '../simulate-plant';
import type { PlatformUnderTest } from './platform-under-test';

/** The seed and length of the end-to-end run: every fault kind and both quarantine decisions occur. */
export const E2E_SETTINGS = { seed: '7', days: 3 } as const;

/**
 * Simulates the short seeded period against the platform and checks what users rely on: every
 * simulated kilogram of Dy and Tb is where the platform says it is (held at intake or in
 * concentration, in concentrates, lost, or in a run's imbalance), to the last digit; every
 * injected fault was refused, replayed or corrected; every run's balance closes, the overridden
 * one after its correction.
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
  const { plan, result, report } = simulated;
  if (!report) throw new Error('no report');

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
  expect(parseDecimal(report.accounts.inConcentrates['Dy'] ?? '0').greaterThan(0)).toBe(true);
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
  expect(report.runs.filter((r) => r.override !== null)).toHaveLength(plan.faults.UNBALANCED_RUN);
  // Two lots above 1 Bq/g: one released (and adsorbed), one rejected (still at intake).
  expect([plan.quarantined, plan.released, plan.rejected]).toEqual([2, 1, 1]);
  return simulated;
}

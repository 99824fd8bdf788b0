import type { DriveResult } from '../drive/plant-driver';
import { planPlantOperation } from '../plan/plant-planner';
import { FAULT_KINDS } from '../plan/planned-request';
import { plantBalanceCloses, type PlantReconciliation } from './plant-reconciliation';
import { summaryLines } from './simulation-summary';

const element = (name: string, runsNotClosed: number, unclosedDifferenceKg: string) => ({
  element: name,
  runs: 3,
  totalInKg: '10.5',
  outputsKg: '10.2',
  lossesKg: '0.1',
  totalOutKg: '10.3',
  differenceKg: '0.2',
  unclosedDifferenceKg,
  runsNotClosed,
});

const closing: PlantReconciliation = {
  from: '2026-11-29T04:00:00.000Z',
  to: '2026-11-29T05:00:00.000Z',
  runCount: 3,
  elements: [element('Dy', 0, '0'), element('Tb', 0, '0')],
  runsNotClosed: [],
  overrides: [],
};
const notClosing: PlantReconciliation = {
  ...closing,
  elements: [element('Dy', 0, '0'), element('Tb', 1, '-1.554035')],
  runsNotClosed: [{ run: { runId: 'RUN-7' }, elements: ['Tb'] }],
};

describe("the simulation's end checks", () => {
  it('closes the plant balance only when no run of the period is left not closed', () => {
    expect(plantBalanceCloses(closing)).toBe(true);
    expect(plantBalanceCloses(notClosing)).toBe(false);
  });

  it('prints dead letters, faults caught and the plant balance, with yes or NO', () => {
    const plan = planPlantOperation({ seed: '7', days: 3 });
    const result: DriveResult = {
      requestLogDigest: 'f'.repeat(64),
      requests: plan.requests.length,
      effects: 0,
      replays: 0,
      faults: Object.fromEntries(
        FAULT_KINDS.map((k) => [
          k,
          { injected: plan.faults[k], caught: k === 'GRADE_NOT_MET' ? 0 : plan.faults[k] },
        ]),
      ) as DriveResult['faults'],
      refs: new Map([['lot:A', 'LOT-1']]),
      seconds: 1,
    };
    const parked = {
      service: 'sales',
      consumer: 'sales.x',
      type: 't',
      status: 'parked',
      reason: 'r',
      error: 'e',
    };
    const lines = summaryLines(plan, result, undefined, undefined, {
      reconciliation: notClosing,
      deadLetters: [
        { ...parked, key: 'LOT-1' },
        { ...parked, key: 'OTHER' },
      ],
    }).join('\n');
    const injected = FAULT_KINDS.reduce((n, k) => n + plan.faults[k], 0);
    expect(lines).toContain(
      '    dead letters: 1 of the simulated lots or runs: NO (1 of other lots or runs)',
    );
    expect(lines).toContain(
      `    faults caught: ${injected - plan.faults.GRADE_NOT_MET} of ${injected} injected refused, replayed or corrected as planned: NO`,
    );
    expect(lines).toContain("plant balance (traceability's plantReconciliation, 3 runs completed");
    expect(lines).toContain('): closes NO');
    expect(lines).toContain(
      '      Tb in 10.5 kg, out 10.3 kg (outputs 10.2 kg, losses 0.1 kg), difference 0.2 kg; 1 runs not closed, their difference -1.554 kg',
    );
    expect(lines).toContain('      not closed: RUN-7 (Tb)');
    const calm = summaryLines(
      plan,
      {
        ...result,
        faults: Object.fromEntries(
          FAULT_KINDS.map((k) => [k, { injected: 1, caught: 1 }]),
        ) as DriveResult['faults'],
      },
      undefined,
      undefined,
      {
        reconciliation: closing,
        deadLetters: [],
      },
    ).join('\n');
    expect(calm).toContain('    dead letters: none of the simulated lots or runs: yes');
    expect(calm).toContain(
      `    faults caught: ${FAULT_KINDS.length} of ${FAULT_KINDS.length} injected refused, replayed or corrected as planned: yes`,
    );
    expect(calm).toContain('): closes yes');
    expect(summaryLines(plan, result, undefined).join('\n')).toContain('    dead letters: not read');
  });
});

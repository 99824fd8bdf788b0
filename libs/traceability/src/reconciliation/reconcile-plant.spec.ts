import { reconcilePlant } from './reconcile-plant';
import type { ElementReconciliation, RunReconciliation } from './reconcile-run';

const figures = (
  element: string,
  inKg: string,
  outKg: string,
  lossKg: string,
  totalOutKg: string,
  differenceKg: string,
  closes: boolean,
): ElementReconciliation => ({
  element,
  openingInventoryKg: '0',
  inputsKg: inKg,
  totalInKg: inKg,
  productsKg: outKg,
  byProductsKg: '0',
  residuesKg: '0',
  closingInventoryKg: '0',
  outputsKg: outKg,
  lossesKg: lossKg,
  totalOutKg,
  differenceKg,
  toleranceKg: '0.002',
  closes,
});

const run = (
  runId: string,
  at: string,
  tb: ElementReconciliation,
  status: RunReconciliation['status'],
  override?: RunReconciliation['override'],
): RunReconciliation => ({
  runId,
  service: 'separation',
  runStatus: 'COMPLETED',
  completedAt: new Date(at),
  status,
  closes: status === 'CLOSED',
  elements: [tb],
  override,
});

describe('reconcilePlant', () => {
  it('sums every run per element, and lists the runs that did not close and the overrides', () => {
    const override = {
      runId: 'R3',
      reason: 'scale recalibrated after the run',
      overriddenBy: { subjectId: 'usr-lead' },
      at: new Date('2026-11-03T09:00:00Z'),
    };
    const plant = reconcilePlant(
      { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') },
      [
        run(
          'R3',
          '2026-11-03T09:00:00Z',
          figures('Tb', '2.5', '2.49', '0.005', '2.495', '0.005', false),
          'OVERRIDDEN',
          override,
        ),
        run(
          'R1',
          '2026-11-01T08:00:00Z',
          figures('Tb', '1.1', '1.085', '0.014', '1.099', '0.001', true),
          'CLOSED',
        ),
        run(
          'R2',
          '2026-11-02T08:00:00Z',
          figures('Tb', '0.8', '0.803', '0', '0.803', '-0.003', false),
          'NOT_CLOSED',
        ),
      ],
    );
    expect(plant.runCount).toBe(3);
    expect(plant.elements).toEqual([
      {
        element: 'Tb',
        runs: 3,
        openingInventoryKg: '0',
        inputsKg: '4.4',
        totalInKg: '4.4',
        productsKg: '4.378',
        byProductsKg: '0',
        residuesKg: '0',
        closingInventoryKg: '0',
        outputsKg: '4.378',
        lossesKg: '0.019',
        totalOutKg: '4.397',
        differenceKg: '0.003',
        unclosedDifferenceKg: '0.002',
        runsNotClosed: 2,
      },
    ]);
    expect(plant.runsNotClosed.map((each) => [each.run.runId, each.run.status, each.elements])).toEqual([
      ['R2', 'NOT_CLOSED', ['Tb']],
      ['R3', 'OVERRIDDEN', ['Tb']],
    ]);
    expect(plant.overrides).toEqual([override]);
  });
});

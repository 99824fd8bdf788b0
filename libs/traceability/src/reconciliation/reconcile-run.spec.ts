import { type GenealogyLot, type GenealogyRun, genealogyOf } from '../domain/genealogy';
import { reconcileRun } from './reconcile-run';
import type { PublishedBalance } from './run-balance-facts';

const lot = (
  lotId: string,
  massKg: string,
  composition: Record<string, string>,
  producedByRunId?: string,
): GenealogyLot => ({
  lotId,
  massKg,
  composition,
  producedByRunId,
});

/**
 * A leaching run: takes 40 kg of A (2.5 % Tb, 5 % Dy) and 2 kg of opening inventory O (5 % Tb);
 * puts out product P 5 kg (19 % Tb, 30 % Dy), residue Q 35 kg (0.1 % Tb, 1.4 % Dy), closing
 * inventory C 1 kg (10 % Tb); declares 0.014 kg Tb and 0.01 kg Dy lost.
 *   Tb in: 1.000 + 0.100 = 1.100; out: 0.950 + 0.035 + 0.100 = 1.085, + 0.014 lost = 1.099; difference +0.001
 *   Dy in: 2.000; out: 1.500 + 0.490 = 1.990, + 0.010 lost = 2.000; difference 0
 */
const lots = [
  lot('A', '40', { Tb: '0.025', Dy: '0.05' }),
  lot('O', '2', { Tb: '0.05' }),
  lot('P', '5', { Tb: '0.19', Dy: '0.3' }, 'R'),
  lot('Q', '35', { Tb: '0.001', Dy: '0.014' }, 'R'),
  lot('C', '1', { Tb: '0.1' }, 'R'),
];
const run: GenealogyRun = {
  runId: 'R',
  service: 'concentration',
  kind: 'LEACHING',
  status: 'COMPLETED',
  inputs: [
    { lotId: 'A', role: 'INPUT', netMassKg: '40' },
    { lotId: 'O', role: 'OPENING_INVENTORY', netMassKg: '2' },
  ],
  outputs: [
    { lotId: 'P', role: 'PRODUCT', massKg: '5' },
    { lotId: 'Q', role: 'RESIDUE', massKg: '35' },
    { lotId: 'C', role: 'IN_PROCESS_INVENTORY', massKg: '1' },
  ],
  lossesKg: { Tb: '0.014', Dy: '0.01' },
};
const genealogy = genealogyOf(lots, [run]);
const completedAt = new Date('2026-11-28T10:00:00Z');
const balance = (tbToleranceKg: string, closes: boolean): PublishedBalance => ({
  completedAt,
  statedBy: 'RunCompleted',
  statedAt: completedAt,
  basis: 'FINAL',
  coverageFactor: '2',
  closes,
  elements: [
    { element: 'Dy', imbalanceKg: '0', toleranceKg: '0.004', closes: true },
    { element: 'Tb', imbalanceKg: '0.001', toleranceKg: tbToleranceKg, closes },
  ],
});

describe('reconcileRun', () => {
  it('closes a run whose difference is within the tolerance it published', () => {
    const reconciliation = reconcileRun(genealogy, run, { balance: balance('0.002', true) });
    expect(reconciliation.status).toBe('CLOSED');
    expect(reconciliation.closes).toBe(true);
    expect(reconciliation.elements.map((e) => e.element)).toEqual(['Dy', 'Tb']);
    expect(reconciliation.elements[1]).toEqual({
      element: 'Tb',
      openingInventoryKg: '0.1',
      inputsKg: '1',
      totalInKg: '1.1',
      productsKg: '0.95',
      byProductsKg: '0',
      residuesKg: '0.035',
      closingInventoryKg: '0.1',
      outputsKg: '1.085',
      lossesKg: '0.014',
      totalOutKg: '1.099',
      differenceKg: '0.001',
      toleranceKg: '0.002',
      closes: true,
      publishedImbalanceKg: '0.001',
      publishedCloses: true,
    });
    expect(reconciliation.elements[0]).toMatchObject({
      element: 'Dy',
      totalInKg: '2',
      productsKg: '1.5',
      residuesKg: '0.49',
      totalOutKg: '2',
      differenceKg: '0',
      closes: true,
    });
  });

  it('flags a run whose difference exceeds its tolerance, and names the element', () => {
    const reconciliation = reconcileRun(genealogy, run, { balance: balance('0.0005', false) });
    expect(reconciliation.status).toBe('NOT_CLOSED');
    expect(reconciliation.closes).toBe(false);
    expect(reconciliation.elements.map((e) => [e.element, e.differenceKg, e.toleranceKg, e.closes])).toEqual([
      ['Dy', '0', '0.004', true],
      ['Tb', '0.001', '0.0005', false],
    ]);
  });

  it('reports an overridden run with who, who approved, why and when', () => {
    const override = {
      runId: 'R',
      reason: 'Tb assay of the residue under review',
      overriddenBy: { subjectId: 'usr-shift-lead', organisationId: 'org-plant' },
      approvedBy: { subjectId: 'usr-qa', organisationId: 'org-plant' },
      at: completedAt,
    };
    const reconciliation = reconcileRun(genealogy, run, { balance: balance('0.0005', false), override });
    expect(reconciliation.status).toBe('OVERRIDDEN');
    expect(reconciliation.override).toEqual(override);
  });

  it('closes an element without a published tolerance only on an exact zero, and leaves an open run OPEN', () => {
    const open = reconcileRun(genealogy, run, { elements: ['Dy', 'Tb'] });
    expect(open.status).toBe('OPEN');
    expect(open.closes).toBe(false);
    expect(open.elements.map((e) => [e.element, e.differenceKg, e.toleranceKg, e.closes])).toEqual([
      ['Dy', '0', undefined, true],
      ['Tb', '0.001', undefined, false],
    ]);
  });
});

import { parseDecimal } from '@rre/quantities';
import { computeMassBalance, type LotBalanceTerm } from './mass-balance';

const k2 = { coverageFactor: parseDecimal('2') };

function lot(
  side: LotBalanceTerm['side'],
  lotId: string,
  massKg: string,
  composition?: LotBalanceTerm['composition'],
) {
  return { side, lotId, massKg: parseDecimal(massKg), composition, provisional: false };
}

describe('computeMassBalance', () => {
  it('closes exactly: 1000 kg at 5 % Dy in, 100 kg at 48 % Dy + 900 kg at 0.2 % Dy out, 0.2 kg Dy off-gas', () => {
    const balance = computeMassBalance(
      [
        lot('INPUT', 'feed', '1000', { Dy: { fraction: '0.05' } }),
        lot('OUTPUT', 'conc', '100', { Dy: { fraction: '0.48' } }),
        lot('OUTPUT', 'res', '900', { Dy: { fraction: '0.002' } }),
      ],
      [{ element: 'Dy', massKg: parseDecimal('0.2'), kind: 'OFF_GAS' }],
      k2,
    );
    expect(balance.elements).toEqual([
      expect.objectContaining({
        element: 'Dy',
        inputsKg: '50',
        outputsKg: '49.8',
        lossesKg: '0.2',
        imbalanceKg: '0',
        toleranceKg: '0',
        closes: true,
      }),
    ]);
    expect(balance.closes).toBe(true);
  });

  it('refuses outputs holding 5 % more Dy than the inputs when the uncertainties are small: 52.5 kg out of 50 kg in', () => {
    const balance = computeMassBalance(
      [
        lot('INPUT', 'feed', '1000', { Dy: { fraction: '0.05', uncertainty: '0.0005' } }),
        lot('OUTPUT', 'conc', '105', { Dy: { fraction: '0.5', uncertainty: '0.005' } }),
      ],
      [],
      k2,
    );
    const dy = balance.elements[0];
    expect(dy?.outputsKg).toBe('52.5');
    expect(dy?.imbalanceKg).toBe('-2.5');
    expect(dy?.relativeImbalance).toBe('-0.05');
    // u = sqrt((1000 x 0.0005)^2 + (105 x 0.005)^2) = sqrt(0.25 + 0.275625) = 0.725 kg; k = 2 -> 1.45 kg
    expect(dy?.combinedUncertaintyKg).toBe('0.725');
    expect(dy?.toleranceKg).toBe('1.45');
    expect(dy?.closes).toBe(false);
    expect(balance.closes).toBe(false);
  });

  it('accepts the same imbalance when the combined uncertainty covers it (k x u = 3 kg >= 2.5 kg)', () => {
    const balance = computeMassBalance(
      [
        lot('INPUT', 'feed', '1000', { Dy: { fraction: '0.05', uncertainty: '0.0015' } }),
        lot('OUTPUT', 'conc', '105', { Dy: { fraction: '0.5' } }),
      ],
      [],
      k2,
    );
    expect(balance.elements[0]?.toleranceKg).toBe('3');
    expect(balance.closes).toBe(true);
  });

  it('counts opening and closing inventory, leaves reagents out, and lists lots that do not state an element', () => {
    const balance = computeMassBalance(
      [
        lot('OPENING_INVENTORY', 'heel-1', '50', { Tb: { fraction: '0.01' } }),
        lot('INPUT', 'feed', '200', { Tb: { fraction: '0.02' }, Fe: { fraction: '0.5' } }),
        lot('INPUT', 'acid', '80'),
        lot('OUTPUT', 'conc', '10', { Tb: { fraction: '0.3' } }),
        lot('CLOSING_INVENTORY', 'heel-2', '50', { Tb: { fraction: '0.01' } }),
        lot('OUTPUT', 'res', '270', { Tb: { fraction: '0.003' }, Fe: { fraction: '0.37' } }),
      ],
      [],
      { ...k2, trackedElements: ['Tb', 'Fe'] },
    );
    const [tb, fe] = balance.elements;
    // Tb: 0.5 + 4 = 3 + 0.5 + 0.81 + 0.19 unaccounted
    expect(tb).toMatchObject({
      openingInventoryKg: '0.5',
      inputsKg: '4',
      outputsKg: '3.81',
      outputsByRoleKg: { PRODUCT: '3.81' },
      closingInventoryKg: '0.5',
      imbalanceKg: '0.19',
      closes: false,
    });
    expect(fe).toMatchObject({
      inputsKg: '100',
      outputsKg: '99.9',
      imbalanceKg: '0.1',
      unstatedBy: ['heel-1', 'conc', 'heel-2'],
    });
  });

  it('marks a balance provisional when any lot term is on a provisional assay', () => {
    const balance = computeMassBalance(
      [{ ...lot('INPUT', 'feed', '10', { Dy: { fraction: '0.1' } }), provisional: true }],
      [],
      k2,
    );
    expect(balance.provisional).toBe(true);
  });
});

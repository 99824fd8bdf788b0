/** A mass in kilograms, as the contracts carry it. */
export const kg = (value: string) => ({ value, unitCode: 'KGM' });

/** An element composition of mass fractions (`{ Tb: '0.05' }`). */
export const composition = (fractions: Record<string, string>) => ({
  contents: Object.entries(fractions).map(([element, massFraction]) => ({
    element,
    massFraction,
    unitCode: 'C62',
  })),
});

/** A composition that states Tb only, with its uncertainty when given. */
export const tb = (fraction: string, uncertainty = '') => ({
  contents: [{ element: 'Tb', massFraction: fraction, unitCode: 'C62', uncertainty }],
});

/** A lot reference; its code is the id's first part (`A` of `A-01J…`) unless given. */
export const lotRef = (lotId: string, lotCode = lotId.split('-')[0]) => ({ lotId, lotCode });

/** A lot reference coded `CODE-` and the id's first three characters. */
export const shortCodeLotRef = (lotId: string) => lotRef(lotId, `CODE-${lotId.slice(0, 3)}`);

import { parseDecimal } from '@rre/quantities';
import { screenResidue } from './residue-screening';

describe('residue screening', () => {
  it('exceeds the threshold at 200 ppm U and 500 ppm Th: 2.46 + 2.05 = 4.51', () => {
    expect(screenResidue(parseDecimal('0.0002'), parseDecimal('0.0005'))).toEqual({
      uraniumPpm: '200',
      thoriumPpm: '500',
      sumOfRatios: '4.51',
      threshold: '1',
      outcome: 'EXCEEDED',
    });
  });

  it('clears 40 ppm U and 80 ppm Th: 0.492 + 0.328 = 0.82', () => {
    expect(screenResidue(parseDecimal('0.00004'), parseDecimal('0.00008'))).toMatchObject({
      sumOfRatios: '0.82',
      outcome: 'CLEARED',
    });
  });
});

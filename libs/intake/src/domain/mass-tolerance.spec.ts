import { Mass, MassFraction } from '@rre/quantities';
import { compareDeclaredWithNet } from './mass-tolerance';

const kg = (value: string) => Mass.of(value, 'KGM');
const twoPercent = MassFraction.of('2', 'P1');

describe('compareDeclaredWithNet (tolerance 2 % of the declared mass)', () => {
  it('1000 kg declared, 980 kg weighed: 20 / 1000 = 2 %, exactly at the tolerance: no dispute', () => {
    const comparison = compareDeclaredWithNet(kg('1000'), kg('980'), twoPercent);
    expect(comparison.difference.toString()).toBe('-20 KGM');
    expect(comparison.relativeDifference.toFixed()).toBe('0.02');
    expect(comparison.disputed).toBe(false);
  });

  it('1000 kg declared, 979 kg weighed: 21 / 1000 = 2.1 % > 2 %: disputed', () => {
    const comparison = compareDeclaredWithNet(kg('1000'), kg('979'), twoPercent);
    expect(comparison.relativeDifference.toFixed()).toBe('0.021');
    expect(comparison.disputed).toBe(true);
  });

  it('more than declared counts too: 1021 kg against 1000 kg is 2.1 %: disputed', () => {
    expect(compareDeclaredWithNet(kg('1000'), kg('1021'), twoPercent).disputed).toBe(true);
  });

  it('compares across units: 1 t declared, 995 kg weighed is 0.5 %', () => {
    const comparison = compareDeclaredWithNet(Mass.of('1', 'TNE'), kg('995'), twoPercent);
    expect(comparison.relativeDifference.toFixed()).toBe('0.005');
    expect(comparison.disputed).toBe(false);
  });

  it('uses the configured tolerance: 0.5 % makes 994 kg against 1000 kg (0.6 %) a dispute', () => {
    expect(compareDeclaredWithNet(kg('1000'), kg('994'), MassFraction.of('0.5', 'P1')).disputed).toBe(true);
  });
});

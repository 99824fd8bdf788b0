import { campaignKpis } from './campaign-kpis';
import { purityOf, recoveryOf, type SeparationRunKpis } from './separation-kpis';
import { parseDecimal } from '@rre/quantities';

const run = (
  beta: string,
  tb: [string, string],
  dy: [string, string],
  throughput: string,
): SeparationRunKpis => ({
  provisional: false,
  separationFactor: { beta },
  recoveries: [
    recoveryOf('Tb', parseDecimal(tb[0]), parseDecimal(tb[1])),
    recoveryOf('Dy', parseDecimal(dy[0]), parseDecimal(dy[1])),
  ],
  purities: [purityOf('TB_RICH', [{ massKg: '100', purityPercent: '99' }])],
  throughputPerContactorVolume: throughput,
});

describe('campaign KPIs', () => {
  it('averages beta, pools recoveries, weights purities by mass, and compares with the 2x goal', () => {
    const kpis = campaignKpis(
      [run('4.1', ['2', '1.9'], ['10', '9.8'], '2'), run('3.9', ['3', '2.85'], ['10', '9.6'], '2.4')],
      { baselineBeta: '2', goalFactor: '2' },
    );
    // mean beta (4.1 + 3.9) / 2 = 4; 4 / 2 = 2: the goal is met
    expect(kpis).toMatchObject({ runs: 2, runsWithBeta: 2, meanBeta: '4', minBeta: '3.9', maxBeta: '4.1' });
    expect(kpis.againstBaseline).toEqual({ baselineBeta: '2', goalFactor: '2', ratio: '2', goalMet: true });
    // Tb: (1.9 + 2.85) / (2 + 3) = 95 %; Dy: (9.8 + 9.6) / 20 = 97 %
    expect(kpis.recoveries).toEqual([
      { element: 'Tb', fedKg: '5', recoveredKg: '4.75', percent: '95' },
      { element: 'Dy', fedKg: '20', recoveredKg: '19.4', percent: '97' },
    ]);
    expect(kpis.purities).toEqual([{ kind: 'TB_RICH', massKg: '200', purityPercent: '99' }]);
    expect(kpis.meanThroughputPerContactorVolume).toBe('2.2');
    const conventional = campaignKpis([run('2.5', ['1', '0.9'], ['1', '0.9'], '0.5')], {
      baselineBeta: '2',
      goalFactor: '2',
    });
    expect(conventional.againstBaseline).toEqual({
      baselineBeta: '2',
      goalFactor: '2',
      ratio: '1.25',
      goalMet: false,
    });
  });
});

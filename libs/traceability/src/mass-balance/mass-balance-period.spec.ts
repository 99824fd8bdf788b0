import { Rational } from '../domain/rational';
import {
  chainOfCustodyModelOf,
  elementPeriodBalance,
  kgText,
  largestRemainder,
  type PeriodInput,
  shareText,
} from './mass-balance-period';

// November's Tb, written out:
//   A  post-consumer magnets  10,000 kg x 0.01   = 100 kg Tb
//   C  pre-consumer swarf      2,000 kg taken, 400 kg returned: 1,600 x 0.0125 = 20 kg Tb
//   B  primary concentrate     1,000 kg x 0.05   =  50 kg Tb
//   inputs 170 kg; shares 100/170 = 10/17, 20/170 = 2/17, 50/170 = 5/17
//   losses of the period's runs 3.4 kg: (170 - 3.4) / 170 = 0.98 of each category is credited:
//   credits 98, 19.6, 49 (losses 2, 0.4, 1)
//   shipment S1: 40 kg of metal at 0.99 Tb = 39.6 kg Tb, at 10/17, 2/17, 5/17:
//   exact 23.2941176..., 4.6588235..., 11.6470588...; floors 23.294117 + 4.658823 + 11.647058 = 39.599998,
//   the 2 mg left to the largest remainders (primary .82, post-consumer .65): 23.294118, 4.658823, 11.647059
const inputs: PeriodInput[] = [
  { lotId: 'A', category: 'POST_CONSUMER', netMassKg: '10000', fraction: '0.01' },
  { lotId: 'B', category: 'PRIMARY', netMassKg: '1000', fraction: '0.05' },
  { lotId: 'C', category: 'PRE_CONSUMER', netMassKg: '1600', fraction: '0.0125' },
  { lotId: 'D', category: 'POST_CONSUMER', netMassKg: '500', fraction: undefined },
];

describe('elementPeriodBalance', () => {
  const balance = elementPeriodBalance('Tb', inputs, Rational.fromDecimal('3.4'), [
    { shipmentId: 'S1', lotId: 'M', netMassKg: '40', fraction: '0.99' },
  ]);
  const byCategory = Object.fromEntries(balance.categories.map((c) => [c.category, c]));

  it('takes the inputs by category and their exact shares', () => {
    expect(kgText(balance.inputKg)).toBe('170.000000');
    expect(balance.inputLots).toBe(3);
    expect(kgText(byCategory.POST_CONSUMER.inputKg)).toBe('100.000000');
    expect(kgText(byCategory.PRE_CONSUMER.inputKg)).toBe('20.000000');
    expect(kgText(byCategory.PRIMARY.inputKg)).toBe('50.000000');
    expect(kgText(byCategory.UNATTRIBUTED.inputKg)).toBe('0.000000');
    expect(byCategory.POST_CONSUMER.share).toEqual(Rational.of(10n, 17n));
    expect(shareText(byCategory.POST_CONSUMER.share)).toBe('0.588235294118');
    expect(shareText(byCategory.PRE_CONSUMER.share)).toBe('0.117647058824');
    expect(shareText(byCategory.PRIMARY.share)).toBe('0.294117647059');
  });

  it('allocates the losses in proportion and credits the rest', () => {
    expect(kgText(balance.creditsKg)).toBe('166.600000');
    expect(kgText(byCategory.POST_CONSUMER.creditsKg)).toBe('98.000000');
    expect(kgText(byCategory.PRE_CONSUMER.creditsKg)).toBe('19.600000');
    expect(kgText(byCategory.PRIMARY.creditsKg)).toBe('49.000000');
    expect(kgText(byCategory.POST_CONSUMER.lossesKg)).toBe('2.000000');
    expect(kgText(byCategory.PRE_CONSUMER.lossesKg)).toBe('0.400000');
    expect(kgText(byCategory.PRIMARY.lossesKg)).toBe('1.000000');
  });

  it('applies the period shares to every shipment (rolling average), summing to the shipped Tb', () => {
    expect(balance.outputs).toHaveLength(1);
    const [s1] = balance.outputs;
    expect(kgText(s1.elementKg)).toBe('39.600000');
    expect(s1.categories.map((c) => [c.category, kgText(c.kg)])).toEqual([
      ['POST_CONSUMER', '23.294118'],
      ['PRE_CONSUMER', '4.658823'],
      ['PRIMARY', '11.647059'],
      ['UNATTRIBUTED', '0.000000'],
    ]);
    expect(kgText(balance.outputKg)).toBe('39.600000');
    // what stays on the books: credits - out
    expect(kgText(byCategory.POST_CONSUMER.creditsKg.minus(byCategory.POST_CONSUMER.outputKg))).toBe(
      '74.705882',
    );
    expect(kgText(byCategory.PRE_CONSUMER.creditsKg.minus(byCategory.PRE_CONSUMER.outputKg))).toBe(
      '14.941177',
    );
    expect(kgText(byCategory.PRIMARY.creditsKg.minus(byCategory.PRIMARY.outputKg))).toBe('37.352941');
  });

  it('never credits more than came in: losses beyond the inputs leave zero', () => {
    const over = elementPeriodBalance('Tb', inputs, Rational.fromDecimal('200'), []);
    expect(kgText(over.creditsKg)).toBe('0.000000');
    expect(over.categories.map((c) => kgText(c.lossesKg))).toEqual([
      '100.000000',
      '20.000000',
      '50.000000',
      '0.000000',
    ]);
  });

  it('counts a source lot with no category as unattributed, with no shares when nothing came in', () => {
    const mixed = elementPeriodBalance(
      'Dy',
      [
        { lotId: 'X', category: 'UNATTRIBUTED', netMassKg: '3', fraction: '0.1' },
        { lotId: 'Y', category: 'POST_CONSUMER', netMassKg: '1', fraction: '0.1' },
      ],
      Rational.ZERO,
      [],
    );
    expect(mixed.categories.map((c) => shareText(c.share))).toEqual(['0.25', '0', '0', '0.75']);
    const empty = elementPeriodBalance('Dy', [], Rational.ZERO, [
      { shipmentId: 'S', lotId: 'M', netMassKg: '1', fraction: '0.5' },
    ]);
    expect(empty.categories.every((c) => c.share === undefined)).toBe(true);
    expect(kgText(empty.outputs[0].elementKg)).toBe('0.500000');
    expect(kgText(empty.outputKg)).toBe('0.000000');
  });
});

describe('largestRemainder', () => {
  it('splits 1 kg in three as 0.333334 + 0.333333 + 0.333333', () => {
    expect(largestRemainder(Rational.ONE, [Rational.ONE, Rational.ONE, Rational.ONE]).map(kgText)).toEqual([
      '0.333334',
      '0.333333',
      '0.333333',
    ]);
  });
});

it('names the chain-of-custody model with its period', () => {
  expect(
    chainOfCustodyModelOf('CREDIT', {
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    }),
  ).toBe('mass balance: credit method, period 2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z');
});

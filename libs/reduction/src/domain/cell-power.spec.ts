import { cellPower, inAmperes } from './cell-power';

const at = (second: number) => BigInt(Date.UTC(2026, 2, 2, 8, 0, 0)) * 1000n + BigInt(second) * 1_000_000n;

describe('cell power from the recorded current and voltage', () => {
  it('multiplies each current sample by the voltage at its instant, interpolated between voltage samples', () => {
    const power = cellPower(
      inAmperes(
        [
          { epochMicros: at(0), value: '100000', quality: 'GOOD' },
          { epochMicros: at(30), value: '100000', quality: 'GOOD' },
          { epochMicros: at(60), value: '100000', quality: 'BAD' },
          { epochMicros: at(90), value: '100000', quality: 'GOOD' },
        ],
        '4K', // mA: 100 A
      ),
      [
        { epochMicros: at(0), value: '4', quality: 'GOOD' },
        { epochMicros: at(60), value: '5', quality: 'GOOD' },
      ],
    );
    // 0 s: 4 V; 30 s: halfway, 4.5 V; 60 s: 5 V (the current's bad quality stays); 90 s: no voltage after 60 s.
    expect(
      power.map((p) => [Number((p.epochMicros - at(0)) / 1_000_000n), p.value.toString(), p.quality]),
    ).toEqual([
      [0, '400', 'GOOD'],
      [30, '450', 'GOOD'],
      [60, '500', 'BAD'],
    ]);
  });
});

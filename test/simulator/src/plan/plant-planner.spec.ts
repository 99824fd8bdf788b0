import { parseDecimal } from '@rre/quantities';
import { requestLogDigest } from '../drive/plant-driver';
import { ACCOUNTED_ELEMENTS, plantAccounts, salesBooks, unaccountedKg } from './plant-ledger';
import { planPlantOperation } from './plant-planner';
import { FAULT_KINDS } from './planned-request';

describe('planPlantOperation', () => {
  const month = planPlantOperation({ seed: '42', days: 30 });

  it('plans the same requests for the same seed, and other requests for another seed', () => {
    const again = planPlantOperation({ seed: '42', days: 30 });
    expect(again.digest).toBe(month.digest);
    expect(JSON.stringify(again.requests)).toBe(JSON.stringify(month.requests));
    expect(planPlantOperation({ seed: '43', days: 30 }).digest).not.toBe(month.digest);
    // The request log a faithful run sends: equal for equal seeds, and the resulting figures too.
    expect(requestLogDigest(again)).toBe(requestLogDigest(month));
    expect(requestLogDigest(planPlantOperation({ seed: '43', days: 30 }))).not.toBe(requestLogDigest(month));
    expect(plantAccounts(again.ledger)).toEqual(plantAccounts(month.ledger));
    // A namespace changes references and keys, not the plant: the same lots and runs.
    const tagged = planPlantOperation({ seed: '42', days: 30, namespace: 'again' });
    expect(tagged.digest).not.toBe(month.digest);
    expect(plantAccounts(tagged.ledger)).toEqual(plantAccounts(month.ledger));
  });

  it('gives seed 42 the same month on every machine: its digest and figures, written out', () => {
    expect(month.digest).toBe('625ea5855eaa507b030c6ad8303dd36480bc28b0245cd90922f28e3a648f1fb4');
    expect(requestLogDigest(month)).toBe('83d900472d7f0652c73b65d345b7d4474d4d09a89492ee0e4b83a44d9f6d6ad6');
    expect(month.requests).toHaveLength(3136);
    expect(salesBooks(month.ledger)).toEqual({
      shipments: 26,
      passports: 26,
      acceptedKg: { 'DY-METAL': '685.865', DY2O3: '414.074', 'TB-METAL': '56.145', TB4O7: '35.542' },
      shippedKg: { 'DY-METAL': '684.8', DY2O3: '413.8', 'TB-METAL': '55.3', TB4O7: '35.2' },
    });
    const accounts = plantAccounts(month.ledger);
    expect(accounts).toMatchObject({
      lotsRegistered: 96,
      registeredKg: '242533.9',
      registered: { Dy: '1256.8162426', Tb: '111.8403774' },
      inOxides: { Dy: '1111.001031851475597', Tb: '97.080167607803946' },
      inMetal: { Dy: '679.3130087326448', Tb: '59.55203920719313' },
      offeredOnward: { Dy: '1038.573220933036656', Tb: '91.241877744785171' },
      runs: 273,
      runsByKind: {
        LEACHING: 26,
        ADSORPTION: 45,
        SOLVENT_EXTRACTION: 26,
        PRECIPITATION: 52,
        CALCINATION: 52,
        ELECTROLYSIS: 36,
        VACUUM_DISTILLATION: 36,
      },
      runsOverridden: 3,
    });
  });

  it('delivers every feedstock of DOMAIN.md from several recyclers, with magnet assays summing to 100 %', () => {
    const intakeLots = [...month.ledger.lots.values()].filter((l) => l.origin === 'INTAKE');
    expect(intakeLots.length).toBeGreaterThan(60);
    const kinds = new Set(intakeLots.map((l) => l.materialKind));
    for (const kind of [
      'EV_MOTOR_MAGNET',
      'COMPRESSOR_MAGNET',
      'HDD_MAGNET',
      'MAGNET_SWARF_SLUDGE',
      'LOW_GRADE_ORE',
    ]) {
      expect(kinds).toContain(kind);
    }
    const recyclers = new Set(
      month.requests.filter((r) => r.operation === 'registerLot').map((r) => r.actor),
    );
    expect(recyclers.size).toBeGreaterThanOrEqual(6);
    for (const lot of intakeLots.filter((l) => l.materialKind.endsWith('MAGNET'))) {
      const sum = [...lot.composition.values()].reduce((s, c) => s.plus(c.fraction), parseDecimal('0'));
      expect(sum.toString()).toBe('1');
      const dy = lot.composition.get('Dy')?.fraction ?? parseDecimal('-1');
      if (lot.materialKind === 'EV_MOTOR_MAGNET')
        expect(dy.greaterThanOrEqualTo('0.03') && dy.lessThanOrEqualTo('0.08')).toBe(true);
      if (lot.materialKind === 'HDD_MAGNET') expect(dy.lessThanOrEqualTo('0.005')).toBe(true);
    }
  });

  it('quarantines a small share of lots above 1 Bq/g, releasing some and rejecting others', () => {
    expect(month.quarantined).toBeGreaterThanOrEqual(2);
    expect(month.quarantined).toBeLessThan(month.ledger.lots.size / 5);
    expect(month.released).toBeGreaterThanOrEqual(1);
    expect(month.rejected).toBeGreaterThanOrEqual(1);
    expect(month.requests.filter((r) => r.operation === 'rejectLot')).toHaveLength(month.rejected);
  });

  it('injects every kind of fault at least once, each expecting its guard; none with a share of 0', () => {
    for (const kind of FAULT_KINDS) expect(month.faults[kind]).toBeGreaterThanOrEqual(1);
    const refused = month.requests
      .filter((r) => r.expect.outcome === 'refused')
      .map((r) => [r.fault, r.expect]);
    expect(refused).toContainEqual(['ASSAY_TYPO', { outcome: 'refused', code: 'FRACTIONS_ABOVE_100' }]);
    expect(refused).toContainEqual(['OVERDRAW', { outcome: 'refused', code: 'MORE_THAN_REMAINS' }]);
    expect(refused).toContainEqual(['UNBALANCED_RUN', { outcome: 'refused', code: 'BALANCE_NOT_CLOSED' }]);
    expect(refused).toContainEqual([
      'IDEMPOTENCY_KEY_REUSED',
      { outcome: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' },
    ]);
    expect(refused).toContainEqual([
      'WRONG_FRACTION_ASSAY',
      { outcome: 'refused', code: 'OUTPUT_EXCEEDS_FEED' },
    ]);
    expect(refused).toContainEqual(['UNCLOSED_BATCH', { outcome: 'refused', code: 'BALANCE_NOT_CLOSED' }]);
    expect(refused).toContainEqual(['OVERALLOCATION', { outcome: 'refused', code: 'MORE_THAN_REMAINS' }]);
    expect(refused).toContainEqual(['GRADE_NOT_MET', { outcome: 'refused', code: 'GRADE_NOT_MET' }]);
    const resent = month.requests.filter((r) => r.fault === 'DUPLICATE_MEASUREMENTS');
    expect(resent.map((r) => [r.operation, r.expect.outcome, r.keyOf !== undefined])).toContainEqual([
      'reductionRecordMeasurements',
      'replayed',
      true,
    ]);
    const calm = planPlantOperation({ seed: '42', days: 30, faultShare: 0 });
    expect(calm.requests.filter((r) => r.fault)).toEqual([]);
  });

  it.each(['1', '2', '3', '42', '1000'])(
    'closes every run within its tolerance and accounts for every kilogram (seed %s)',
    (seed) => {
      const plan = planPlantOperation({ seed, days: 30 });
      for (const run of plan.ledger.runs) {
        for (const [element, b] of run.elements) {
          const imbalance = b.inputsKg.minus(b.outputsKg).minus(b.lossesKg).abs();
          if (!imbalance.lessThanOrEqualTo(b.toleranceKg)) {
            throw new Error(`${run.ref} ${element}: imbalance ${imbalance} kg above ${b.toleranceKg} kg`);
          }
        }
      }
      const accounts = plantAccounts(plan.ledger);
      for (const element of ACCOUNTED_ELEMENTS) {
        expect(unaccountedKg(accounts, element).isZero()).toBe(true);
        expect(parseDecimal(accounts.inOxides[element] ?? '0').greaterThan('0')).toBe(true);
        expect(parseDecimal(accounts.inMetal[element] ?? '0').greaterThan('0')).toBe(true);
      }
    },
  );

  it('refuses settings it cannot simulate, naming the setting, the value and the rule', () => {
    expect(() => planPlantOperation({ days: 0 })).toThrow(
      'days: got 0, must be a whole number from 1 to 3650',
    );
    expect(() => planPlantOperation({ startDate: '2999-01-01' })).toThrow(
      'the simulated period must end by now',
    );
    expect(() => planPlantOperation({ seed: 'a b' })).toThrow('seed: got "a b"');
  });
});

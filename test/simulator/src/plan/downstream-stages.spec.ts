import { parseDecimal } from '@rre/quantities';
import type Decimal from 'decimal.js';
import { salesBooks } from './plant-ledger';
import { planPlantOperation } from './plant-planner';
import type { PlannedRequest } from './planned-request';

/** The separation and reduction stages of a seeded month, checked against DOMAIN.md's figures. */
describe('separation and reduction in the plan', () => {
  const month = planPlantOperation({ seed: '42', days: 30 });
  const input = (r: PlannedRequest) => r.variables['input'] as Record<string, unknown>;
  const runOf = (r: PlannedRequest) => (input(r)['runId'] as { $ref: string }).$ref;
  const planned = (operation: string) => month.requests.filter((r) => r.operation === operation);
  const d = (value: unknown) => parseDecimal(String(value));

  it('runs solvent extraction with both extractants: beta about 4 (new) and 2-3 (conventional), cascades of 1.5-2.5 x N_min', () => {
    const campaigns = planned('separationPlanSolventExtraction').map((r) => {
      const sx = input(r)['solventExtraction'] as {
        extractant: { kind: string };
        contactor: { type: string; volumeL: string };
        stages: { extraction: number; scrub: number; strip: number };
        organicFlowLPerH: string;
        aqueousFlowLPerH: string;
      };
      const runRef = (r.capture ? Object.keys(r.capture)[0] : '') ?? '';
      const ratios = planned('separationRecordDistributionRatios').find((q) => runOf(q) === runRef);
      if (!ratios) throw new Error(`no distribution ratios for ${runRef}`);
      const [dy, tb] = (input(ratios)['ratios'] as { ratio: string }[]).map((x) => d(x.ratio));
      const purity = (kind: string) => {
        const declared = planned('separationDeclareFraction').find(
          (q) => runOf(q) === runRef && input(q)['kind'] === kind && q.expect.outcome === 'done',
        );
        return d(declared && input(declared)['purityPercent']).dividedBy(100);
      };
      const beta = d(dy).dividedBy(d(tb));
      const ratio = (p: Decimal) => p.dividedBy(parseDecimal('1').minus(p));
      const minimum = ratio(purity('DY_RICH'))
        .times(ratio(purity('TB_RICH')))
        .ln()
        .dividedBy(beta.ln());
      const throughput = d(sx.organicFlowLPerH)
        .plus(d(sx.aqueousFlowLPerH))
        .dividedBy(d(sx.contactor.volumeL));
      return { sx, beta, minimum, throughput };
    });
    expect(campaigns.map((c) => c.sx.extractant.kind).slice(0, 2)).toEqual(['NEW', 'CONVENTIONAL']);
    for (const { sx, beta, minimum, throughput } of campaigns) {
      const stages = sx.stages.extraction + sx.stages.scrub + sx.stages.strip;
      expect(minimum.times('1.5').lessThanOrEqualTo(stages)).toBe(true);
      expect(minimum.times('2.5').plus(4).greaterThanOrEqualTo(stages)).toBe(true);
      if (sx.extractant.kind === 'NEW') {
        expect([sx.contactor.type, beta.greaterThan('3.5') && beta.lessThan('4.5')]).toEqual([
          'EMULSION_FLOW',
          true,
        ]);
        expect(throughput.minus(2).abs().lessThan('0.05')).toBe(true);
      } else {
        expect([sx.contactor.type, beta.greaterThanOrEqualTo('1.99') && beta.lessThan('3.01')]).toEqual([
          'MIXER_SETTLER',
          true,
        ]);
        // A quarter of the emulsion-flow contactor's throughput per litre: four times the plant.
        expect(throughput.minus('0.5').abs().lessThan('0.02')).toBe(true);
      }
    }
  });

  it("calcines every Tb-rich and Dy-rich fraction to Tb4O7 and Dy2O3 of 98.5 % and more; every third campaign's go to sales, the others to reduction", () => {
    const oxides = planned('separationDeclareOxide').map(
      (r) => [input(r)['oxide'], d(input(r)['purityPercent'])] as const,
    );
    expect(oxides.filter(([oxide]) => oxide === 'TB4O7')).toHaveLength(26);
    expect(oxides.filter(([oxide]) => oxide === 'DY2O3')).toHaveLength(26);
    for (const [, purity] of oxides) expect(purity.greaterThanOrEqualTo('98.5')).toBe(true);
    // Campaigns 3, 6, ..., 24: both oxides of each to sales (8 x 2 of 52).
    expect(planned('separationHandOverLot').map((r) => input(r)['toService'])).toEqual(
      oxides.map((_, i) => (Math.floor(i / 2) % 3 === 2 ? 'sales' : 'reduction')),
    );
    const sold = [...month.ledger.lots.values()].filter(
      (l) => l.product === 'OXIDE' && l.place === 'OFFERED_ONWARD',
    );
    expect(sold).toHaveLength(16);
  });

  it('runs electrolysis at 75-88 % current efficiency and about 3 kWh/kg DC, from the current and voltage it sends', () => {
    const batches = planned('reductionPlanElectrolysis');
    expect(batches).toHaveLength(36);
    for (const batch of batches) {
      const runRef = Object.keys(batch.capture ?? {})[0] ?? '';
      const electrolysis = input(batch)['electrolysis'] as {
        targetElement: 'Tb' | 'Dy';
        operatingTemperatureCelsius: string;
      };
      const temperature = d(electrolysis.operatingTemperatureCelsius);
      expect(temperature.greaterThanOrEqualTo(400) && temperature.lessThanOrEqualTo(1000)).toBe(true);
      const samples = (kind: string) =>
        planned('reductionRecordMeasurements')
          .filter((r) => runOf(r) === runRef && r.expect.outcome === 'done')
          .flatMap(
            (r) => input(r)['series'] as { kind: string; samples: { measuredAt: string; value: string }[] }[],
          )
          .filter((s) => s.kind === kind)
          .flatMap((s) => s.samples);
      const current = samples('CURRENT');
      const voltage = samples('VOLTAGE');
      let ampereHours = parseDecimal('0');
      let wattHours = parseDecimal('0');
      const at = <T>(list: readonly T[], i: number): T => {
        const item = list[i];
        if (item === undefined) throw new Error(`no sample ${i}`);
        return item;
      };
      for (let i = 1; i < current.length; i++) {
        const hours = parseDecimal(
          String(Date.parse(at(current, i).measuredAt) - Date.parse(at(current, i - 1).measuredAt)),
        ).dividedBy(3_600_000);
        ampereHours = ampereHours.plus(
          d(at(current, i).value)
            .plus(d(at(current, i - 1).value))
            .dividedBy(2)
            .times(hours),
        );
        const power = (j: number) => d(at(current, j).value).times(d(at(voltage, j).value));
        wattHours = wattHours.plus(
          power(i)
            .plus(power(i - 1))
            .dividedBy(2)
            .times(hours),
        );
      }
      const number = runRef.slice(4);
      const alloy = month.ledger.lot(
        `lot:${electrolysis.targetElement === 'Tb' ? 'TBZN' : 'DYZN'}-S42-${number}`,
      );
      const metalKg = alloy.massKg.times(alloy.composition.get(electrolysis.targetElement)?.fraction ?? 0);
      const gramsPerAh = electrolysis.targetElement === 'Tb' ? '1.976574' : '2.021033';
      const efficiency = metalKg.times(1000).dividedBy(ampereHours.times(gramsPerAh));
      expect([runRef, efficiency.greaterThan('0.72') && efficiency.lessThan('0.91')]).toEqual([runRef, true]);
      const kwhPerKg = wattHours.dividedBy(1000).dividedBy(metalKg);
      expect([runRef, kwhPerKg.greaterThan('2.5') && kwhPerKg.lessThan('4.2')]).toEqual([runRef, true]);
    }
  });

  it('distils every alloy into metal of 97.5-99.9 % and offers it onward to sales', () => {
    const metals = [...month.ledger.lots.values()].filter((l) => l.product === 'METAL');
    expect(metals).toHaveLength(36);
    for (const metal of metals) {
      const target = metal.ref.includes('TB-METAL') ? 'Tb' : 'Dy';
      const purity = metal.composition.get(target)?.fraction ?? parseDecimal('0');
      expect([metal.ref, purity.greaterThan('0.975') && purity.lessThan('0.999')]).toEqual([metal.ref, true]);
      expect(metal.place).toBe('OFFERED_ONWARD');
    }
    expect(planned('reductionHandOverLot').map((r) => input(r)['toService'])).toEqual(
      metals.map(() => 'sales'),
    );
  });

  it('sells the metal and the oxides: accepted, ordered by magnet makers, allocated in whole 100 g and shipped with a passport each', () => {
    const offered = [...month.ledger.lots.values()].filter(
      (l) => l.product === 'METAL' || (l.product === 'OXIDE' && l.place === 'OFFERED_ONWARD'),
    );
    expect(planned('salesAcceptLot').map((r) => (input(r)['lotId'] as { $ref: string }).$ref)).toEqual(
      offered.map((m) => m.ref),
    );
    expect(planned('salesAcceptLot').map((r) => input(r)['productCode'])).toEqual(
      offered.map((l) =>
        l.product === 'METAL'
          ? l.ref.includes('TB-METAL')
            ? 'TB-METAL'
            : 'DY-METAL'
          : l.materialKind === 'TB4O7'
            ? 'TB4O7'
            : 'DY2O3',
      ),
    );
    expect(
      planned('salesDefineGrade').map((r) => [
        input(r)['productCode'],
        input(r)['gradeCode'],
        input(r)['minPurity'],
      ]),
    ).toEqual([
      ['TB-METAL', '97-S42', '0.97'],
      ['DY-METAL', '97-S42', '0.97'],
      ['TB4O7', '98-S42', '0.98'],
      ['DY2O3', '98-S42', '0.98'],
      ['TB-METAL', '4N-S42', '0.9999'],
      ['TB4O7', '4N-S42', '0.9999'],
    ]);
    expect(planned('salesRegisterCustomer')).toHaveLength(3);
    // The 4N orders of the GRADE_NOT_MET faults are cancelled; every other order is shipped.
    const orders = planned('salesPlaceOrder').filter(
      (r) => !(r.capture && Object.keys(r.capture)[0]?.endsWith('-4N')),
    );
    expect(orders).toHaveLength(planned('salesShip').length);
    // Every line is wholly allocated (the refused allocations aside), and shipped in full.
    for (const order of orders) {
      const lines = input(order)['lines'] as { productCode: string; quantityKg: string }[];
      const shipment = month.ledger.shipments.find((s) => s.orderRef === Object.keys(order.capture ?? {})[0]);
      for (const line of lines) {
        const shipped = (shipment?.lots ?? [])
          .filter((l) => l.productCode === line.productCode)
          .reduce((sum, l) => sum.plus(l.massKg), parseDecimal('0'));
        expect([line.productCode, shipped.toString()]).toEqual([
          line.productCode,
          d(line.quantityKg).toString(),
        ]);
      }
    }
    const books = salesBooks(month.ledger);
    expect(books).toEqual({
      shipments: orders.length,
      passports: orders.length,
      acceptedKg: expect.any(Object),
      shippedKg: expect.any(Object),
    });
    // What was shipped is what was accepted less under 100 g per lot.
    for (const code of ['TB-METAL', 'DY-METAL', 'TB4O7', 'DY2O3']) {
      const left = d(books.acceptedKg[code]).minus(d(books.shippedKg[code]));
      const lots = [...month.ledger.salesLots.values()].filter((l) => l.productCode === code).length;
      expect([code, left.greaterThanOrEqualTo(0) && left.lessThan(parseDecimal('0.1').times(lots))]).toEqual([
        code,
        true,
      ]);
    }
    const over = planned('salesAllocate').filter((r) => r.fault === 'OVERALLOCATION');
    expect(over.length).toBeGreaterThan(0);
    for (const request of over) {
      expect(request.expect).toEqual({ outcome: 'refused', code: 'MORE_THAN_REMAINS' });
      const lot = month.ledger.lot((input(request)['lotId'] as { $ref: string }).$ref);
      expect(d(input(request)['massKg']).minus(lot.massKg).toString()).toBe('0.5');
    }
    // GRADE_NOT_MET: a 4N order, the day's first lot allocated to it and refused, the order cancelled.
    const beyondGrade = planned('salesAllocate').filter((r) => r.fault === 'GRADE_NOT_MET');
    expect(beyondGrade).toHaveLength(month.faults.GRADE_NOT_MET);
    expect(beyondGrade.length).toBeGreaterThan(0);
    for (const request of beyondGrade) {
      expect(request.expect).toEqual({ outcome: 'refused', code: 'GRADE_NOT_MET' });
      const lot = month.ledger.salesLots.get((input(request)['lotId'] as { $ref: string }).$ref);
      expect(lot?.purity.lessThan('0.9999')).toBe(true);
    }
    expect(planned('salesCancelOrder').map((r) => r.variables['orderId'])).toEqual(
      beyondGrade.map((r) => ({
        $ref: `order:${(input(r)['orderLineId'] as { $ref: string }).$ref.slice(5)}`,
      })),
    );
  });
});

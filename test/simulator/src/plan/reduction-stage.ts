import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import { REDUCTION_MES, SHIFT_SUPERVISOR } from '../plant/plant-actors';
import {
  distillation,
  electrolysisBatch,
  REDUCTION_ELEMENTS,
  SAMPLE_MINUTES,
} from '../plant/reduction-figures';
import { drawDecimal, noiseFactor, roundUpSignificant, toSignificant } from '../random/decimal-draw';
import type { SeededRandom } from '../random/seeded-random';
import { answerField, type OperationName } from './graphql-documents';
import type { Composition, LedgerLot, RunKind } from './plant-ledger';
import { type PlanValue, ref } from './planned-request';
import { compositionInput, kg, type PlanContext, RunBooks } from './service-run';

const ZERO = parseDecimal('0');
const ONE = parseDecimal('1');

/**
 * The lab's assay of a reduction output: each rare earth with an error of at most one stated
 * standard uncertainty (`relative` of its fraction), the matrix metal (`balance`) the rest, so the
 * fractions sum to 1. `bias` multiplies a reading (a stale figure, for the injected fault).
 */
function metalAssay(
  random: SeededRandom,
  elementKg: ReadonlyMap<string, Decimal>,
  massKg: Decimal,
  balance: string | undefined,
  relative: (fraction: Decimal) => number,
  bias: ReadonlyMap<string, string> = new Map(),
): Composition {
  const composition = new Map<string, { fraction: Decimal; uncertainty?: Decimal }>();
  let sum = ZERO;
  for (const [element, kg] of elementKg) {
    if (element === balance) continue;
    const fraction = kg.dividedBy(massKg);
    if (!fraction.greaterThan(0)) continue;
    const r = relative(fraction);
    const measured = toSignificant(fraction.times(noiseFactor(random, r)).times(bias.get(element) ?? '1'), 9);
    composition.set(element, {
      fraction: measured,
      uncertainty: roundUpSignificant(fraction.times(r.toString()), 3),
    });
    sum = sum.plus(measured);
  }
  if (balance !== undefined) composition.set(balance, { fraction: ONE.minus(sum) });
  return composition;
}

const majorsAndMinors = (fraction: Decimal) => (fraction.greaterThanOrEqualTo('0.01') ? 0.01 : 0.03);
/** A metal's own element is assayed to 0.1 % of its content, its impurities to 5 %. */
const metalPurity = (fraction: Decimal) => (fraction.greaterThanOrEqualTo('0.5') ? 0.001 : 0.05);

/** Instants as the cell's MES sends them: Japan time with its offset. */
function jst(dayStart: Date, minutes: number): string {
  const local = new Date(dayStart.getTime() + minutes * 60_000 + 9 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+09:00`;
}

/**
 * The reduction line's day: it accepts the oxides separation offered, runs one electrolysis batch
 * per oxide (fresh zinc cathode and LiCl-KCl salt received for it; the cell's current and voltage
 * sent in two batches), distils the alloy into metal and recovered zinc, and offers the metal onward
 * (to sales).
 */
export class ReductionStage {
  private batches = 0;

  constructor(
    private readonly ctx: PlanContext,
    private readonly random: SeededRandom,
  ) {}

  /** Returns the metal lots offered to sales that day. */
  planDay(day: number, oxides: readonly LedgerLot[]): LedgerLot[] {
    const metals: LedgerLot[] = [];
    for (const oxide of oxides) {
      this.accept(day, oxide);
      const target = oxide.materialKind === 'TB4O7' ? 'Tb' : 'Dy';
      const alloy = this.electrolyse(day, oxide, target);
      const metal = this.distil(day, alloy.lot, alloy.zincKg, target);
      this.ctx.add(
        day,
        REDUCTION_MES,
        'reductionHandOverLot',
        { input: { lotId: ref(metal.ref), toService: 'sales' } },
        { label: `offer-${metal.ref.slice(4)}`, note: `${target} metal offered to sales` },
      );
      metal.place = 'OFFERED_ONWARD';
      metals.push(metal);
    }
    return metals;
  }

  private accept(day: number, oxide: LedgerLot): void {
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionAcceptLot',
      { input: { lotId: ref(oxide.ref) } },
      {
        label: `accept-${oxide.ref.slice(4)}`,
        waitFor: [
          {
            service: 'reduction',
            lot: ref(oxide.ref),
            custody: 'OFFERED',
            remainingKg: toPlainString(oxide.remainingKg),
            dyFraction: toPlainString(oxide.composition.get('Dy')?.fraction ?? ZERO),
          },
        ],
      },
    );
    oxide.place = 'REDUCTION';
  }

  private receive(
    day: number,
    code: string,
    massKg: Decimal,
    kind: 'MATERIAL' | 'REAGENT',
    composition?: Composition,
  ): LedgerLot {
    const lotRef = `lot:${code}`;
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionReceiveLot',
      {
        input: {
          lotId: code,
          lotCode: code,
          kind,
          mass: kg(massKg),
          ...(composition ? { composition: compositionInput(composition), compositionStatus: 'FINAL' } : {}),
          description: kind === 'REAGENT' ? 'LiCl-KCl eutectic salt charge' : 'zinc for the liquid cathode',
        },
      },
      { capture: { [lotRef]: 'reductionReceiveLot.lotIds.0' }, label: `receive-${code}` },
    );
    const lot: LedgerLot = {
      ref: lotRef,
      origin: 'RECEIVED',
      materialKind: kind === 'REAGENT' ? 'SALT' : 'CATHODE_METAL',
      massKg,
      remainingKg: massKg,
      composition: composition ?? new Map(),
      place: 'REDUCTION',
    };
    this.ctx.ledger.lots.set(lotRef, lot);
    return lot;
  }

  private beginRun(
    day: number,
    kind: RunKind,
    operation: OperationName,
    equipmentId: string,
    parameters: { [key: string]: PlanValue },
    note: string,
  ): { number: number; books: RunBooks; random: SeededRandom } {
    const number = this.ctx.nextRunNumber();
    const runRef = `run:${number}`;
    this.ctx.add(
      day,
      REDUCTION_MES,
      operation,
      {
        input: {
          externalId: `MES-${this.ctx.tag}-${number}`,
          equipmentId,
          workOrder: this.ctx.workOrder(day, number),
          ...parameters,
        },
      },
      { capture: { [runRef]: `${answerField(operation)}.runId` }, label: `plan-run-${number}`, note },
    );
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionStartRun',
      { input: { runId: ref(runRef) } },
      {
        label: `start-run-${number}`,
      },
    );
    return {
      number,
      books: new RunBooks(runRef, kind, REDUCTION_ELEMENTS),
      random: this.random.fork(`run-${number}`),
    };
  }

  private take(day: number, books: RunBooks, number: number, lot: LedgerLot): void {
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionTakeInput',
      { input: { runId: ref(books.ref), lotId: ref(lot.ref), mass: kg(lot.remainingKg) } },
      { label: `take-run-${number}-${lot.ref.slice(4)}` },
    );
    books.take(lot, lot.remainingKg);
  }

  private output(
    day: number,
    books: RunBooks,
    number: number,
    prefix: string,
    role: 'PRODUCT' | 'BY_PRODUCT' | 'RESIDUE',
    materialKind: string,
    massKg: Decimal,
    composition: Composition,
    product?: 'METAL',
  ): LedgerLot {
    const code = `${prefix}-${this.ctx.tag}-${number}`;
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionDeclareOutput',
      {
        input: {
          runId: ref(books.ref),
          lotCode: code,
          role,
          mass: kg(massKg),
          composition: compositionInput(composition),
          compositionStatus: 'FINAL',
          materialKind,
        },
      },
      {
        capture: { [`lot:${code}`]: 'reductionDeclareOutput.lotIds.0' },
        label: `output-run-${number}-${prefix}`,
      },
    );
    const lot: LedgerLot = {
      ref: `lot:${code}`,
      origin: 'RUN',
      materialKind,
      massKg,
      remainingKg: massKg,
      composition,
      place: 'REDUCTION',
      role,
      ...(product ? { product } : {}),
    };
    this.ctx.ledger.lots.set(lot.ref, lot);
    books.output(lot);
    return lot;
  }

  private losses(day: number, books: RunBooks, number: number, note: string): void {
    if (books.losses.length === 0) return;
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionRecordLosses',
      {
        input: {
          runId: ref(books.ref),
          losses: books.losses.map((loss) => ({
            element: loss.element,
            kind: 'OFF_GAS',
            mass: kg(loss.massKg),
            uncertainty: kg(loss.uncertaintyKg),
            note,
          })),
        },
      },
      { label: `losses-run-${number}` },
    );
  }

  private electrolyse(
    day: number,
    oxide: LedgerLot,
    target: 'Tb' | 'Dy',
  ): { lot: LedgerLot; zincKg: Decimal } {
    this.batches += 1;
    const cell = `EC-${((this.batches - 1) % 2) + 1}`;
    const draw = this.random.fork(`batch-${this.batches}`);
    const fed = new Map<string, Decimal>();
    for (const element of REDUCTION_ELEMENTS) {
      const content = oxide.composition.get(element);
      if (content) fed.set(element, oxide.remainingKg.times(content.fraction));
    }
    const batch = electrolysisBatch(draw, target, fed, oxide.remainingKg);
    const tag = `${this.ctx.tag}-${this.batches}`;
    const zinc = this.receive(
      day,
      `ZN-${tag}`,
      batch.zincKg,
      'MATERIAL',
      new Map([['Zn', { fraction: ONE }]]),
    );
    const salt = this.receive(day, `SALT-${tag}`, batch.saltChargeKg, 'REAGENT');
    const { number, books, random } = this.beginRun(
      day,
      'ELECTROLYSIS',
      'reductionPlanElectrolysis',
      cell,
      {
        electrolysis: {
          cell,
          electrolyte: 'LiCl-KCl',
          cathodeAlloy: 'Zn',
          anode: 'graphite',
          operatingTemperatureCelsius: toPlainString(batch.temperatureCelsius),
          targetElement: target,
          currentTag: `${cell}-I`,
          voltageTag: `${cell}-U`,
        },
      },
      `electrolysis of ${oxide.ref.slice(4)} onto zinc in ${cell}`,
    );
    for (const lot of [oxide, zinc, salt]) this.take(day, books, number, lot);

    // The cell's readings, sent as the MES collects them: the first half of the batch, then the rest.
    const dayStart = new Date(Date.parse(this.ctx.at(day, 10, 0)));
    const series = (from: number, to: number) => ({
      runId: ref(books.ref),
      series: (['CURRENT', 'VOLTAGE'] as const).map((quantity) => ({
        kind: quantity,
        tag: `${cell}-${quantity === 'CURRENT' ? 'I' : 'U'}`,
        unit: quantity === 'CURRENT' ? 'AMP' : 'VLT',
        samples: (quantity === 'CURRENT' ? batch.current : batch.voltage).slice(from, to).map((value, i) => ({
          measuredAt: jst(dayStart, (from + i) * SAMPLE_MINUTES),
          value,
          quality: 'GOOD',
        })),
      })),
    });
    const half = Math.ceil(batch.current.length / 2);
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionRecordMeasurements',
      { input: series(0, half) },
      {
        label: `measurements-run-${number}-1`,
      },
    );
    const rest = { input: series(half, batch.current.length) };
    const sent = this.ctx.add(day, REDUCTION_MES, 'reductionRecordMeasurements', rest, {
      label: `measurements-run-${number}-2`,
    });
    if (this.ctx.fault('DUPLICATE_MEASUREMENTS', random)) {
      this.ctx.add(day, REDUCTION_MES, 'reductionRecordMeasurements', rest, {
        expect: { outcome: 'replayed' },
        keyOf: sent,
        fault: 'DUPLICATE_MEASUREMENTS',
        label: `measurements-run-${number}-2-resent`,
      });
    }

    const unclosed = this.ctx.fault('UNCLOSED_BATCH', random);
    const alloyComposition = metalAssay(
      random.fork('alloy'),
      new Map([...batch.alloyKg, ['Zn', batch.zincKg]]),
      batch.alloyMassKg,
      'Zn',
      majorsAndMinors,
    );
    // The MES took the alloy's rare-earth figure from the previous batch's assay, 30 % high.
    const declared = unclosed
      ? metalAssay(
          random.fork('alloy'),
          new Map([...batch.alloyKg, ['Zn', batch.zincKg]]),
          batch.alloyMassKg,
          'Zn',
          majorsAndMinors,
          new Map([[target, '1.3']]),
        )
      : alloyComposition;
    const alloy = this.output(
      day,
      books,
      number,
      target === 'Tb' ? 'TBZN' : 'DYZN',
      'PRODUCT',
      'RE_ALLOY',
      batch.alloyMassKg,
      declared,
    );
    const spentSalt = metalAssay(
      random.fork('salt'),
      batch.saltKg,
      batch.spentSaltMassKg,
      undefined,
      majorsAndMinors,
    );
    this.output(day, books, number, 'SALT-SPENT', 'RESIDUE', 'SPENT_SALT', batch.spentSaltMassKg, spentSalt);
    for (const loss of batch.offGas) books.loss(loss.element, loss.massKg, loss.uncertaintyKg);
    this.losses(day, books, number, 'anode gas scrubber');
    const runId = ref(books.ref);
    if (unclosed) {
      if (books.closes())
        throw new Error(`plan of ${books.ref}: the stale alloy assay would still close the balance`);
      this.ctx.add(
        day,
        REDUCTION_MES,
        'reductionCompleteRun',
        { input: { runId } },
        {
          expect: { outcome: 'refused', code: 'BALANCE_NOT_CLOSED' },
          fault: 'UNCLOSED_BATCH',
          label: `complete-run-${number}-refused`,
        },
      );
      this.ctx.add(
        day,
        SHIFT_SUPERVISOR,
        'reductionCompleteRun',
        {
          input: {
            runId,
            overrideReason: 'alloy assay suspected stale; re-assay ordered, correction to follow',
          },
        },
        { label: `complete-run-${number}-override` },
      );
      this.ctx.add(
        day,
        SHIFT_SUPERVISOR,
        'reductionCorrectRun',
        {
          input: {
            runId,
            reason: "lab re-assay of the alloy: the MES had used the previous batch's figure",
            outputs: [{ lotId: ref(alloy.ref), composition: compositionInput(alloyComposition) }],
          },
        },
        { label: `correct-run-${number}` },
      );
      alloy.composition = alloyComposition;
    } else {
      this.ctx.add(
        day,
        REDUCTION_MES,
        'reductionCompleteRun',
        { input: { runId } },
        { label: `complete-run-${number}` },
      );
    }
    if (!books.closes()) throw new Error(`plan of ${books.ref} (ELECTROLYSIS): the balance would not close`);
    this.ctx.ledger.runs.push({
      ref: books.ref,
      kind: 'ELECTROLYSIS',
      elements: books.balance(),
      overridden: unclosed,
      completed: true,
    });
    return { lot: alloy, zincKg: batch.zincKg };
  }

  private distil(day: number, alloy: LedgerLot, zincKg: Decimal, target: 'Tb' | 'Dy'): LedgerLot {
    const draw = this.random.fork(`distillation-${this.batches}`);
    const fed = new Map<string, Decimal>();
    for (const element of REDUCTION_ELEMENTS) {
      const content = alloy.composition.get(element);
      if (content) fed.set(element, alloy.remainingKg.times(content.fraction));
    }
    const zincFedKg = alloy.remainingKg.times(alloy.composition.get('Zn')?.fraction ?? ZERO);
    const figures = distillation(draw, fed, zincFedKg.isZero() ? zincKg : zincFedKg);
    const { number, books, random } = this.beginRun(
      day,
      'VACUUM_DISTILLATION',
      'reductionPlanDistillation',
      'VD-1',
      {
        distillation: {
          temperatureCelsius: toPlainString(figures.temperatureCelsius),
          pressurePa: toPlainString(figures.pressurePa),
          durationHours: toPlainString(figures.durationHours),
          targetElement: target,
        },
      },
      `vacuum distillation of ${alloy.ref.slice(4)}`,
    );
    this.take(day, books, number, alloy);
    const metal = this.output(
      day,
      books,
      number,
      target === 'Tb' ? 'TB-METAL' : 'DY-METAL',
      'PRODUCT',
      'RE_METAL',
      figures.metalMassKg,
      metalAssay(random.fork('metal'), figures.metalKg, figures.metalMassKg, 'Zn', metalPurity),
      'METAL',
    );
    this.output(
      day,
      books,
      number,
      'ZN-BACK',
      'BY_PRODUCT',
      'CATHODE_METAL',
      figures.zincBackMassKg,
      metalAssay(random.fork('zinc'), figures.zincBackKg, figures.zincBackMassKg, 'Zn', majorsAndMinors),
    );
    for (const loss of figures.offGas) books.loss(loss.element, loss.massKg, loss.uncertaintyKg);
    this.losses(day, books, number, 'condenser off-gas');
    if (!books.closes())
      throw new Error(`plan of ${books.ref} (VACUUM_DISTILLATION): the balance would not close`);
    this.ctx.add(
      day,
      REDUCTION_MES,
      'reductionCompleteRun',
      { input: { runId: ref(books.ref) } },
      {
        label: `complete-run-${number}`,
      },
    );
    this.ctx.ledger.runs.push({
      ref: books.ref,
      kind: 'VACUUM_DISTILLATION',
      elements: books.balance(),
      overridden: false,
      completed: true,
    });
    return metal;
  }
}

export { drawDecimal };

import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import { MES, type PlantActor, SEPARATION_MES } from '../plant/plant-actors';
import {
  calcination,
  cascadeStages,
  drawDistributionRatios,
  EXTRACTANTS,
  type ExtractantKind,
  precipitationSplit,
  samples,
  SEPARATION_ELEMENTS,
  separationAssay,
  solventExtractionSplit,
  statedPurity,
} from '../plant/separation-figures';
import { drawDecimal, roundTo } from '../random/decimal-draw';
import type { SeededRandom } from '../random/seeded-random';
import { answerField, type OperationName } from './graphql-documents';
import type { Composition, LedgerLot, RunKind } from './plant-ledger';
import { type PlanValue, ref } from './planned-request';
import { compositionInput, kg, type PlanContext, RunBooks } from './service-run';

const ZERO = parseDecimal('0');

/** Every third solvent-extraction campaign's Tb4O7 and Dy2O3 go to sales, sold as oxide products. */
export const OXIDE_SALES_EVERY = 3;

/** The oxide lots separation offers on a day: to reduction (to be reduced to metal) or to sales. */
export interface OxidesOffered {
  readonly toReduction: readonly LedgerLot[];
  readonly toSales: readonly LedgerLot[];
}

/**
 * The separation line's day: concentration hands its HRE concentrates over and separation accepts
 * them; one solvent-extraction campaign takes them all (the first with the new extractant, the
 * second with the conventional one, then either); the Dy-rich and Tb-rich fractions are
 * precipitated as oxalates and calcined to Dy2O3 and Tb4O7, which are handed to reduction, except
 * every third campaign's, which sales takes as oxide products (`OXIDE_SALES_EVERY`).
 * Returns the oxide lots offered to reduction and to sales today.
 */
export class SeparationStage {
  private campaigns = 0;
  /** Precipitation and calcination runs so far: names their random streams, whatever the namespace. */
  private finishingRuns = 0;

  constructor(
    private readonly ctx: PlanContext,
    private readonly random: SeededRandom,
  ) {}

  planDay(day: number): OxidesOffered {
    const received = this.acceptConcentrates(day);
    if (received.length === 0) return { toReduction: [], toSales: [] };
    const { dyRich, tbRich } = this.solventExtraction(day, received);
    const sold = this.campaigns % OXIDE_SALES_EVERY === 0;
    const toService = sold ? 'sales' : 'reduction';
    const oxides: LedgerLot[] = [];
    for (const [fraction, target] of [
      [tbRich, 'Tb'],
      [dyRich, 'Dy'],
    ] as const) {
      const oxalate = this.precipitate(day, fraction);
      const oxide = this.calcine(day, oxalate, target);
      this.ctx.add(
        day,
        SEPARATION_MES,
        'separationHandOverLot',
        { input: { lotId: ref(oxide.ref), toService } },
        {
          label: `hand-over-${oxide.ref.slice(4)}`,
          ...(sold ? { note: `${oxide.materialKind === 'TB4O7' ? 'Tb4O7' : 'Dy2O3'} offered to sales` } : {}),
        },
      );
      this.ctx.settleLater({ service: 'separation', lot: ref(oxide.ref), custody: 'HANDED_OVER' });
      if (sold) oxide.place = 'OFFERED_ONWARD';
      oxides.push(oxide);
    }
    return sold ? { toReduction: [], toSales: oxides } : { toReduction: oxides, toSales: [] };
  }

  private acceptConcentrates(day: number): LedgerLot[] {
    const concentrates = [...this.ctx.ledger.lots.values()].filter(
      (l) =>
        l.place === 'CONCENTRATION' &&
        l.concentrate &&
        l.remainingKg.equals(l.massKg) &&
        l.massKg.greaterThan(0),
    );
    for (const lot of concentrates) {
      const code = lot.ref.slice(4);
      this.ctx.add(
        day,
        MES,
        'handOverConcentrate',
        { input: { lotId: ref(lot.ref), toService: 'separation' } },
        { label: `hand-over-${code}`, note: `concentrate ${code} to separation` },
      );
      this.ctx.add(
        day,
        SEPARATION_MES,
        'separationAcceptLot',
        { input: { lotId: ref(lot.ref) } },
        {
          label: `accept-${code}`,
          waitFor: [
            {
              service: 'separation',
              lot: ref(lot.ref),
              custody: 'OFFERED',
              remainingKg: toPlainString(lot.remainingKg),
              dyFraction: toPlainString(lot.composition.get('Dy')?.fraction ?? ZERO),
            },
          ],
        },
      );
      lot.place = 'SEPARATION';
      this.ctx.settleLater({ service: 'concentration', lot: ref(lot.ref), custody: 'HANDED_OVER' });
    }
    return concentrates;
  }

  /** Plans and starts a run; returns its number, ref and books. */
  private beginRun(
    day: number,
    kind: RunKind,
    operation: OperationName,
    equipmentId: string,
    parameters: { [key: string]: PlanValue },
    note: string,
  ): { number: number; runRef: string; books: RunBooks; random: SeededRandom } {
    const number = this.ctx.nextRunNumber();
    const runRef = `run:${number}`;
    this.ctx.add(
      day,
      SEPARATION_MES,
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
      SEPARATION_MES,
      'separationStartRun',
      { input: { runId: ref(runRef) } },
      {
        label: `start-run-${number}`,
      },
    );
    return {
      number,
      runRef,
      books: new RunBooks(runRef, kind, SEPARATION_ELEMENTS),
      random: this.random.fork(`run-${number}`),
    };
  }

  private take(day: number, books: RunBooks, number: number, lot: LedgerLot, random: SeededRandom): void {
    const take = { input: { runId: ref(books.ref), lotId: ref(lot.ref), mass: kg(lot.remainingKg) } };
    const label = `take-run-${number}-${lot.ref.slice(4)}`;
    const taken = this.ctx.add(day, SEPARATION_MES, 'separationTakeInput', take, { label });
    if (this.ctx.fault('DUPLICATE_MES_CALL', random)) {
      this.ctx.add(day, SEPARATION_MES, 'separationTakeInput', take, {
        expect: { outcome: 'replayed' },
        keyOf: taken,
        fault: 'DUPLICATE_MES_CALL',
        label: `${label}-resent`,
      });
    }
    books.take(lot, lot.remainingKg);
  }

  private producedLot(
    books: RunBooks,
    code: string,
    massKg: Decimal,
    composition: Composition,
    materialKind: string,
    role: 'PRODUCT' | 'BY_PRODUCT' | 'RESIDUE',
    product?: 'OXIDE',
  ): LedgerLot {
    const lot: LedgerLot = {
      ref: `lot:${code}`,
      origin: 'RUN',
      materialKind,
      massKg,
      remainingKg: massKg,
      composition,
      place: 'SEPARATION',
      role,
      ...(product ? { product } : {}),
    };
    this.ctx.ledger.lots.set(lot.ref, lot);
    books.output(lot);
    return lot;
  }

  private complete(
    day: number,
    books: RunBooks,
    number: number,
    actor: PlantActor = SEPARATION_MES,
    extractant?: ExtractantKind,
  ): void {
    if (!books.closes()) {
      throw new Error(`plan of ${books.ref} (${books.kind}): the balance would not close`);
    }
    if (books.losses.length > 0) {
      this.ctx.add(
        day,
        actor,
        'separationRecordLosses',
        {
          input: {
            runId: ref(books.ref),
            losses: books.losses.map((loss) => ({
              element: loss.element,
              kind: books.kind === 'CALCINATION' ? 'OFF_GAS' : 'SAMPLE',
              mass: kg(loss.massKg),
              uncertainty: kg(loss.uncertaintyKg),
              note:
                books.kind === 'CALCINATION'
                  ? 'kiln dust to the bag filter'
                  : 'process samples drawn for the lab',
            })),
          },
        },
        { label: `losses-run-${number}` },
      );
    }
    this.ctx.add(
      day,
      actor,
      'separationCompleteRun',
      { input: { runId: ref(books.ref) } },
      {
        label: `complete-run-${number}`,
      },
    );
    this.ctx.ledger.runs.push({
      ref: books.ref,
      kind: books.kind,
      ...(extractant ? { extractant } : {}),
      elements: books.balance(),
      overridden: false,
      completed: true,
    });
  }

  private solventExtraction(
    day: number,
    concentrates: readonly LedgerLot[],
  ): { dyRich: LedgerLot; tbRich: LedgerLot } {
    this.campaigns += 1;
    const pick = this.random.fork(`campaign-${this.campaigns}`);
    const kind: ExtractantKind =
      this.campaigns === 1
        ? 'NEW'
        : this.campaigns === 2
          ? 'CONVENTIONAL'
          : pick.chance(0.5)
            ? 'NEW'
            : 'CONVENTIONAL';
    const extractant = EXTRACTANTS[kind];
    // Planned offline: the figures first, then the requests in the order the MES sends them.
    const fedMassKg = concentrates.reduce((s, l) => s.plus(l.remainingKg), ZERO);
    const fedAll = new Map<string, Decimal>();
    for (const lot of concentrates) {
      for (const [element, { fraction }] of lot.composition) {
        fedAll.set(element, (fedAll.get(element) ?? ZERO).plus(lot.remainingKg.times(fraction)));
      }
    }
    const draw = pick.fork('figures');
    const ratios = drawDistributionRatios(draw, extractant);
    const losses = samples(draw, fedAll);
    const split = solventExtractionSplit(draw, fedAll, fedMassKg, extractant, losses);
    const stages = cascadeStages(draw, ratios.beta, split.dyPurityPercent, split.tbPurityPercent);
    const aqueous = drawDecimal(draw, '40', '80', 0);
    const organic = roundTo(aqueous.times(drawDecimal(draw, '1.5', '2.5', 1)), 1);
    const { number, runRef, books, random } = this.beginRun(
      day,
      'SOLVENT_EXTRACTION',
      'separationPlanSolventExtraction',
      kind === 'NEW' ? 'EFC-1' : 'MS-1',
      {
        solventExtraction: {
          extractant: { name: extractant.name, kind },
          diluent: 'n-dodecane',
          contactor: {
            type: extractant.contactorType,
            volumeL: toPlainString(roundTo(aqueous.plus(organic).dividedBy(extractant.throughputPerL), 0)),
          },
          stages: { extraction: stages.extraction, scrub: stages.scrub, strip: stages.strip },
          organicFlowLPerH: toPlainString(organic),
          aqueousFlowLPerH: toPlainString(aqueous),
          ph: toPlainString(drawDecimal(draw, '1', '2', 1)),
        },
      },
      `solvent extraction, ${kind.toLowerCase()} extractant, beta ${ratios.beta.toDecimalPlaces(2).toString()}`,
    );
    for (const lot of concentrates) this.take(day, books, number, lot, random);
    this.ctx.add(
      day,
      SEPARATION_MES,
      'separationRecordDistributionRatios',
      {
        input: {
          runId: ref(runRef),
          ratios: [
            {
              element: 'Dy',
              ratio: toPlainString(ratios.dyRatio),
              uncertainty: toPlainString(ratios.dyUncertainty),
            },
            {
              element: 'Tb',
              ratio: toPlainString(ratios.tbRatio),
              uncertainty: toPlainString(ratios.tbUncertainty),
            },
          ],
        },
      },
      { label: `ratios-run-${number}` },
    );
    const lots = new Map<string, LedgerLot>();
    for (const fraction of split.fractions) {
      const code = `${fraction.lotCodePrefix}-${this.ctx.tag}-${number}`;
      const assay = separationAssay(random.fork(fraction.lotCodePrefix), fraction.elementKg, fraction.massKg);
      const targets =
        fraction.kind === 'TB_RICH' ? ['Tb'] : fraction.kind === 'DY_RICH' ? ['Dy'] : ['Nd', 'Pr'];
      const declaration = (composition: Composition) => ({
        input: {
          runId: ref(runRef),
          kind: fraction.kind,
          lotCode: code,
          massKg: toPlainString(fraction.massKg),
          assay: compositionInput(composition),
          ...(fraction.kind === 'RAFFINATE'
            ? {}
            : { purityPercent: toPlainString(statedPurity(composition, targets)) }),
        },
      });
      if (fraction.kind === 'DY_RICH' && this.ctx.fault('WRONG_FRACTION_ASSAY', random)) {
        // The lab's report with the Dy and Tb columns transposed: far more Tb out than the run was fed.
        const dy = assay.get('Dy');
        const tb = assay.get('Tb');
        if (dy && tb) {
          const transposed = new Map(assay);
          transposed.set('Dy', tb);
          transposed.set('Tb', dy);
          this.ctx.add(day, SEPARATION_MES, 'separationDeclareFraction', declaration(transposed), {
            expect: { outcome: 'refused', code: 'OUTPUT_EXCEEDS_FEED' },
            fault: 'WRONG_FRACTION_ASSAY',
            label: `fraction-run-${number}-${fraction.lotCodePrefix}-transposed`,
          });
        }
      }
      this.ctx.add(day, SEPARATION_MES, 'separationDeclareFraction', declaration(assay), {
        capture: { [`lot:${code}`]: 'separationDeclareFraction.lotIds.0' },
        label: `fraction-run-${number}-${fraction.lotCodePrefix}`,
      });
      const role =
        fraction.kind === 'RAFFINATE'
          ? 'RESIDUE'
          : fraction.kind === 'LIGHT_RARE_EARTHS'
            ? 'BY_PRODUCT'
            : 'PRODUCT';
      lots.set(
        fraction.kind,
        this.producedLot(books, code, fraction.massKg, assay, `${fraction.kind}_FRACTION`, role),
      );
    }
    for (const loss of losses) books.loss(loss.element, loss.massKg, loss.uncertaintyKg);
    this.complete(day, books, number, SEPARATION_MES, kind);
    const dyRich = lots.get('DY_RICH');
    const tbRich = lots.get('TB_RICH');
    if (!dyRich || !tbRich) throw new Error(`plan of ${runRef}: no Dy-rich or Tb-rich fraction`);
    return { dyRich, tbRich };
  }

  private fedOf(lot: LedgerLot): Map<string, Decimal> {
    const fed = new Map<string, Decimal>();
    for (const element of ['Dy', 'Tb']) {
      const content = lot.composition.get(element);
      if (content) fed.set(element, lot.remainingKg.times(content.fraction));
    }
    return fed;
  }

  private precipitate(day: number, fraction: LedgerLot): LedgerLot {
    const fed = this.fedOf(fraction);
    const fedMassKg = fraction.remainingKg;
    const draw = this.random.fork(`finishing-${++this.finishingRuns}`);
    const { number, books, random } = this.beginRun(
      day,
      'PRECIPITATION',
      'separationPlanPrecipitation',
      'PPT-1',
      {
        precipitation: {
          precipitant: 'OXALIC_ACID',
          temperatureCelsius: toPlainString(drawDecimal(draw, '55', '70', 0)),
          ph: toPlainString(drawDecimal(draw, '1', '1.5', 1)),
        },
      },
      `oxalate precipitation of ${fraction.ref.slice(4)}`,
    );
    this.take(day, books, number, fraction, random);
    const split = precipitationSplit(draw, fed, fedMassKg);
    let oxalate: LedgerLot | undefined;
    for (const [output, role, materialKind] of [
      [split.oxalate, 'PRODUCT', 'RE_OXALATE'],
      [split.filtrate, 'RESIDUE', 'OXALATE_FILTRATE'],
    ] as const) {
      const code = `${output.lotCodePrefix}-${this.ctx.tag}-${number}`;
      const composition = separationAssay(random.fork(output.lotCodePrefix), output.elementKg, output.massKg);
      this.ctx.add(
        day,
        SEPARATION_MES,
        'separationDeclareOutput',
        {
          input: {
            runId: ref(books.ref),
            lotCode: code,
            role,
            mass: kg(output.massKg),
            composition: compositionInput(composition),
            materialKind,
          },
        },
        {
          capture: { [`lot:${code}`]: 'separationDeclareOutput.lotIds.0' },
          label: `output-run-${number}-${output.lotCodePrefix}`,
        },
      );
      const lot = this.producedLot(books, code, output.massKg, composition, materialKind, role);
      if (role === 'PRODUCT') oxalate = lot;
    }
    this.complete(day, books, number);
    if (!oxalate) throw new Error('no oxalate');
    return oxalate;
  }

  private calcine(day: number, oxalate: LedgerLot, target: 'Tb' | 'Dy'): LedgerLot {
    const fed = this.fedOf(oxalate);
    const draw = this.random.fork(`finishing-${++this.finishingRuns}`);
    const { number, books, random } = this.beginRun(
      day,
      'CALCINATION',
      'separationPlanCalcination',
      'KILN-1',
      {
        calcination: {
          temperatureCelsius: toPlainString(drawDecimal(draw, '850', '950', -1)),
          durationH: toPlainString(drawDecimal(draw, '2', '4', 1)),
          atmosphere: 'AIR',
        },
      },
      `calcination to ${target === 'Tb' ? 'Tb4O7' : 'Dy2O3'}`,
    );
    this.take(day, books, number, oxalate, random);
    const oxide = calcination(draw, target, fed);
    const code = `${target === 'Tb' ? 'TBO' : 'DYO'}-${this.ctx.tag}-${number}`;
    this.ctx.add(
      day,
      SEPARATION_MES,
      'separationDeclareOxide',
      {
        input: {
          runId: ref(books.ref),
          oxide: oxide.oxide,
          lotCode: code,
          oxideMassKg: toPlainString(oxide.oxideMassKg),
          purityPercent: toPlainString(oxide.purityPercent),
          purityUncertaintyPercent: toPlainString(oxide.purityUncertaintyPercent),
          ...(oxide.impurity
            ? {
                impurities: [
                  {
                    element: oxide.impurity.element,
                    value: toPlainString(oxide.impurity.fraction),
                    uncertainty: toPlainString(oxide.impurity.uncertainty),
                  },
                ],
              }
            : {}),
        },
      },
      { capture: { [`lot:${code}`]: 'separationDeclareOxide.lotIds.0' }, label: `oxide-run-${number}` },
    );
    const lot = this.producedLot(
      books,
      code,
      oxide.oxideMassKg,
      oxide.composition,
      oxide.oxide,
      'PRODUCT',
      'OXIDE',
    );
    for (const dust of oxide.dust) books.loss(dust.element, dust.massKg, dust.uncertaintyKg);
    this.complete(day, books, number);
    return lot;
  }
}

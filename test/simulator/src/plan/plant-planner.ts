import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import { createHash } from 'node:crypto';
import {
  type AssayContent,
  drawMagnetAssay,
  drawMagnetScreening,
  drawUnusedResourceAssay,
  FEEDSTOCKS,
  fractionOf,
  type MaterialKind,
  uncertaintyFractionOf,
} from '../plant/feedstocks';
import {
  LIMS,
  MES,
  type PlantActor,
  RADIATION_OFFICER,
  recyclerActor,
  SHIFT_SUPERVISOR,
} from '../plant/plant-actors';
import {
  adsorbentCapacity,
  adsorptionYield,
  BALANCED_ELEMENTS,
  leachingYield,
  measuredComposition,
  type RunYield,
} from '../plant/process-figures';
import { type Recycler, RECYCLERS } from '../plant/recyclers';
import { drawDecimal, roundTo } from '../random/decimal-draw';
import { SeededRandom } from '../random/seeded-random';
import { answerField, type OperationName } from './graphql-documents';
import { type Composition, type LedgerElementBalance, type LedgerLot, PlantLedger } from './plant-ledger';
import { ReductionStage } from './reduction-stage';
import { SalesStage } from './sales-stage';
import { SeparationStage } from './separation-stage';
import { compositionInput, kg, type PlanContext } from './service-run';
import {
  type Expectation,
  FAULT_KINDS,
  type FaultKind,
  type HeldLotCondition,
  type PlannedRequest,
  type PlanValue,
  ref,
} from './planned-request';
import { type SimulationSettings, simulationSettings } from './simulation-settings';

/**
 * The plant's operation over the simulated period as a list of requests, planned before anything
 * is sent: recyclers deliver, the lab assays and screens, quarantined lots are released or rejected
 * the next day, accepted lots are handed to concentration, and the MES leaches magnet scrap and
 * adsorbs the liquor and unused resources every day. The ledger keeps what each request will have
 * done, so the figures the platform reports can be checked against it to the last digit.
 *
 * Separation (separation-stage.ts), reduction (reduction-stage.ts) and sales (sales-stage.ts: orders
 * and shipments of the metal) are further `planDay` stages reading the same ledger: see README.md.
 */
export interface PlantPlan {
  readonly settings: SimulationSettings;
  readonly requests: readonly PlannedRequest[];
  readonly ledger: PlantLedger;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly quarantined: number;
  readonly released: number;
  readonly rejected: number;
  /** SHA-256 of the settings and requests: equal for equal seeds and settings. */
  readonly digest: string;
  /** Every actor the requests name. */
  readonly actors: readonly PlantActor[];
  /** Waited for after the last request: every hand-over settled at the service that offered the lot. */
  readonly settlements: readonly HeldLotCondition[];
}

export function planPlantOperation(input: Partial<SimulationSettings> = {}): PlantPlan {
  const planner = new PlantPlanner(simulationSettings(input));
  for (let day = 0; day < planner.settings.days; day++) planner.planDay(day);
  return planner.finish();
}

const LEACHING_REACTORS = ['R-101', 'R-102'] as const;
const LEACHING_CHARGE_KG = '2500';
const LEACHING_MINIMUM_KG = '300';
const RESOURCE_CHARGE_KG = '40000';
const ADSORBENT_MATERIAL = 'DGA-functionalised silica';
/** A batch is retired once it has lost this share of its first-cycle capacity. */
const ADSORBENT_RETIREMENT_LOSS = '0.25';

interface AdsorbentLine {
  readonly column: string;
  code: string;
  cycle: number;
  firstCapacity?: Decimal;
}

interface PendingDecision {
  readonly lot: LedgerLot;
  readonly number: number;
  readonly release: boolean;
}

const ZERO = parseDecimal('0');

function assayComposition(contents: readonly AssayContent[]): Composition {
  return new Map(
    contents.map((c) => [c.element, { fraction: fractionOf(c), uncertainty: uncertaintyFractionOf(c) }]),
  );
}

class PlantPlanner implements PlanContext {
  private readonly random: SeededRandom;
  readonly tag: string;
  private readonly requests: PlannedRequest[] = [];
  readonly ledger = new PlantLedger();
  private readonly settlements: HeldLotCondition[] = [];
  private readonly separation: SeparationStage;
  private readonly reduction: ReductionStage;
  private readonly sales: SalesStage;
  private readonly faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  private readonly actors = new Map<string, PlantActor>();
  private readonly pendingDecisions: PendingDecision[] = [];
  private readonly routes = new Map<string, 'LEACHING' | 'ADSORPTION'>();
  private readonly lines: Record<'liquor' | 'resource', AdsorbentLine>;
  private lotCount = 0;
  private runCount = 0;
  private adsorbentCount = 0;
  private hotCount = 0;
  private quarantined = 0;
  private released = 0;
  private rejected = 0;

  constructor(readonly settings: SimulationSettings) {
    this.random = SeededRandom.of(settings.seed);
    this.tag = `S${settings.seed}${settings.namespace ? `-${settings.namespace}` : ''}`;
    this.lines = {
      liquor: { column: 'C-1', code: '', cycle: 0 },
      resource: { column: 'C-2', code: '', cycle: 0 },
    };
    this.separation = new SeparationStage(this, this.random.fork('separation'));
    this.reduction = new ReductionStage(this, this.random.fork('reduction'));
    this.sales = new SalesStage(this, this.random.fork('sales'));
  }

  planDay(day: number): void {
    if (day === 0) {
      this.registerAdsorbent(day, this.lines.liquor);
      this.registerAdsorbent(day, this.lines.resource);
    }
    this.decideQuarantinedLots(day);
    if (this.dateOf(day).getUTCDay() !== 0) {
      RECYCLERS.forEach((recycler, slot) => {
        const random = this.random.fork(`day-${day}/${recycler.organisationId}`);
        if (random.chance(recycler.deliveriesPerDay)) this.deliver(day, slot, recycler, random);
      });
    }
    this.leach(day);
    this.adsorbLiquor(day);
    this.adsorbUnusedResources(day);
    const oxides = this.separation.planDay(day);
    const metals = this.reduction.planDay(day, oxides.toReduction);
    this.sales.planDay(day, [...metals, ...oxides.toSales]);
  }

  nextRunNumber(): number {
    return ++this.runCount;
  }

  settleLater(condition: HeldLotCondition): void {
    this.settlements.push(condition);
  }

  finish(): PlantPlan {
    const digest = createHash('sha256')
      .update(JSON.stringify({ settings: this.settings, requests: this.requests }))
      .digest('hex');
    return {
      settings: this.settings,
      requests: this.requests,
      ledger: this.ledger,
      faults: this.faults,
      quarantined: this.quarantined,
      released: this.released,
      rejected: this.rejected,
      digest,
      actors: [...this.actors.values()],
      settlements: this.settlements,
    };
  }

  // ---- time

  private dateOf(day: number): Date {
    return new Date(Date.parse(`${this.settings.startDate}T00:00:00.000Z`) + day * 86_400_000);
  }

  /** An instant of the simulated day (UTC; the plant's working day is 00:00-09:00 UTC, 09:00-18:00 JST). */
  at(day: number, hour: number, minute: number): string {
    return new Date(this.dateOf(day).getTime() + (hour * 60 + minute) * 60_000).toISOString();
  }

  workOrder(day: number, run: number): string {
    return `WO-${this.dateOf(day).toISOString().slice(0, 10).replace(/-/g, '')}-${run}`;
  }

  // ---- requests

  add(
    day: number,
    actor: PlantActor,
    operation: OperationName,
    variables: { [key: string]: PlanValue },
    options: {
      expect?: Expectation;
      capture?: Record<string, string>;
      waitFor?: HeldLotCondition[];
      fault?: FaultKind;
      keyOf?: string;
      note?: string;
      label: string;
    },
  ): string {
    this.actors.set(actor.name, actor);
    const id = `${String(this.requests.length + 1).padStart(6, '0')}-${options.label}`;
    const request: PlannedRequest = {
      id,
      day,
      actor: actor.name,
      operation,
      variables,
      expect: options.expect ?? { outcome: 'done' },
      ...(options.keyOf ? { keyOf: options.keyOf } : {}),
      ...(options.capture ? { capture: options.capture } : {}),
      ...(options.waitFor ? { waitFor: options.waitFor } : {}),
      ...(options.fault ? { fault: options.fault } : {}),
      ...(options.note ? { note: options.note } : {}),
    };
    this.requests.push(request);
    return id;
  }

  /** Whether this opportunity gets a fault: always the first of each kind, then `faultShare` of them. */
  fault(kind: FaultKind, random: SeededRandom): boolean {
    if (this.settings.faultShare <= 0) return false;
    const inject = this.faults[kind] === 0 || random.chance(this.settings.faultShare);
    if (inject) this.faults[kind] += 1;
    return inject;
  }

  // ---- intake

  private deliver(day: number, slot: number, recycler: Recycler, random: SeededRandom): void {
    const number = ++this.lotCount;
    const lotRef = `lot:${number}`;
    const kind: MaterialKind = random.pick(recycler.kinds);
    const feedstock = FEEDSTOCKS[kind];
    const netKg = drawDecimal(random, feedstock.massKg[0], feedstock.massKg[1], feedstock.massPlaces);
    const onWeighbridge = netKg.greaterThanOrEqualTo('2000');
    const tareKg = onWeighbridge
      ? drawDecimal(random, '8000', '15000', -1)
      : drawDecimal(random, '20', '120', 1);
    const declaredKg = roundTo(
      netKg.times(parseDecimal('1').plus(drawDecimal(random, '-0.015', '0.015', 4))),
      Math.max(feedstock.massPlaces, 0),
    );
    const hour = slot;
    const recyclerAt = recyclerActor(recycler.organisationId);
    const registration = {
      input: {
        externalRef: `DLV-${this.tag}-${number}`,
        supplierSiteId: recycler.supplierSiteId,
        materialKind: kind,
        sourceCategory: feedstock.sourceCategory,
        sourceEvidenceRef: `EVID-${recycler.organisationId}-${kind}`,
        countryOfOrigin: 'JP',
        declaredMass: kg(declaredKg),
        weighing: {
          ticketNumber: `WB-${this.tag}-${number}`,
          vehicle: `truck ${random.integer(10, 99)}-${random.integer(10, 99)}`,
          scale: onWeighbridge ? 'weighbridge-1' : 'platform-scale-1',
          gross: kg(netKg.plus(tareKg)),
          tare: kg(tareKg),
        },
        receivedAt: this.at(day, hour, random.integer(0, 59)),
      },
    };
    const registered = this.add(day, recyclerAt, 'registerLot', registration, {
      capture: { [lotRef]: 'registerLot.lot.id' },
      label: `register-lot-${number}`,
      note: `${feedstock.description} from ${recycler.organisationId}`,
    });
    if (this.fault('DUPLICATE_REGISTRATION', random)) {
      this.add(day, recyclerAt, 'registerLot', registration, {
        expect: { outcome: 'replayed' },
        keyOf: registered,
        fault: 'DUPLICATE_REGISTRATION',
        label: `register-lot-${number}-retry`,
      });
    }

    const magnet = feedstock.route === 'LEACHING';
    const hot =
      !magnet &&
      this.settings.radioactiveShare > 0 &&
      (this.hotCount < 2 || random.chance(this.settings.radioactiveShare));
    if (hot) this.hotCount += 1;
    const contents = magnet
      ? drawMagnetAssay(kind, random.fork('assay'))
      : drawUnusedResourceAssay(kind, random.fork('assay'), hot);
    const lot: LedgerLot = {
      ref: lotRef,
      origin: 'INTAKE',
      materialKind: kind,
      massKg: netKg,
      remainingKg: netKg,
      composition: assayComposition(contents),
      place: 'AT_INTAKE',
    };
    this.ledger.lots.set(lotRef, lot);
    this.routes.set(lotRef, feedstock.route);
    this.recordAssays(day, hour, number, lotRef, contents, magnet, random);

    const screening = magnet
      ? drawMagnetScreening(random)
      : {
          uraniumPpm: contents.find((c) => c.element === 'U')?.value ?? '0',
          thoriumPpm: contents.find((c) => c.element === 'Th')?.value ?? '0',
        };
    this.add(
      day,
      LIMS,
      'screenLot',
      { input: { lotId: ref(lotRef), ...screening } },
      {
        label: `screen-lot-${number}`,
      },
    );
    if (hot) {
      this.quarantined += 1;
      const release =
        this.quarantined === 1
          ? true
          : this.quarantined === 2
            ? false
            : random.chance(this.settings.releaseShare);
      this.pendingDecisions.push({ lot, number, release });
    } else {
      this.handOver(day, lot, number);
    }
  }

  private recordAssays(
    day: number,
    hour: number,
    number: number,
    lotRef: string,
    contents: readonly AssayContent[],
    magnet: boolean,
    random: SeededRandom,
  ): void {
    const assay = (sent: readonly AssayContent[], sample: string, reason: string) => ({
      input: {
        lotId: ref(lotRef),
        method: magnet ? 'ICP_OES' : 'ICP_MS',
        sampleId: `S-${this.tag}-${number}${sample}`,
        analysedAt: this.at(day, hour + 3, 0),
        reason,
        contents: sent.map((c) => ({
          element: c.element,
          value: c.value,
          unit: c.unit,
          uncertainty: c.uncertainty,
        })),
      },
    });
    const dy = contents.find((c) => c.element === 'Dy');
    const tb = contents.find((c) => c.element === 'Tb');
    if (magnet && dy && parseDecimal(dy.value).greaterThan('0.5') && this.fault('ASSAY_TYPO', random)) {
      // A decimal point lost in transcription: Dy ten times too high, the fractions sum above 100 %.
      const typo = contents.map((c) =>
        c.element === 'Dy' ? { ...c, value: toPlainString(parseDecimal(c.value).times('10')) } : c,
      );
      this.add(day, LIMS, 'recordAssay', assay(typo, '', 'initial'), {
        expect: { outcome: 'refused', code: 'FRACTIONS_ABOVE_100' },
        fault: 'ASSAY_TYPO',
        label: `assay-lot-${number}-typo`,
      });
    }
    if (magnet && dy && tb && dy.value !== tb.value && this.fault('WRONG_ASSAY_CORRECTED', random)) {
      // Dy and Tb transposed in the first report: plausible, accepted, and then re-assayed.
      const swapped = contents.map((c) =>
        c.element === 'Dy' ? { ...tb, element: 'Dy' } : c.element === 'Tb' ? { ...dy, element: 'Tb' } : c,
      );
      this.add(day, LIMS, 'recordAssay', assay(swapped, '', 'initial'), {
        fault: 'WRONG_ASSAY_CORRECTED',
        label: `assay-lot-${number}-transposed`,
      });
      this.add(
        day,
        LIMS,
        'recordAssay',
        assay(contents, '-R', 're-assay: Dy and Tb were transposed in the first report'),
        {
          label: `assay-lot-${number}-corrected`,
        },
      );
      return;
    }
    this.add(day, LIMS, 'recordAssay', assay(contents, '', 'initial'), { label: `assay-lot-${number}` });
  }

  private decideQuarantinedLots(day: number): void {
    for (const { lot, number, release } of this.pendingDecisions.splice(0)) {
      if (release) {
        this.released += 1;
        this.add(
          day,
          RADIATION_OFFICER,
          'releaseLot',
          {
            input: {
              lotId: ref(lot.ref),
              reason:
                'gamma spectrometry confirms the U and Th activity is within the adsorption line licence; handled under the radiation protection plan',
            },
          },
          { label: `release-lot-${number}` },
        );
        this.handOver(day, lot, number);
      } else {
        this.rejected += 1;
        lot.place = 'REJECTED_AT_INTAKE';
        this.add(
          day,
          RADIATION_OFFICER,
          'rejectLot',
          {
            input: {
              lotId: ref(lot.ref),
              disposition: 'RETURN_TO_SUPPLIER',
              reason:
                'Th-232 activity above what the adsorption line is licensed for; returned to the supplier',
            },
          },
          { label: `reject-lot-${number}` },
        );
      }
    }
  }

  private handOver(day: number, lot: LedgerLot, number: number): void {
    const transferRef = `transfer:${number}`;
    this.add(
      day,
      LIMS,
      'transferLot',
      { input: { lotId: ref(lot.ref) } },
      {
        capture: { [transferRef]: 'transferLot.recordIds.0' },
        label: `transfer-lot-${number}`,
      },
    );
    this.add(
      day,
      MES,
      'acceptLotTransfer',
      { input: { transferId: ref(transferRef) } },
      {
        label: `accept-lot-${number}`,
      },
    );
    lot.place = 'CONCENTRATION';
  }

  // ---- concentration

  private registerAdsorbent(day: number, line: AdsorbentLine): void {
    line.code = `ADS-${this.tag}-${++this.adsorbentCount}`;
    line.cycle = 0;
    line.firstCapacity = undefined;
    this.add(
      day,
      MES,
      'registerAdsorbentBatch',
      { input: { code: line.code, material: ADSORBENT_MATERIAL } },
      {
        label: `register-adsorbent-${this.adsorbentCount}`,
      },
    );
  }

  private heldIntakeLots(route: 'LEACHING' | 'ADSORPTION'): LedgerLot[] {
    return [...this.ledger.lots.values()].filter(
      (l) =>
        l.origin === 'INTAKE' &&
        l.place === 'CONCENTRATION' &&
        this.routes.get(l.ref) === route &&
        l.remainingKg.greaterThan(0),
    );
  }

  /** Takes lots in arrival order up to `chargeKg`, the last one partly. */
  private charge(lots: readonly LedgerLot[], chargeKg: Decimal): { lot: LedgerLot; kg: Decimal }[] {
    const takes: { lot: LedgerLot; kg: Decimal }[] = [];
    let left = chargeKg;
    for (const lot of lots) {
      if (!left.greaterThan(0)) break;
      const take = lot.remainingKg.lessThan(left) ? lot.remainingKg : left;
      takes.push({ lot, kg: take });
      left = left.minus(take);
    }
    return takes;
  }

  private leach(day: number): void {
    for (const reactor of LEACHING_REACTORS) {
      const lots = this.heldIntakeLots('LEACHING');
      const available = lots.reduce((sum, l) => sum.plus(l.remainingKg), ZERO);
      if (available.lessThan(LEACHING_MINIMUM_KG)) return;
      const random = this.random.fork(`run-${this.runCount + 1}`);
      this.run(day, {
        kind: 'LEACHING',
        equipmentId: reactor,
        parameters: {
          leaching: {
            acid: 'HYDROCHLORIC',
            acidConcentrationMolPerL: toPlainString(drawDecimal(random, '2', '4', 1)),
            temperatureCelsius: toPlainString(drawDecimal(random, '60', '90', 0)),
          },
        },
        takes: this.charge(lots, parseDecimal(LEACHING_CHARGE_KG)),
        random,
        yieldOf: (fed, fedKg) => leachingYield(random, fed, fedKg),
      });
    }
  }

  private adsorbLiquor(day: number): void {
    const liquor = [...this.ledger.lots.values()].filter(
      (l) => l.materialKind === 'LEACH_LIQUOR' && l.remainingKg.greaterThan(0),
    );
    if (liquor.length > 0) {
      this.adsorb(
        day,
        this.lines.liquor,
        liquor.map((lot) => ({ lot, kg: lot.remainingKg })),
        'LIQUOR',
      );
    }
  }

  private adsorbUnusedResources(day: number): void {
    const lots = this.heldIntakeLots('ADSORPTION');
    if (lots.length > 0) {
      this.adsorb(
        day,
        this.lines.resource,
        this.charge(lots, parseDecimal(RESOURCE_CHARGE_KG)),
        'UNUSED_RESOURCE',
      );
    }
  }

  private adsorb(
    day: number,
    line: AdsorbentLine,
    takes: readonly { lot: LedgerLot; kg: Decimal }[],
    kind: 'LIQUOR' | 'UNUSED_RESOURCE',
  ): void {
    const fedKg = takes.reduce((sum, t) => sum.plus(t.kg), ZERO);
    const random = this.random.fork(`run-${this.runCount + 1}`);
    line.cycle += 1;
    const cycle = line.cycle;
    const runRef = this.run(day, {
      kind: 'ADSORPTION',
      equipmentId: line.column,
      parameters: {
        adsorption: {
          adsorbentBatchId: line.code,
          cycleNumber: cycle,
          column: line.column,
          bedVolumeL: '500',
          // Liquor at about 1.2 kg/L; unused resources leached to a slurry of about 2 L per kg.
          feedVolumeL: toPlainString(
            roundTo(kind === 'LIQUOR' ? fedKg.dividedBy('1.2') : fedKg.times('2'), 0),
          ),
          ph: toPlainString(drawDecimal(random, '2', '3', 1)),
          temperatureCelsius: toPlainString(drawDecimal(random, '25', '35', 0)),
        },
      },
      takes,
      random,
      yieldOf: (fed, fedMassKg) => adsorptionYield(random, fed, fedMassKg, kind),
      // Liquor assays are tight (2-5 %): a stale concentrate figure shows; ore's ppm assays (8 %) may hide it.
      mayBeUnbalanced: kind === 'LIQUOR',
    });
    line.firstCapacity ??= drawDecimal(random, '45', '55', 1);
    const capacity = adsorbentCapacity(random, line.firstCapacity, cycle);
    this.add(
      day,
      MES,
      'recordAdsorbentCapacity',
      {
        input: {
          adsorbentBatchId: line.code,
          cycleNumber: cycle,
          capacityMgPerG: toPlainString(capacity),
          measuredAt: this.at(day, 9, cycle % 60),
          runId: ref(runRef),
        },
      },
      { label: `capacity-${line.code}-${cycle}` },
    );
    const lossShare = parseDecimal('1').minus(capacity.dividedBy(line.firstCapacity));
    if (lossShare.greaterThan(ADSORBENT_RETIREMENT_LOSS)) {
      this.add(
        day,
        MES,
        'retireAdsorbentBatch',
        { input: { adsorbentBatchId: line.code, reason: 'capacity below 75 % of its first cycle' } },
        { label: `retire-${line.code}` },
      );
      this.registerAdsorbent(day, line);
    }
  }

  /** One run: plan, start, take, declare outputs, record losses, complete; returns the run's ref. */
  private run(
    day: number,
    spec: {
      kind: 'LEACHING' | 'ADSORPTION';
      equipmentId: string;
      parameters: { [key: string]: PlanValue };
      takes: readonly { lot: LedgerLot; kg: Decimal }[];
      random: SeededRandom;
      yieldOf: (fedKg: ReadonlyMap<string, Decimal>, fedMassKg: Decimal) => RunYield;
      mayBeUnbalanced?: boolean;
    },
  ): string {
    const number = this.nextRunNumber();
    const runRef = `run:${number}`;
    const runId = ref(runRef);
    const { random } = spec;
    const planOperation: OperationName = spec.kind === 'LEACHING' ? 'planLeachingRun' : 'planAdsorptionRun';
    this.add(
      day,
      MES,
      planOperation,
      {
        input: {
          externalId: `MES-${this.tag}-${number}`,
          equipmentId: spec.equipmentId,
          workOrder: this.workOrder(day, number),
          ...spec.parameters,
        },
      },
      {
        capture: { [runRef]: `${answerField(planOperation)}.runId` },
        label: `plan-run-${number}`,
        note: `${spec.kind.toLowerCase()} run on ${spec.equipmentId}`,
      },
    );
    this.add(day, MES, 'startRun', { input: { runId } }, { label: `start-run-${number}` });

    const fed = new Map<string, Decimal>();
    const variance = new Map<string, Decimal>();
    const addVariance = (element: string, u: Decimal) =>
      variance.set(element, (variance.get(element) ?? ZERO).plus(u.times(u)));
    let fedMassKg = ZERO;
    spec.takes.forEach(({ lot, kg: takeKg }, index) => {
      const lotId = ref(lot.ref);
      const waitFor: HeldLotCondition[] = [
        {
          service: 'concentration',
          custody: 'HELD',
          lot: lotId,
          remainingKg: toPlainString(lot.remainingKg),
          dyFraction: toPlainString(lot.composition.get('Dy')?.fraction ?? ZERO),
        },
      ];
      const label = `take-run-${number}-${index + 1}`;
      if (this.fault('OVERDRAW', random)) {
        this.add(
          day,
          MES,
          'takeInput',
          { input: { runId, lotId, mass: kg(lot.remainingKg.plus('50')) } },
          {
            expect: { outcome: 'refused', code: 'MORE_THAN_REMAINS' },
            waitFor,
            fault: 'OVERDRAW',
            label: `${label}-overdraw`,
          },
        );
      }
      const take = { input: { runId, lotId, mass: kg(takeKg) } };
      const taken = this.add(day, MES, 'takeInput', take, { waitFor, label });
      if (this.fault('DUPLICATE_MES_CALL', random)) {
        this.add(day, MES, 'takeInput', take, {
          expect: { outcome: 'replayed' },
          keyOf: taken,
          fault: 'DUPLICATE_MES_CALL',
          label: `${label}-resent`,
        });
      }
      if (takeKg.greaterThan('1') && this.fault('IDEMPOTENCY_KEY_REUSED', random)) {
        this.add(
          day,
          MES,
          'takeInput',
          { input: { runId, lotId, mass: kg(roundTo(takeKg.dividedBy(2), 3)) } },
          {
            expect: { outcome: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' },
            keyOf: taken,
            fault: 'IDEMPOTENCY_KEY_REUSED',
            label: `${label}-key-reused`,
          },
        );
      }
      lot.remainingKg = lot.remainingKg.minus(takeKg);
      fedMassKg = fedMassKg.plus(takeKg);
      for (const element of BALANCED_ELEMENTS) {
        const content = lot.composition.get(element);
        if (!content) continue;
        fed.set(element, (fed.get(element) ?? ZERO).plus(takeKg.times(content.fraction)));
        if (content.uncertainty) addVariance(element, takeKg.times(content.uncertainty));
      }
    });

    const yielded = spec.yieldOf(fed, fedMassKg);
    const unbalanced = spec.mayBeUnbalanced === true && this.fault('UNBALANCED_RUN', random);
    const corrections: { lot: LedgerLot; composition: Composition }[] = [];
    const outputs: LedgerLot[] = [];
    for (const output of yielded.outputs) {
      const lotCode = `${output.lotCodePrefix}-${this.tag}-${number}`;
      const lotRef = `lot:${lotCode}`;
      const measured = measuredComposition(
        random.fork(output.lotCodePrefix),
        output.elementKg,
        output.massKg,
      );
      // The MES took the concentrate's Dy from a stale assay, 30 % high: the balance cannot close.
      const declared =
        unbalanced && output.concentrate
          ? measuredComposition(
              random.fork(output.lotCodePrefix),
              output.elementKg,
              output.massKg,
              new Map([['Dy', '1.3']]),
            )
          : measured;
      this.add(
        day,
        MES,
        'declareOutput',
        {
          input: {
            runId,
            lotCode,
            role: output.role,
            mass: kg(output.massKg),
            composition: compositionInput(declared),
          },
        },
        {
          capture: { [lotRef]: 'concentrationDeclareOutput.lotIds.0' },
          label: `output-run-${number}-${output.lotCodePrefix}`,
        },
      );
      const lot: LedgerLot = {
        ref: lotRef,
        origin: 'RUN',
        materialKind: output.materialKind,
        massKg: output.massKg,
        remainingKg: output.massKg,
        composition: declared,
        place: 'CONCENTRATION',
        role: output.role,
        concentrate: output.concentrate,
      };
      this.ledger.lots.set(lotRef, lot);
      outputs.push(lot);
      if (declared !== measured) corrections.push({ lot, composition: measured });
    }
    if (yielded.losses.length > 0) {
      this.add(
        day,
        MES,
        'recordLosses',
        {
          input: {
            runId,
            losses: yielded.losses.map((loss) => ({
              element: loss.element,
              kind: 'SAMPLE',
              mass: kg(loss.massKg),
              uncertainty: kg(loss.uncertaintyKg),
              note: 'process samples drawn for the lab',
            })),
          },
        },
        { label: `losses-run-${number}` },
      );
    }
    if (unbalanced) {
      this.add(
        day,
        MES,
        'completeRun',
        { input: { runId } },
        {
          expect: { outcome: 'refused', code: 'BALANCE_NOT_CLOSED' },
          fault: 'UNBALANCED_RUN',
          label: `complete-run-${number}-refused`,
        },
      );
      this.add(
        day,
        SHIFT_SUPERVISOR,
        'completeRun',
        {
          input: {
            runId,
            overrideReason: 'concentrate Dy reading suspected high; re-assay ordered, correction to follow',
          },
        },
        { label: `complete-run-${number}-override` },
      );
      this.add(
        day,
        SHIFT_SUPERVISOR,
        'correctRun',
        {
          input: {
            runId,
            reason: 'lab re-assay of the concentrate: the MES had used a stale Dy figure',
            outputs: corrections.map(({ lot, composition }) => ({
              lotId: ref(lot.ref),
              composition: compositionInput(composition),
            })),
          },
        },
        { label: `correct-run-${number}` },
      );
    } else {
      this.add(day, MES, 'completeRun', { input: { runId } }, { label: `complete-run-${number}` });
    }

    const declaredDyKg = outputs.reduce(
      (sum, lot) => sum.plus(lot.massKg.times(lot.composition.get('Dy')?.fraction ?? ZERO)),
      ZERO,
    );
    for (const { lot, composition } of corrections) lot.composition = composition;
    const elements = new Map<string, LedgerElementBalance>();
    for (const [element, inputsKg] of fed) {
      const outputsKg = outputs.reduce(
        (sum, lot) => sum.plus(lot.massKg.times(lot.composition.get(element)?.fraction ?? ZERO)),
        ZERO,
      );
      const losses = yielded.losses.filter((loss) => loss.element === element);
      const lossesKg = losses.reduce((sum, loss) => sum.plus(loss.massKg), ZERO);
      for (const lot of outputs) {
        const u = lot.composition.get(element)?.uncertainty;
        if (u) addVariance(element, lot.massKg.times(u));
      }
      for (const loss of losses) addVariance(element, loss.uncertaintyKg);
      const toleranceKg = (variance.get(element) ?? ZERO).sqrt().times(2);
      elements.set(element, { inputsKg, outputsKg, lossesKg, toleranceKg });
    }
    const dy = elements.get('Dy');
    if (
      unbalanced &&
      dy &&
      !dy.inputsKg.minus(declaredDyKg).minus(dy.lossesKg).abs().greaterThan(dy.toleranceKg)
    ) {
      throw new Error(`plan of ${runRef}: the stale concentrate assay would still close the Dy balance`);
    }
    this.ledger.runs.push({
      ref: runRef,
      kind: spec.kind,
      elements,
      overridden: unbalanced,
      completed: true,
    });
    return runRef;
  }
}

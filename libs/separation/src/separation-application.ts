import { Topics } from '@rre/contracts';
import { type EventConsumerDefinition, EventPublisher } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import { ProcessRuns } from '@rre/process-runs';
import type { DataSource, EntityManager } from 'typeorm';
import { DistributionRatioRecording } from './application/distribution-ratio-recording';
import { FractionDeclaration } from './application/fraction-declaration';
import { type LotInSeparation, lotInSeparation } from './application/lot-in-separation';
import { OxideDeclaration } from './application/oxide-declaration';
import { RunCompletion } from './application/run-completion';
import { RunPlanning, separationRunKinds } from './application/run-planning';
import { type CampaignKpis, campaignKpis } from './domain/campaign-kpis';
import { type CascadeDesign, cascadeDesign, type CascadeDesignInput } from './domain/cascade-design';
import type { RunKpiRecord } from './domain/run-kpi-record';
import { concentrationLotEventsConsumer } from './messaging/concentration-lot-events.consumer';
import { reductionAnswersConsumer } from './messaging/reduction-answers.consumer';
import { type FractionRecord, FractionStore } from './persistence/fraction.store';
import { type OxideLotRecord, OxideLotStore } from './persistence/oxide-lot.store';
import { type CampaignFilter, RunKpiStore } from './persistence/run-kpi.store';
import { SEPARATION_SERVICE_NAME } from './persistence/separation-persistence';
import type { SeparationSettings } from './separation-config';

export interface SeparationApplicationOptions {
  readonly dataSource: DataSource;
  readonly settings: SeparationSettings;
  readonly clock?: () => Date;
}

/**
 * The separation service: Dy/Tb solvent-extraction runs, precipitation and calcination to oxide, on
 * the shared run library; distribution ratios and separation factors, fractions, oxide lots, KPIs
 * and cascade design, all in the separation schema.
 */
export class SeparationApplication {
  readonly processRuns: ProcessRuns;
  readonly planning: RunPlanning;
  readonly distributionRatios: DistributionRatioRecording;
  readonly fractions: FractionDeclaration;
  readonly oxides: OxideDeclaration;
  readonly dataSource: DataSource;
  private readonly clock: () => Date;
  private readonly fractionStore = new FractionStore();
  private readonly oxideStore = new OxideLotStore();
  private readonly kpis = new RunKpiStore();

  constructor(private readonly options: SeparationApplicationOptions) {
    this.dataSource = options.dataSource;
    this.clock = options.clock ?? (() => new Date());
    const { settings } = options;
    const completion = new RunCompletion(() => this.processRuns, settings.baseline, this.clock);
    this.processRuns = new ProcessRuns({
      service: SEPARATION_SERVICE_NAME,
      publisher: new EventPublisher({ service: SEPARATION_SERVICE_NAME }),
      topics: { lots: Topics.SeparationLotEvents, runs: Topics.SeparationRunEvents },
      balance: {
        coverageFactor: settings.balanceCoverageFactor,
        trackedElements: settings.balanceElements,
        overrideNeedsSecondPerson: settings.overrideNeedsApproval,
      },
      runKinds: separationRunKinds,
      onCompleted: (manager, run, balance) => completion.completed(manager, run, balance),
      idempotencyTtlMs: settings.idempotencyTtlMs,
      clock: this.clock,
    });
    const mutations = { idempotencyTtlMs: settings.idempotencyTtlMs, clock: this.clock };
    this.planning = new RunPlanning(() => this.processRuns);
    this.distributionRatios = new DistributionRatioRecording(() => this.processRuns, mutations);
    this.fractions = new FractionDeclaration(() => this.processRuns, mutations);
    this.oxides = new OxideDeclaration(() => this.processRuns, mutations);
  }

  /** The consumer of concentration's lot events: hand-overs to separation, later assays and weighings. */
  concentrationLotEventsConsumer(name?: string): EventConsumerDefinition {
    return concentrationLotEventsConsumer({ processRuns: () => this.processRuns, name });
  }

  /** The consumer of reduction's answers that settles separation's hand-overs of oxide lots. */
  reductionAnswersConsumer(name?: string): EventConsumerDefinition {
    return reductionAnswersConsumer({ processRuns: () => this.processRuns, name });
  }

  /** Runs `work` in a transaction of the separation schema. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }

  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  separationFactor(runId: string) {
    return this.read((manager) => this.distributionRatios.ofRun(manager, runId));
  }

  runFractions(runId: string): Promise<FractionRecord[]> {
    return this.read((manager) => this.fractionStore.ofRun(manager, runId));
  }

  fraction(lotId: string): Promise<FractionRecord | undefined> {
    return this.read((manager) => this.fractionStore.get(manager, lotId));
  }

  runOxides(runId: string): Promise<OxideLotRecord[]> {
    return this.read((manager) => this.oxideStore.ofRun(manager, runId));
  }

  oxideLot(lotId: string): Promise<OxideLotRecord | undefined> {
    return this.read((manager) => this.oxideStore.get(manager, lotId));
  }

  /** What separation knows of a lot (the federated `Lot.separation`); undefined when it never heard of it. */
  lotInSeparation(lotId: string): Promise<LotInSeparation | undefined> {
    return this.read(async (manager) => {
      const held = await this.processRuns.getLot(manager, lotId);
      if (!held) return undefined;
      const produced = held.producedByRunId !== undefined;
      return lotInSeparation(
        held,
        await this.processRuns.runsThatTook(manager, lotId),
        produced ? await this.fractionStore.get(manager, lotId) : undefined,
        produced ? await this.oxideStore.get(manager, lotId) : undefined,
      );
    });
  }

  runKpis(runId: string): Promise<RunKpiRecord[]> {
    return this.read((manager) => this.kpis.ofRun(manager, runId));
  }

  /** The averages of the solvent-extraction runs a campaign filter selects, against the conventional baseline. */
  async campaignKpis(filter: CampaignFilter): Promise<{ runIds: string[]; kpis: CampaignKpis }> {
    const records = await this.read((manager) => this.kpis.campaign(manager, filter));
    return {
      runIds: records.map((r) => r.runId),
      kpis: campaignKpis(
        records.map((r) => r.kpis),
        this.options.settings.baseline,
      ),
    };
  }

  /** Fenske minimum stages, the recommended count, and the conventional and new extractant side by side. */
  cascadeDesign(input: CascadeDesignInput): CascadeDesign {
    return cascadeDesign(input, this.options.settings.cascade);
  }
}

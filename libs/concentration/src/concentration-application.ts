import { Topics } from '@rre/contracts';
import { EventPublisher, type EventConsumerDefinition } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import { MesWebhookSubscriptions, ProcessMeasurements, ProcessRuns } from '@rre/process-runs';
import type { DataSource, EntityManager } from 'typeorm';
import { AdsorbentCommands } from './application/adsorbent-commands';
import { ProcessRunsHeldLotRegistry } from './application/process-runs-held-lot-registry';
import { type LotInConcentration, lotInConcentration } from './application/lot-in-concentration';
import { RunCompletion } from './application/run-completion';
import { concentrationRunKinds, RunPlanning } from './application/run-planning';
import type { ConcentrationSettings } from './concentration-config';
import { type AdsorbentBatch, adsorbentCondition, type AdsorbentCondition } from './domain/adsorbent-batch';
import type { ReceivedLot, ReceivedLotCustody } from './domain/received-lot';
import type { RunKpiRecord } from './domain/run-kpi-record';
import { intakeLotEventsConsumer } from './messaging/intake-lot-events.consumer';
import { separationAnswersConsumer } from './messaging/separation-answers.consumer';
import { AdsorbentBatchStore } from './persistence/adsorbent-batch.store';
import { CONCENTRATION_SERVICE_NAME } from './persistence/concentration-persistence';
import { ReceivedLotStore } from './persistence/received-lot.store';
import { type ResidueScreeningRecord, ResidueScreeningStore } from './persistence/residue-screening.store';
import { RunKpiStore } from './persistence/run-kpi.store';

export interface ConcentrationApplicationOptions {
  readonly dataSource: DataSource;
  readonly settings: ConcentrationSettings;
  readonly clock?: () => Date;
}

export interface AdsorbentBatchView extends AdsorbentBatch {
  readonly condition: AdsorbentCondition;
}

/**
 * The concentration service: leaching and adsorption runs on the shared run library, its copy of
 * intake's lots, adsorbent batches, KPIs and residue screenings, all in the concentration schema.
 */
export class ConcentrationApplication {
  readonly processRuns: ProcessRuns;
  /** Process time series an MES sends for a run (temperature, pH, flow, ...). */
  readonly measurements: ProcessMeasurements;
  /** The MES clients' webhooks: lots entering custody, hand-overs, completed runs. */
  readonly webhooks: MesWebhookSubscriptions;
  readonly planning: RunPlanning;
  readonly adsorbents: AdsorbentCommands;
  readonly dataSource: DataSource;
  private readonly clock: () => Date;
  private readonly receivedLots = new ReceivedLotStore();
  private readonly batches = new AdsorbentBatchStore();
  private readonly kpis = new RunKpiStore();
  private readonly screenings = new ResidueScreeningStore();

  constructor(private readonly options: ConcentrationApplicationOptions) {
    this.dataSource = options.dataSource;
    this.clock = options.clock ?? (() => new Date());
    const completion = new RunCompletion(
      () => this.processRuns,
      options.settings.residueScreening,
      this.clock,
    );
    const events = {
      service: CONCENTRATION_SERVICE_NAME,
      publisher: new EventPublisher({ service: CONCENTRATION_SERVICE_NAME }),
      topics: { lots: Topics.ConcentrationLotEvents, runs: Topics.ConcentrationRunEvents },
    } as const;
    this.processRuns = new ProcessRuns({
      ...events,
      balance: {
        coverageFactor: options.settings.balanceCoverageFactor,
        trackedElements: options.settings.balanceElements,
        overrideNeedsSecondPerson: options.settings.overrideNeedsApproval,
      },
      runKinds: concentrationRunKinds,
      onCompleted: (manager, run, balance) => completion.completed(manager, run, balance),
      idempotencyTtlMs: options.settings.idempotencyTtlMs,
      clock: this.clock,
    });
    this.measurements = new ProcessMeasurements({
      runExists: (manager, runId) => this.processRuns.runExists(manager, runId),
      clock: { now: this.clock },
      events,
    });
    this.webhooks = new MesWebhookSubscriptions({ now: this.clock });
    this.planning = new RunPlanning(() => this.processRuns);
    this.adsorbents = new AdsorbentCommands({
      idempotencyTtlMs: options.settings.idempotencyTtlMs,
      clock: this.clock,
    });
  }

  /** The consumer of intake's lot events that keeps concentration's copy and hands accepted lots to the runs. */
  intakeLotEventsConsumer(name?: string): EventConsumerDefinition {
    return intakeLotEventsConsumer({
      registry: new ProcessRunsHeldLotRegistry(() => this.processRuns),
      clock: this.clock,
      name,
    });
  }

  /** The consumer of separation's answers that settles concentration's hand-overs of concentrate. */
  separationAnswersConsumer(name?: string): EventConsumerDefinition {
    return separationAnswersConsumer({ processRuns: () => this.processRuns, name });
  }

  /** Runs `work` in a transaction of the concentration schema. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }

  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  receivedLot(lotId: string): Promise<ReceivedLot | undefined> {
    return this.read((manager) => this.receivedLots.get(manager, lotId));
  }

  /** What concentration knows of a lot (`Lot.concentration`); undefined when it never heard of it. */
  lotInConcentration(lotId: string): Promise<LotInConcentration | undefined> {
    return this.read(async (manager) => {
      const received = await this.receivedLots.get(manager, lotId);
      const held = await this.processRuns.getLot(manager, lotId);
      const runs = held ? await this.processRuns.runsThatTook(manager, lotId) : [];
      return lotInConcentration(lotId, received, held, runs);
    });
  }

  listReceivedLots(filter: { custody?: ReceivedLotCustody; first: number; afterLotCode?: string }) {
    return this.read((manager) => this.receivedLots.list(manager, filter));
  }

  async adsorbentBatch(idOrCode: string): Promise<AdsorbentBatchView | undefined> {
    const batch = await this.read((manager) => this.batches.get(manager, idOrCode));
    return batch && this.withCondition(batch);
  }

  async listAdsorbentBatches(filter: { includeRetired: boolean; first: number; afterCode?: string }) {
    const batches = await this.read((manager) => this.batches.list(manager, filter));
    return batches.map((batch) => this.withCondition(batch));
  }

  runKpis(runId: string): Promise<RunKpiRecord[]> {
    return this.read((manager) => this.kpis.ofRun(manager, runId));
  }

  pageRunKpis(filter: Parameters<RunKpiStore['page']>[1]): Promise<RunKpiRecord[]> {
    return this.read((manager) => this.kpis.page(manager, filter));
  }

  residueScreenings(lotIds: readonly string[]): Promise<ResidueScreeningRecord[]> {
    return this.read((manager) => this.screenings.ofLots(manager, lotIds));
  }

  private withCondition(batch: AdsorbentBatch): AdsorbentBatchView {
    return { ...batch, condition: adsorbentCondition(batch, this.options.settings.adsorbents) };
  }
}

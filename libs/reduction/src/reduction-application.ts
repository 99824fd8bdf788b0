import { Topics } from '@rre/contracts';
import { EventPublisher, type EventConsumerDefinition } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import { ProcessMeasurements, ProcessRunError, ProcessRuns } from '@rre/process-runs';
import type { DataSource, EntityManager } from 'typeorm';
import { analyseBatchMeasurements, type BatchMeasurementAnalysis } from './application/batch-analysis';
import { type LotInReduction, lotInReduction } from './application/lot-in-reduction';
import { RunCompletion } from './application/run-completion';
import { reductionRunKinds, ReductionRunKind, RunPlanning } from './application/run-planning';
import {
  type BatchTotals,
  performanceOf,
  type PerformanceFigures,
  sumTotals,
} from './domain/batch-performance';
import type { ElectrolysisParameters } from './domain/electrolysis-parameters';
import type { RunKpiRecord } from './domain/run-kpi-record';
import { REDUCTION_SERVICE_NAME } from './persistence/reduction-persistence';
import { type KpiPeriodFilter, RunKpiStore } from './persistence/run-kpi.store';
import { separationHandOversConsumer } from './messaging/separation-hand-overs.consumer';
import type { ReductionSettings } from './reduction-config';
import { parseDecimal, toPlainString } from '@rre/quantities';

export interface ReductionApplicationOptions {
  readonly dataSource: DataSource;
  readonly settings: ReductionSettings;
  readonly clock?: () => Date;
}

/** The KPIs of every run completed in a period, the batches' summed before dividing. */
export interface PeriodKpis {
  readonly from?: Date;
  readonly to?: Date;
  readonly electrolysisBatches: number;
  readonly distillationRuns: number;
  readonly electrolysis: PerformanceFigures;
  /** The PRODUCT lots of the distillation runs, kg, and the target element in them, kg. */
  readonly distilledMetalLotKg: string;
  readonly distilledTargetElementKg: string;
}

/**
 * The reduction service: electrolysis batches and vacuum distillation runs on the shared run
 * library, their measured current and voltage, and their KPIs, all in the reduction schema.
 */
export class ReductionApplication {
  readonly processRuns: ProcessRuns;
  /** Cell current and voltage (and any other series) the MES sends for a run. */
  readonly measurements: ProcessMeasurements;
  readonly planning: RunPlanning;
  readonly dataSource: DataSource;
  private readonly kpis = new RunKpiStore();

  constructor(private readonly options: ReductionApplicationOptions) {
    this.dataSource = options.dataSource;
    const clock = options.clock ?? (() => new Date());
    const settings = options.settings;
    const events = {
      service: REDUCTION_SERVICE_NAME,
      publisher: new EventPublisher({ service: REDUCTION_SERVICE_NAME }),
      topics: { lots: Topics.ReductionLotEvents, runs: Topics.ReductionRunEvents },
    } as const;
    const completion = new RunCompletion(
      () => this.processRuns,
      () => this.measurements,
      { energy: settings.energy, maxSampleGapSeconds: settings.maxSampleGapSeconds },
      clock,
    );
    this.processRuns = new ProcessRuns({
      ...events,
      balance: {
        coverageFactor: settings.balanceCoverageFactor,
        trackedElements: settings.balanceElements,
        overrideNeedsSecondPerson: settings.overrideNeedsApproval,
      },
      runKinds: reductionRunKinds(settings),
      onCompleted: (manager, run, balance, events) => completion.completed(manager, run, balance, events),
      idempotencyTtlMs: settings.idempotencyTtlMs,
      clock,
    });
    this.measurements = new ProcessMeasurements({
      runExists: (manager, runId) => this.processRuns.runExists(manager, runId),
      clock: { now: clock },
      events,
    });
    this.planning = new RunPlanning(() => this.processRuns, settings);
  }

  /** The consumer of separation's lot events that receives the oxide lots handed to reduction. */
  separationHandOversConsumer(name?: string): EventConsumerDefinition {
    return separationHandOversConsumer({ processRuns: () => this.processRuns, name });
  }

  /** Runs `work` in a transaction of the reduction schema. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }

  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** What reduction knows of a lot (the federated `Lot.reduction`); undefined when it never heard of it. */
  lotInReduction(lotId: string): Promise<LotInReduction | undefined> {
    return this.read(async (manager) => {
      const held = await this.processRuns.getLot(manager, lotId);
      if (!held) return undefined;
      const producedBy =
        held.producedByRunId === undefined
          ? undefined
          : await this.processRuns.getRun(manager, held.producedByRunId);
      return lotInReduction(held, await this.processRuns.runsThatTook(manager, lotId), producedBy);
    });
  }

  runKpis(runId: string): Promise<RunKpiRecord[]> {
    return this.read((manager) => this.kpis.revisions(manager, runId));
  }

  pageRunKpis(filter: Parameters<RunKpiStore['latest']>[1]): Promise<RunKpiRecord[]> {
    return this.read((manager) => this.kpis.latest(manager, filter));
  }

  /** Every electrolysis batch and distillation run completed in [from, to), summed. */
  async periodKpis(period: Omit<KpiPeriodFilter, 'kind'>): Promise<PeriodKpis> {
    const records = await this.read((manager) => this.kpis.latest(manager, period));
    const batches: BatchTotals[] = [];
    let distillations = 0;
    let metalLotKg = parseDecimal('0');
    let targetKg = parseDecimal('0');
    for (const { kpis } of records) {
      if (kpis.kind === 'ELECTROLYSIS') batches.push(kpis.totals);
      else {
        distillations += 1;
        metalLotKg = metalLotKg.plus(parseDecimal(kpis.metalLotKg));
        targetKg = targetKg.plus(parseDecimal(kpis.targetElementKg));
      }
    }
    return {
      from: period.from,
      to: period.to,
      electrolysisBatches: batches.length,
      distillationRuns: distillations,
      electrolysis: performanceOf(sumTotals(batches), this.options.settings.energy),
      distilledMetalLotKg: toPlainString(metalLotKg),
      distilledTargetElementKg: toPlainString(targetKg),
    };
  }

  /** What a batch's measurements give so far (before or after completion): charge, DC energy, coverage. */
  async batchMeasurements(runId: string): Promise<BatchMeasurementAnalysis> {
    return this.read(async (manager) => {
      const run = await this.processRuns.getRun(manager, runId);
      if (!run || run.kind !== ReductionRunKind.ELECTROLYSIS) {
        throw new ProcessRunError({
          code: run ? 'INVALID_INPUT' : 'UNKNOWN_RUN',
          field: 'runId',
          value: runId,
          rule: run
            ? `must be an electrolysis batch (it is a ${run.kind} run)`
            : 'must be a run of reduction',
        });
      }
      return analyseBatchMeasurements(
        manager,
        this.measurements,
        runId,
        run.parameters as ElectrolysisParameters,
        this.options.settings.maxSampleGapSeconds,
      );
    });
  }
}

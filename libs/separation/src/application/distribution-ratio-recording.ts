import type { ProcessRuns } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { type DistributionRatioInput, distributionRatios } from '../domain/distribution-ratios';
import { separationFactorOf } from '../domain/separation-factor';
import { DistributionRatioStore } from '../persistence/distribution-ratio.store';
import { runFor } from './run-guard';
import { type MutationSettings, separationMutation } from './separation-mutation';
import type { SeparationRequest } from './separation-request';

export interface RecordDistributionRatiosCommand {
  readonly runId: string;
  readonly ratios: readonly DistributionRatioInput[];
}

/**
 * Measured distribution ratios of a started (or held) solvent-extraction run. A new ratio of an
 * element supersedes the earlier one (kept as an earlier revision); the run's beta, computed from
 * the latest ratios, must stay above 1.
 */
export class DistributionRatioRecording {
  private readonly store = new DistributionRatioStore();

  constructor(
    private readonly processRuns: () => ProcessRuns,
    private readonly settings: MutationSettings,
  ) {}

  record(manager: EntityManager, request: SeparationRequest, command: RecordDistributionRatiosCommand) {
    return separationMutation(
      manager,
      request,
      this.settings,
      'recordDistributionRatios',
      command,
      async (now) => {
        const run = await runFor(
          manager,
          this.processRuns(),
          command.runId,
          ['SOLVENT_EXTRACTION'],
          ['STARTED', 'HELD'],
          'recording distribution ratios',
        );
        const ratios = distributionRatios(command.ratios);
        const latest = await this.store.latest(manager, run.id);
        const merged = [
          ...latest.filter((known) => !ratios.some((r) => r.element === known.element)),
          ...ratios,
        ];
        separationFactorOf(merged);
        await this.store.append(manager, run.id, ratios, { at: now, by: request.actor.subject });
        return { runId: run.id, lotIds: [] };
      },
    );
  }

  /** The latest ratio of each element and the beta they give. */
  async ofRun(manager: EntityManager, runId: string) {
    const ratios = await this.store.latest(manager, runId);
    return { ratios, separationFactor: separationFactorOf(ratios) };
  }
}

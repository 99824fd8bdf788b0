import type { ProcessRuns } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { calcinationParameters, type CalcinationParametersInput } from '../domain/calcination-parameters';
import {
  precipitationParameters,
  type PrecipitationParametersInput,
} from '../domain/precipitation-parameters';
import {
  solventExtractionParameters,
  type SolventExtractionParametersInput,
} from '../domain/solvent-extraction-parameters';
import type { SeparationRequest } from './separation-request';

export interface PlanSeparationRunCommand {
  readonly externalId?: string;
  readonly equipmentId: string;
  readonly workOrder: string;
}

/** The run kinds of separation and how their parameters are checked (also by the generic separationPlanRun). */
export const separationRunKinds = {
  SOLVENT_EXTRACTION: {
    parseParameters: (raw: unknown) =>
      solventExtractionParameters(raw as SolventExtractionParametersInput, 'parameters'),
  },
  PRECIPITATION: {
    parseParameters: (raw: unknown) =>
      precipitationParameters(raw as PrecipitationParametersInput, 'parameters'),
  },
  CALCINATION: {
    parseParameters: (raw: unknown) => calcinationParameters(raw as CalcinationParametersInput, 'parameters'),
  },
};

/** Plans separation's runs with typed, validated parameters. */
export class RunPlanning {
  constructor(private readonly processRuns: () => ProcessRuns) {}

  planSolventExtractionRun(
    manager: EntityManager,
    request: SeparationRequest,
    command: PlanSeparationRunCommand & { solventExtraction: SolventExtractionParametersInput },
  ) {
    return this.plan(manager, request, command, 'SOLVENT_EXTRACTION', () =>
      solventExtractionParameters(command.solventExtraction),
    );
  }

  planPrecipitationRun(
    manager: EntityManager,
    request: SeparationRequest,
    command: PlanSeparationRunCommand & { precipitation: PrecipitationParametersInput },
  ) {
    return this.plan(manager, request, command, 'PRECIPITATION', () =>
      precipitationParameters(command.precipitation),
    );
  }

  planCalcinationRun(
    manager: EntityManager,
    request: SeparationRequest,
    command: PlanSeparationRunCommand & { calcination: CalcinationParametersInput },
  ) {
    return this.plan(manager, request, command, 'CALCINATION', () =>
      calcinationParameters(command.calcination),
    );
  }

  private plan(
    manager: EntityManager,
    request: SeparationRequest,
    command: PlanSeparationRunCommand,
    kind: keyof typeof separationRunKinds,
    parameters: () => unknown,
  ) {
    return this.processRuns().planRun(manager, request, {
      externalId: command.externalId,
      kind,
      equipmentId: command.equipmentId,
      workOrder: command.workOrder,
      parameters: parameters(),
    });
  }
}

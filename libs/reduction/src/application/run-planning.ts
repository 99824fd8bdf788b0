import type { ProcessRequest, ProcessRuns } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { distillationParameters, type DistillationParametersInput } from '../domain/distillation-parameters';
import { electrolysisParameters, type ElectrolysisParametersInput } from '../domain/electrolysis-parameters';
import type { ProcessWindow } from '../domain/process-window';
import { ReductionError } from '../domain/reduction-error';

/** The two run kinds of reduction. */
export const ReductionRunKind = {
  ELECTROLYSIS: 'ELECTROLYSIS',
  VACUUM_DISTILLATION: 'VACUUM_DISTILLATION',
} as const;
export type ReductionRunKind = (typeof ReductionRunKind)[keyof typeof ReductionRunKind];

export interface PlanReductionRunCommand {
  readonly externalId?: string;
  readonly equipmentId: string;
  readonly workOrder: string;
}

export interface PlanElectrolysisCommand extends PlanReductionRunCommand {
  readonly electrolysis: ElectrolysisParametersInput;
}

export interface PlanDistillationCommand extends PlanReductionRunCommand {
  readonly distillation: DistillationParametersInput;
}

export interface ReductionWindows {
  readonly electrolysisWindow: ProcessWindow;
  readonly distillationWindow: ProcessWindow;
}

function parametersObject<T>(raw: unknown, kind: string): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ReductionError({
      code: 'INVALID_INPUT',
      field: 'parameters',
      value: JSON.stringify(raw) ?? 'none',
      rule: `must be the ${kind} parameters as an object`,
    });
  }
  return raw as T;
}

/** The run library's parameter rules for the two kinds (its generic plan mutation uses them too). */
export function reductionRunKinds(windows: ReductionWindows) {
  return {
    [ReductionRunKind.ELECTROLYSIS]: {
      parseParameters: (raw: unknown) =>
        electrolysisParameters(
          parametersObject<ElectrolysisParametersInput>(raw, 'ELECTROLYSIS'),
          windows.electrolysisWindow,
          '',
        ),
    },
    [ReductionRunKind.VACUUM_DISTILLATION]: {
      parseParameters: (raw: unknown) =>
        distillationParameters(
          parametersObject<DistillationParametersInput>(raw, 'VACUUM_DISTILLATION'),
          windows.distillationWindow,
          '',
        ),
    },
  };
}

/** Electrolysis batches and distillation runs, their parameters checked before the run library plans them. */
export class RunPlanning {
  constructor(
    private readonly processRuns: () => ProcessRuns,
    private readonly windows: ReductionWindows,
  ) {}

  planElectrolysis(manager: EntityManager, request: ProcessRequest, command: PlanElectrolysisCommand) {
    const parameters = electrolysisParameters(command.electrolysis, this.windows.electrolysisWindow);
    return this.plan(manager, request, command, ReductionRunKind.ELECTROLYSIS, parameters);
  }

  planDistillation(manager: EntityManager, request: ProcessRequest, command: PlanDistillationCommand) {
    const parameters = distillationParameters(command.distillation, this.windows.distillationWindow);
    return this.plan(manager, request, command, ReductionRunKind.VACUUM_DISTILLATION, parameters);
  }

  private plan(
    manager: EntityManager,
    request: ProcessRequest,
    command: PlanReductionRunCommand,
    kind: ReductionRunKind,
    parameters: unknown,
  ) {
    return this.processRuns().planRun(manager, request, {
      externalId: command.externalId,
      kind,
      equipmentId: command.equipmentId,
      workOrder: command.workOrder,
      parameters,
    });
  }
}

import type { ProcessRuns } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { adsorptionParameters, type AdsorptionParametersInput } from '../domain/adsorption-parameters';
import { checkBatchForRun } from '../domain/adsorbent-batch';
import { leachingParameters, type LeachingParametersInput } from '../domain/leaching-parameters';
import { AdsorbentBatchStore } from '../persistence/adsorbent-batch.store';
import { ConcentrationError } from '../domain/concentration-error';
import type { ConcentrationRequest } from './concentration-request';

export interface PlanConcentrationRunCommand {
  readonly externalId?: string;
  readonly equipmentId: string;
  readonly workOrder: string;
}

export interface PlanLeachingRunCommand extends PlanConcentrationRunCommand {
  readonly leaching: LeachingParametersInput;
}

export interface PlanAdsorptionRunCommand extends PlanConcentrationRunCommand {
  readonly adsorption: AdsorptionParametersInput;
}

/** The two run kinds of concentration, with their parameters validated before the run library plans them. */
export class RunPlanning {
  private readonly adsorbents = new AdsorbentBatchStore();

  constructor(private readonly processRuns: () => ProcessRuns) {}

  planLeachingRun(manager: EntityManager, request: ConcentrationRequest, command: PlanLeachingRunCommand) {
    const parameters = leachingParameters(command.leaching);
    return this.processRuns().planRun(manager, request, {
      externalId: command.externalId,
      kind: 'LEACHING',
      equipmentId: command.equipmentId,
      workOrder: command.workOrder,
      parameters,
    });
  }

  /** Refuses a retired or unknown adsorbent batch, and a cycle number already measured. */
  async planAdsorptionRun(
    manager: EntityManager,
    request: ConcentrationRequest,
    command: PlanAdsorptionRunCommand,
  ) {
    const parameters = adsorptionParameters(command.adsorption);
    const batch = await this.adsorbents.get(manager, parameters.adsorbentBatchId);
    if (!batch) {
      throw new ConcentrationError({
        code: 'UNKNOWN_ADSORBENT',
        field: 'adsorption.adsorbentBatchId',
        value: parameters.adsorbentBatchId,
        rule: 'must be the id or code of a registered adsorbent batch',
      });
    }
    checkBatchForRun(batch, parameters.cycleNumber);
    return this.processRuns().planRun(manager, request, {
      externalId: command.externalId,
      kind: 'ADSORPTION',
      equipmentId: command.equipmentId,
      workOrder: command.workOrder,
      parameters: { ...parameters, adsorbentBatchId: batch.id },
    });
  }
}

function parametersObject(raw: unknown, kind: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConcentrationError({
      code: 'INVALID_INPUT',
      field: 'parameters',
      value: JSON.stringify(raw) ?? 'none',
      rule: `must be the ${kind.toLowerCase()} parameters as an object`,
    });
  }
  return raw as Record<string, unknown>;
}

/** The run library's parameter parsers for the two kinds (used by its generic plan mutation too). */
export const concentrationRunKinds = {
  LEACHING: {
    parseParameters: (raw: unknown) =>
      leachingParameters(parametersObject(raw, 'LEACHING') as unknown as LeachingParametersInput),
  },
  ADSORPTION: {
    parseParameters: (raw: unknown) =>
      adsorptionParameters(parametersObject(raw, 'ADSORPTION') as unknown as AdsorptionParametersInput),
  },
};

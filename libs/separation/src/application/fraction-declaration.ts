import type { AssayStatus, CompositionInput, ProcessRuns } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { assayPurityPercent, FRACTION_KIND_RULES, FRACTION_KINDS, fractionPurity } from '../domain/fraction';
import { oneOf } from '../domain/separation-input';
import { FractionStore } from '../persistence/fraction.store';
import { refuseOutputsAboveFeed, runFor } from './run-guard';
import { type MutationSettings, separationMutation } from './separation-mutation';
import { type SeparationRequest, withoutKey } from './separation-request';

export interface DeclareFractionCommand {
  readonly runId: string;
  /** TB_RICH, DY_RICH, LIGHT_RARE_EARTHS or RAFFINATE. */
  readonly kind: string;
  readonly lotId?: string;
  readonly lotCode: string;
  readonly massKg: string;
  readonly assay: CompositionInput;
  readonly assayStatus?: AssayStatus;
  readonly assayId?: string;
  readonly purityPercent?: string;
  readonly purityUncertaintyPercent?: string;
}

/**
 * An SX run's fraction: a new lot of the run library (Tb-rich and Dy-rich as PRODUCT, Nd/Pr as
 * BY_PRODUCT, raffinate as RESIDUE) with its assay and purity, refused when it would make any
 * element leave the run beyond what was fed to it.
 */
export class FractionDeclaration {
  private readonly fractions = new FractionStore();

  constructor(
    private readonly processRuns: () => ProcessRuns,
    private readonly settings: MutationSettings,
  ) {}

  declare(manager: EntityManager, request: SeparationRequest, command: DeclareFractionCommand) {
    return separationMutation(manager, request, this.settings, 'declareFraction', command, async (now) => {
      const run = await runFor(
        manager,
        this.processRuns(),
        command.runId,
        ['SOLVENT_EXTRACTION'],
        ['STARTED', 'HELD'],
        'declaring a fraction',
      );
      const kind = oneOf(command.kind, FRACTION_KINDS, 'kind');
      const purity = fractionPurity(kind, command.purityPercent, command.purityUncertaintyPercent);
      const outcome = await this.processRuns().declareOutput(manager, withoutKey(request), {
        runId: run.id,
        lotId: command.lotId,
        lotCode: command.lotCode,
        role: FRACTION_KIND_RULES[kind].role,
        mass: { value: command.massKg, unit: 'KGM' },
        composition: command.assay,
        compositionStatus: command.assayStatus,
        assayId: command.assayId,
        materialKind: kind,
      });
      const lotId = outcome.lotIds[0];
      await refuseOutputsAboveFeed(manager, this.processRuns(), run.id, 'massKg');
      const lot = await this.processRuns().getLot(manager, lotId);
      const implied = lot?.composition && assayPurityPercent(kind, lot.composition);
      await this.fractions.insert(manager, {
        lotId,
        runId: run.id,
        kind,
        ...purity,
        ...(implied === undefined ? {} : { assayPurityPercent: implied }),
        declaredAt: now,
        declaredBy: request.actor.subject,
      });
      return { runId: run.id, lotIds: [lotId] };
    });
  }
}

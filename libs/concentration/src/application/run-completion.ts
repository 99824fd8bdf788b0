import { parseDecimal } from '@rre/quantities';
import { enqueueMesNotification, type MassBalance, type ProcessRuns, type RunView } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { concentrationKpis, dissolutionYields, type ElementMassesKg } from '../domain/concentration-kpis';
import type { RunKpiRecord } from '../domain/run-kpi-record';
import { type ResidueScreeningPolicy, screenResidue } from '../domain/residue-screening';
import { ResidueScreeningStore } from '../persistence/residue-screening.store';
import { RunKpiStore } from '../persistence/run-kpi.store';

/** Element masses fed to the run: opening inventory + inputs. */
function fedOf(balance: MassBalance): ElementMassesKg {
  return new Map(
    balance.elements.map((e) => [
      e.element,
      parseDecimal(e.openingInventoryKg).plus(parseDecimal(e.inputsKg)),
    ]),
  );
}

/** Element masses in the run's PRODUCT outputs: the concentrate (adsorption) or the leach liquor (leaching). */
function productOf(balance: MassBalance): ElementMassesKg {
  return new Map(balance.elements.map((e) => [e.element, parseDecimal(e.outputsByRoleKg['PRODUCT'] ?? '0')]));
}

/**
 * What concentration adds when a run completes (and again when it is finalized or corrected), in
 * the same transaction: its KPIs from the balance, and the radioactivity screening of its residues.
 */
export class RunCompletion {
  private readonly kpis = new RunKpiStore();
  private readonly screenings = new ResidueScreeningStore();

  constructor(
    private readonly processRuns: () => ProcessRuns,
    private readonly screening: ResidueScreeningPolicy,
    private readonly clock: () => Date,
  ) {}

  async completed(manager: EntityManager, run: RunView, balance: MassBalance): Promise<void> {
    const now = this.clock();
    const fed = fedOf(balance);
    const product = productOf(balance);
    const kpis: RunKpiRecord['kpis'] = {
      ...concentrationKpis(fed, product),
      ...(run.kind === 'LEACHING' ? { dissolutionYields: dissolutionYields(fed, product) } : {}),
      provisional: balance.provisional,
    };
    const record = await this.kpis.append(manager, { runId: run.id, kind: run.kind, computedAt: now, kpis });
    await enqueueMesNotification(manager, {
      kind: 'run.state.changed',
      subject: run.id,
      payload: {
        runId: run.id,
        externalId: run.externalId,
        kind: run.kind,
        status: 'COMPLETED',
        balanceCloses: balance.closes,
        provisional: balance.provisional,
        kpiRevision: record.revision,
      },
    });
    for (const output of run.outputs.filter((o) => o.role === 'RESIDUE')) {
      const lot = await this.processRuns().getLot(manager, output.lotId);
      const uranium = lot?.composition?.['U'];
      const thorium = lot?.composition?.['Th'];
      if (uranium === undefined && thorium === undefined) continue;
      await this.screenings.save(manager, {
        lotId: output.lotId,
        runId: run.id,
        screenedAt: now,
        ...screenResidue(
          parseDecimal(uranium?.fraction ?? '0'),
          parseDecimal(thorium?.fraction ?? '0'),
          this.screening,
        ),
      });
    }
  }
}

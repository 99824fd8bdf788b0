import type { MassBalance, ProcessRuns, RunView } from '@rre/process-runs';
import { parseDecimal } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { FractionKind } from '../domain/fraction';
import { separationFactorOf } from '../domain/separation-factor';
import { betaAgainstBaseline, purityOf, recoveryOf, type SeparationRunKpis } from '../domain/separation-kpis';
import {
  type SolventExtractionParameters,
  throughputPerContactorVolume,
} from '../domain/solvent-extraction-parameters';
import { DistributionRatioStore } from '../persistence/distribution-ratio.store';
import { FractionStore } from '../persistence/fraction.store';
import { OxideLotStore } from '../persistence/oxide-lot.store';
import { RunKpiStore } from '../persistence/run-kpi.store';

/** Element masses fed to the run: opening inventory + inputs. */
function fedOf(balance: MassBalance, element: string): Decimal {
  const e = balance.elements.find((b) => b.element === element);
  return e === undefined
    ? parseDecimal('0')
    : parseDecimal(e.openingInventoryKg).plus(parseDecimal(e.inputsKg));
}

function productOf(balance: MassBalance, element: string): Decimal {
  const e = balance.elements.find((b) => b.element === element);
  return parseDecimal(e?.outputsByRoleKg['PRODUCT'] ?? '0');
}

/** What separation adds when a run completes (and again when it is finalized or corrected): its KPIs. */
export class RunCompletion {
  private readonly kpis = new RunKpiStore();
  private readonly ratios = new DistributionRatioStore();
  private readonly fractions = new FractionStore();
  private readonly oxides = new OxideLotStore();

  constructor(
    private readonly processRuns: () => ProcessRuns,
    private readonly baseline: { baselineBeta: string; goalFactor: string },
    private readonly clock: () => Date,
  ) {}

  async completed(manager: EntityManager, run: RunView, balance: MassBalance): Promise<void> {
    const kpis =
      run.kind === 'SOLVENT_EXTRACTION'
        ? await this.solventExtractionKpis(manager, run, balance)
        : await this.conversionKpis(manager, run, balance);
    await this.kpis.append(manager, { runId: run.id, kind: run.kind, computedAt: this.clock(), kpis });
  }

  private async solventExtractionKpis(
    manager: EntityManager,
    run: RunView,
    balance: MassBalance,
  ): Promise<SeparationRunKpis> {
    const parameters = run.parameters as SolventExtractionParameters;
    const factor = separationFactorOf(await this.ratios.latest(manager, run.id));
    const fractions = await this.fractions.ofRun(manager, run.id);
    const lots = new Map(
      await Promise.all(
        fractions.map(async (f) => [f.lotId, await this.processRuns().getLot(manager, f.lotId)] as const),
      ),
    );
    const inFractions = (kind: FractionKind, element: string) =>
      fractions
        .filter((f) => f.kind === kind)
        .reduce((sum, f) => {
          const lot = lots.get(f.lotId);
          const fraction = lot?.composition?.[element]?.fraction ?? '0';
          return sum.plus(parseDecimal(lot?.massKg ?? '0').times(parseDecimal(fraction)));
        }, parseDecimal('0'));
    const purities = (['TB_RICH', 'DY_RICH', 'LIGHT_RARE_EARTHS'] as const).map((kind) =>
      purityOf(
        kind,
        fractions
          .filter((f) => f.kind === kind)
          .map((f) => ({ massKg: lots.get(f.lotId)?.massKg ?? '0', purityPercent: f.purityPercent })),
      ),
    );
    return {
      provisional: balance.provisional,
      extractant: parameters.extractant,
      contactor: parameters.contactor,
      ...(factor === undefined
        ? {}
        : {
            separationFactor: factor,
            againstBaseline: betaAgainstBaseline(
              factor.beta,
              this.baseline.baselineBeta,
              this.baseline.goalFactor,
            ),
          }),
      recoveries: [
        recoveryOf('Tb', fedOf(balance, 'Tb'), inFractions('TB_RICH', 'Tb')),
        recoveryOf('Dy', fedOf(balance, 'Dy'), inFractions('DY_RICH', 'Dy')),
      ],
      purities,
      throughputPerContactorVolume: throughputPerContactorVolume(parameters),
    };
  }

  private async conversionKpis(
    manager: EntityManager,
    run: RunView,
    balance: MassBalance,
  ): Promise<SeparationRunKpis> {
    const oxides = await this.oxides.ofRun(manager, run.id);
    return {
      provisional: balance.provisional,
      recoveries: ['Tb', 'Dy'].map((element) =>
        recoveryOf(element, fedOf(balance, element), productOf(balance, element)),
      ),
      purities:
        oxides.length === 0
          ? []
          : [
              purityOf(
                'OXIDE',
                oxides.map((o) => ({ massKg: o.oxideMassKg, purityPercent: o.purityPercent })),
              ),
            ],
    };
  }
}

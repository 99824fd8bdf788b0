import {
  type MassBalance,
  type ProcessEventOutbox,
  type ProcessMeasurements,
  type ProcessRuns,
  type RunView,
} from '@rre/process-runs';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { batchTotals, performanceOf, rounded } from '../domain/batch-performance';
import type { DistillationParameters } from '../domain/distillation-parameters';
import type { ElectrolysisParameters } from '../domain/electrolysis-parameters';
import type { EnergySettings } from '../domain/energy-settings';
import type { DistillationKpis, ElectrolysisKpis } from '../domain/run-kpi-record';
import { RunKpiStore } from '../persistence/run-kpi.store';
import { analyseBatchMeasurements } from './batch-analysis';
import { ReductionRunKind } from './run-planning';

const HUNDRED = parseDecimal('100');

/** How an electrolysis batch's energy is obtained: DC energy integrated from the cell's U and I, plus heating. */
export const ELECTROLYSIS_ENERGY_BASIS = 'MEASURED_DC_PLUS_HEATING';

/** Element in the run's outputs of a role, kg, from the balance. */
function outputOf(balance: MassBalance, element: string, role: string): Decimal {
  const term = balance.elements.find((e) => e.element === element);
  return parseDecimal(term?.outputsByRoleKg[role] ?? '0');
}

function fedOf(balance: MassBalance, element: string): Decimal {
  const term = balance.elements.find((e) => e.element === element);
  return term === undefined
    ? parseDecimal('0')
    : parseDecimal(term.openingInventoryKg).plus(parseDecimal(term.inputsKg));
}

export interface RunCompletionSettings {
  readonly energy: EnergySettings;
  readonly maxSampleGapSeconds: string;
}

/**
 * What reduction adds when a run completes (and again when it is finalized or corrected), in the
 * same transaction: an electrolysis batch's charge, current efficiency, energy and CO2 against
 * the baseline, published as `RunEnergyRecorded` for the footprint downstream; a distillation
 * run's metal, purity, recovery and recovered cathode metal (it measures no energy: no event).
 */
export class RunCompletion {
  private readonly kpis = new RunKpiStore();

  constructor(
    private readonly processRuns: () => ProcessRuns,
    private readonly measurements: () => ProcessMeasurements,
    private readonly settings: RunCompletionSettings,
    private readonly clock: () => Date,
  ) {}

  async completed(
    manager: EntityManager,
    run: RunView,
    balance: MassBalance,
    events: ProcessEventOutbox,
  ): Promise<void> {
    if (run.kind === ReductionRunKind.ELECTROLYSIS) {
      const kpis = await this.electrolysisKpis(manager, run, balance);
      await this.store(manager, run, kpis);
      await events.publish('RunEnergyRecorded', run.id, {
        runId: run.id,
        energyKwh: kpis.totals.totalEnergyKwh,
        co2eKg: kpis.totals.co2Kg,
        gridKgCo2ePerKwh: this.settings.energy.gridKgCo2PerKwh,
        basis: ELECTROLYSIS_ENERGY_BASIS,
        provisional: kpis.provisional,
      });
    } else if (run.kind === ReductionRunKind.VACUUM_DISTILLATION) {
      await this.store(manager, run, await this.distillationKpis(manager, run, balance));
    }
  }

  private async store(manager: EntityManager, run: RunView, kpis: ElectrolysisKpis | DistillationKpis) {
    const now = this.clock();
    await this.kpis.append(manager, {
      runId: run.id,
      kind: kpis.kind,
      completedAt: run.completedAt ?? now,
      computedAt: now,
      kpis,
    });
  }

  private async electrolysisKpis(
    manager: EntityManager,
    run: RunView,
    balance: MassBalance,
  ): Promise<ElectrolysisKpis> {
    const parameters = run.parameters as ElectrolysisParameters;
    const analysis = await analyseBatchMeasurements(
      manager,
      this.measurements(),
      run.id,
      parameters,
      this.settings.maxSampleGapSeconds,
    );
    const totals = batchTotals(
      {
        targetElement: parameters.targetElement,
        metalKg: outputOf(balance, parameters.targetElement, 'PRODUCT'),
        chargeCoulombs: analysis.chargeCoulombs,
        dcEnergyJoules: analysis.dcEnergyJoules,
        durationSeconds: analysis.durationSeconds,
        heatingKw: parseDecimal(parameters.heatingPowerKw ?? this.settings.energy.cellHeatingKw),
      },
      this.settings.energy,
    );
    return {
      kind: 'ELECTROLYSIS',
      targetElement: parameters.targetElement,
      cathodeAlloy: parameters.cathodeAlloy,
      electrolyte: parameters.electrolyte,
      operatingTemperatureCelsius: parameters.operatingTemperatureCelsius,
      ...(parameters.temperatureOverrideReason === undefined
        ? {}
        : { temperatureOverrideReason: parameters.temperatureOverrideReason }),
      totals,
      figures: performanceOf(totals, this.settings.energy),
      coverage: analysis.coverage,
      provisional: balance.provisional,
    };
  }

  private async distillationKpis(
    manager: EntityManager,
    run: RunView,
    balance: MassBalance,
  ): Promise<DistillationKpis> {
    const parameters = run.parameters as DistillationParameters;
    const element = parameters.targetElement;
    let metalLotKg = parseDecimal('0');
    let recoveredAlloyMetalKg = parseDecimal('0');
    for (const output of run.outputs) {
      // The lot's mass, not the declaration: a correction changes the lot.
      const lot = await this.processRuns().getLot(manager, output.lotId);
      const massKg = parseDecimal(lot?.massKg ?? output.massKg);
      if (output.role === 'PRODUCT') metalLotKg = metalLotKg.plus(massKg);
      if (output.role === 'BY_PRODUCT') recoveredAlloyMetalKg = recoveredAlloyMetalKg.plus(massKg);
    }
    const targetKg = outputOf(balance, element, 'PRODUCT');
    const fedKg = fedOf(balance, element);
    return {
      kind: 'VACUUM_DISTILLATION',
      targetElement: element,
      temperatureCelsius: parameters.temperatureCelsius,
      ...(parameters.temperatureOverrideReason === undefined
        ? {}
        : { temperatureOverrideReason: parameters.temperatureOverrideReason }),
      pressurePa: parameters.pressurePa,
      durationHours: parameters.durationHours,
      metalLotKg: toPlainString(metalLotKg),
      targetElementKg: toPlainString(targetKg),
      purityPercent: metalLotKg.isZero() ? undefined : rounded(targetKg.div(metalLotKg).times(HUNDRED)),
      fedTargetKg: toPlainString(fedKg),
      recoveryPercent: fedKg.isZero() ? undefined : rounded(targetKg.div(fedKg).times(HUNDRED)),
      recoveredAlloyMetalKg: toPlainString(recoveredAlloyMetalKg),
      provisional: balance.provisional,
    };
  }
}

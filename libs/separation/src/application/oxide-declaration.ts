import type { AssayStatus, ElementContentInputValue, ProcessRuns } from '@rre/process-runs';
import { toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import { oxideConversion, oxideLotContents } from '../domain/oxide';
import { boundedDecimal } from '../domain/separation-input';
import { OxideLotStore } from '../persistence/oxide-lot.store';
import { refuseOutputsAboveFeed, runFor } from './run-guard';
import { type MutationSettings, separationMutation } from './separation-mutation';
import { type SeparationRequest, withoutKey } from './separation-request';

export interface DeclareOxideCommand {
  readonly runId: string;
  /** TB4O7 or DY2O3. */
  readonly oxide: string;
  readonly lotId?: string;
  readonly lotCode: string;
  readonly oxideMassKg: string;
  /** Mass share of the oxide in the lot, %. */
  readonly purityPercent: string;
  readonly purityUncertaintyPercent?: string;
  /** Other elements in the lot, as plain element fractions (C62). */
  readonly impurities?: readonly ElementContentInputValue[];
  readonly assayStatus?: AssayStatus;
}

/**
 * The oxide lot a calcination run produces. Its composition on the element basis is computed from
 * the oxide's molar masses (see `oxideConversion`): element fraction = purity x factor, oxygen the
 * rest of the oxide, impurities as stated.
 */
export class OxideDeclaration {
  private readonly oxides = new OxideLotStore();

  constructor(
    private readonly processRuns: () => ProcessRuns,
    private readonly settings: MutationSettings,
  ) {}

  declare(manager: EntityManager, request: SeparationRequest, command: DeclareOxideCommand) {
    return separationMutation(manager, request, this.settings, 'declareOxide', command, async (now) => {
      const run = await runFor(
        manager,
        this.processRuns(),
        command.runId,
        ['CALCINATION'],
        ['STARTED', 'HELD'],
        'declaring an oxide lot',
      );
      const conversion = oxideConversion(command.oxide);
      const mass = boundedDecimal(command.oxideMassKg, 'oxideMassKg', { above: '0', unit: 'kg' });
      const purity = boundedDecimal(command.purityPercent, 'purityPercent', {
        above: '0',
        atMost: '100',
        unit: '%',
      });
      const uncertainty =
        command.purityUncertaintyPercent === undefined
          ? undefined
          : boundedDecimal(command.purityUncertaintyPercent, 'purityUncertaintyPercent', {
              atLeast: '0',
              atMost: '100',
              unit: '%',
            });
      const contents = oxideLotContents(
        conversion,
        toPlainString(mass),
        toPlainString(purity),
        uncertainty && toPlainString(uncertainty),
      );
      const outcome = await this.processRuns().declareOutput(manager, withoutKey(request), {
        runId: run.id,
        lotId: command.lotId,
        lotCode: command.lotCode,
        role: 'PRODUCT',
        mass: { value: toPlainString(mass), unit: 'KGM' },
        composition: {
          unit: 'C62',
          contents: [
            contents.elementFractionUncertainty === undefined
              ? { element: conversion.element, value: contents.elementFraction }
              : {
                  element: conversion.element,
                  value: contents.elementFraction,
                  uncertainty: contents.elementFractionUncertainty,
                },
            { element: 'O', value: contents.oxygenFraction },
            ...(command.impurities ?? []),
          ],
        },
        compositionStatus: command.assayStatus,
        materialKind: conversion.formula,
      });
      const lotId = outcome.lotIds[0];
      await refuseOutputsAboveFeed(manager, this.processRuns(), run.id, 'oxideMassKg');
      await this.oxides.insert(manager, {
        lotId,
        runId: run.id,
        oxide: conversion.oxide,
        formula: conversion.formula,
        element: conversion.element,
        oxideMassKg: toPlainString(mass),
        purityPercent: toPlainString(purity),
        ...(uncertainty === undefined ? {} : { purityUncertaintyPercent: toPlainString(uncertainty) }),
        elementFraction: contents.elementFraction,
        elementMassKg: contents.elementMassKg,
        elementMolarMassGPerMol: conversion.elementMolarMassGPerMol,
        oxideMolarMassGPerMol: conversion.oxideMolarMassGPerMol,
        declaredAt: now,
        declaredBy: request.actor.subject,
      });
      return { runId: run.id, lotIds: [lotId] };
    });
  }
}

import { commonV1, processV1 } from '@rre/contracts';
import type { ReceiveLotInput, SettleHandOverInput } from '../application/process-inputs';
import type { AssayStatus, ProcessLotKind } from '../domain/process-lot';
import type { CompositionInput } from '../domain/process-quantities';

const SERVICES: Partial<Record<commonV1.ServiceName, string>> = {
  [commonV1.ServiceName.INTAKE]: 'intake',
  [commonV1.ServiceName.CONCENTRATION]: 'concentration',
  [commonV1.ServiceName.SEPARATION]: 'separation',
  [commonV1.ServiceName.REDUCTION]: 'reduction',
  [commonV1.ServiceName.SALES]: 'sales',
  [commonV1.ServiceName.TRACEABILITY]: 'traceability',
};

const KINDS: Partial<Record<processV1.ProcessLotKind, ProcessLotKind>> = {
  [processV1.ProcessLotKind.MATERIAL]: 'MATERIAL',
  [processV1.ProcessLotKind.IN_PROCESS_INVENTORY]: 'IN_PROCESS_INVENTORY',
  [processV1.ProcessLotKind.REAGENT]: 'REAGENT',
};

/** The service name of a proto ServiceName (`undefined` for UNSPECIFIED). */
export function serviceOf(name: commonV1.ServiceName): string | undefined {
  return SERVICES[name];
}

function compositionInputOf(
  composition: commonV1.ElementComposition | undefined,
): CompositionInput | undefined {
  if (composition === undefined || composition.contents.length === 0) return undefined;
  return {
    unit: 'C62',
    contents: composition.contents.map((c) => {
      if (c.unitCode !== 'C62')
        throw new Error(`hand-over composition of ${c.element} in ${c.unitCode}, expected C62`);
      return c.uncertainty === ''
        ? { element: c.element, value: c.massFraction }
        : { element: c.element, value: c.massFraction, uncertainty: c.uncertainty };
    }),
  };
}

/**
 * The receiving side of a hand-over between two services using this library: the sender's
 * `lot.custody-transferred` event as `receiveLot` input (custody OFFERED), or undefined when the
 * offer is addressed to another service.
 */
export function receiptOfHandOver(
  transferred: processV1.LotCustodyTransferred,
  receiver: string,
): ReceiveLotInput | undefined {
  if (serviceOf(transferred.toService) !== receiver) return undefined;
  const from = serviceOf(transferred.fromService);
  if (!transferred.lot || !transferred.mass || from === undefined) {
    throw new Error(`hand-over ${transferred.transferId}: lot, mass and sender are required`);
  }
  const status: AssayStatus | undefined =
    transferred.compositionStatus === processV1.AssayStatus.FINAL
      ? 'FINAL'
      : transferred.compositionStatus === processV1.AssayStatus.PROVISIONAL
        ? 'PROVISIONAL'
        : undefined;
  return {
    lotId: transferred.lot.lotId,
    lotCode: transferred.lot.lotCode,
    kind: KINDS[transferred.kind] ?? 'MATERIAL',
    mass: { value: transferred.mass.value, unit: transferred.mass.unitCode },
    composition: compositionInputOf(transferred.composition),
    compositionStatus: status,
    custody: 'OFFERED',
    from: { service: from, transferId: transferred.transferId },
  };
}

/**
 * The sending side: the receiver's `lot.custody-accepted` / `lot.custody-refused` event as
 * `settleHandOver` input, or undefined when the lot did not come from a hand-over of this library.
 */
export function settlementOfHandOver(
  answer: processV1.LotCustodyAccepted | processV1.LotCustodyRefused,
): SettleHandOverInput | undefined {
  if (answer.transferId === '') return undefined;
  return answer.$typeName === 'rre.process.v1.LotCustodyAccepted'
    ? { transferId: answer.transferId, accepted: true }
    : { transferId: answer.transferId, accepted: false, reason: answer.reason };
}

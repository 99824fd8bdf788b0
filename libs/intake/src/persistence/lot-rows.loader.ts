import { type EntityManager, In } from 'typeorm';
import { AssayElementContentEntity } from './assay-element-content.entity';
import { AssayEntity } from './assay.entity';
import { CustodyTransferEntity } from './custody-transfer.entity';
import { LotCorrectionEntity } from './lot-correction.entity';
import { LotDecisionEntity } from './lot-decision.entity';
import type { LotRows } from './lot-rows.mapper';
import { LotDocumentEntity } from './lot-document.entity';
import { LotEntity } from './lot.entity';
import { ManifestReportEntity } from './manifest-report.entity';
import { ManifestSlipEntity } from './manifest-slip.entity';
import { ScreeningEntity } from './screening.entity';
import { WasteManifestEntity } from './waste-manifest.entity';

function groupByLot<T extends { lotId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.lotId) ?? [];
    group.push(row);
    groups.set(row.lotId, group);
  }
  return groups;
}

/**
 * The rows of the lots with these ids, in the order of `ids` (unknown ids are skipped): one query
 * per table for the whole batch, each record list in recording order.
 */
export async function loadLotRows(manager: EntityManager, ids: readonly string[]): Promise<LotRows[]> {
  if (ids.length === 0) return [];
  const lotIds = In([...ids]);
  const bySeq = { seq: 'ASC' } as const;
  // One after the other: inside a transaction they share one connection.
  const lots = await manager.find(LotEntity, { where: { id: lotIds } });
  const assays = await manager.find(AssayEntity, { where: { lotId: lotIds }, order: bySeq });
  const screenings = await manager.find(ScreeningEntity, { where: { lotId: lotIds }, order: bySeq });
  const decisions = await manager.find(LotDecisionEntity, { where: { lotId: lotIds }, order: bySeq });
  const transfers = await manager.find(CustodyTransferEntity, { where: { lotId: lotIds }, order: bySeq });
  const corrections = await manager.find(LotCorrectionEntity, { where: { lotId: lotIds }, order: bySeq });
  const documents = await manager.find(LotDocumentEntity, { where: { lotId: lotIds }, order: bySeq });
  const manifests = await manager.find(WasteManifestEntity, { where: { lotId: lotIds } });
  const manifestIds = manifests.map((manifest) => manifest.id);
  const slips =
    manifestIds.length === 0
      ? []
      : await manager.find(ManifestSlipEntity, { where: { manifestId: In(manifestIds) } });
  const reports =
    manifestIds.length === 0
      ? []
      : await manager.find(ManifestReportEntity, { where: { manifestId: In(manifestIds) }, order: bySeq });
  const contents =
    assays.length === 0
      ? []
      : await manager.find(AssayElementContentEntity, {
          where: { assayId: In(assays.map((assay) => assay.id)) },
        });
  const lotById = new Map(lots.map((lot) => [lot.id, lot]));
  const assaysByLot = groupByLot(assays);
  const screeningsByLot = groupByLot(screenings);
  const decisionsByLot = groupByLot(decisions);
  const transfersByLot = groupByLot(transfers);
  const correctionsByLot = groupByLot(corrections);
  const documentsByLot = groupByLot(documents);
  return ids.flatMap((id) => {
    const lot = lotById.get(id);
    if (!lot) return [];
    const lotAssays = assaysByLot.get(id) ?? [];
    const assayIds = new Set(lotAssays.map((assay) => assay.id));
    const manifest = manifests.find((candidate) => candidate.lotId === id);
    return [
      {
        lot,
        assays: lotAssays,
        contents: contents.filter((content) => assayIds.has(content.assayId)),
        screenings: screeningsByLot.get(id) ?? [],
        decisions: decisionsByLot.get(id) ?? [],
        transfers: transfersByLot.get(id) ?? [],
        corrections: correctionsByLot.get(id) ?? [],
        documents: documentsByLot.get(id) ?? [],
        manifest: manifest && {
          manifest,
          slips: slips.filter((slip) => slip.manifestId === manifest.id),
          reports: reports.filter((report) => report.manifestId === manifest.id),
        },
      },
    ];
  });
}

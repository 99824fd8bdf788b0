import { serviceSchema } from '@rre/persistence';
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

const RECORD_TABLES = [
  'assay',
  'screening',
  'lot_decision',
  'custody_transfer',
  'lot_correction',
  'lot_document',
  'waste_manifest',
] as const;

/**
 * Which record tables hold rows of these lots, in one statement: most lots have no records in most
 * tables (a new lot in none), and each query not sent saves a round trip (on PGlite, most of a
 * registration's time).
 */
async function recordTablesInUse(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
  const schema = serviceSchema(manager);
  const flags = RECORD_TABLES.map(
    (table) => `EXISTS (SELECT 1 FROM "${schema}".${table} WHERE lot_id = ANY($1::char(26)[])) AS ${table}`,
  );
  const [row] = (await manager.query(`SELECT ${flags.join(', ')}`, [[...ids]])) as Record<string, boolean>[];
  return new Set(RECORD_TABLES.filter((table) => row?.[table] === true));
}

/**
 * The rows of the lots with these ids, in the order of `ids` (unknown ids are skipped): one query
 * per table for the whole batch, each record list in recording order.
 */
export async function loadLotRows(manager: EntityManager, ids: readonly string[]): Promise<LotRows[]> {
  if (ids.length === 0) return [];
  const lotIds = In([...ids]);
  const bySeq = { seq: 'ASC' } as const;
  const kept = await recordTablesInUse(manager, ids);
  // One after the other: inside a transaction they share one connection.
  const lots = await manager.find(LotEntity, { where: { id: lotIds } });
  const assays = kept.has('assay')
    ? await manager.find(AssayEntity, { where: { lotId: lotIds }, order: bySeq })
    : [];
  const screenings = kept.has('screening')
    ? await manager.find(ScreeningEntity, { where: { lotId: lotIds }, order: bySeq })
    : [];
  const decisions = kept.has('lot_decision')
    ? await manager.find(LotDecisionEntity, { where: { lotId: lotIds }, order: bySeq })
    : [];
  const transfers = kept.has('custody_transfer')
    ? await manager.find(CustodyTransferEntity, { where: { lotId: lotIds }, order: bySeq })
    : [];
  const corrections = kept.has('lot_correction')
    ? await manager.find(LotCorrectionEntity, { where: { lotId: lotIds }, order: bySeq })
    : [];
  const documents = kept.has('lot_document')
    ? await manager.find(LotDocumentEntity, { where: { lotId: lotIds }, order: bySeq })
    : [];
  const manifests = kept.has('waste_manifest')
    ? await manager.find(WasteManifestEntity, { where: { lotId: lotIds } })
    : [];
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

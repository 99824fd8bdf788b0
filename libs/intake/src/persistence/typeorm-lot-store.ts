import { isUniqueViolation, serviceSchema } from '@rre/persistence';
import { type EntityManager, In } from 'typeorm';
import type { LotStore } from '../application/ports/lot-store.port';
import { IntakeError } from '../domain/intake-error';
import type { Lot } from '../domain/lot';
import { AssayElementContentEntity } from './assay-element-content.entity';
import { AssayEntity } from './assay.entity';
import { CustodyTransferEntity } from './custody-transfer.entity';
import { LotCorrectionEntity } from './lot-correction.entity';
import { LotDecisionEntity } from './lot-decision.entity';
import { loadLotRows } from './lot-rows.loader';
import {
  assayRows,
  correctionRow,
  decisionRow,
  documentRow,
  lifecycleColumns,
  lotFromRows,
  lotRow,
  manifestReportRow,
  manifestRow,
  screeningRow,
  slipRows,
  transferRow,
} from './lot-rows.mapper';
import { LotDocumentEntity } from './lot-document.entity';
import { LotEntity } from './lot.entity';
import { ManifestReportEntity } from './manifest-report.entity';
import { ManifestSlipEntity } from './manifest-slip.entity';
import { ScreeningEntity } from './screening.entity';
import { WasteManifestEntity } from './waste-manifest.entity';

/** Whether `error` is a unique violation of the named constraint (pg reports its name). */
function violates(error: unknown, constraint: string): boolean {
  if (!isUniqueViolation(error)) return false;
  const { constraint: direct, driverError } = error as {
    constraint?: unknown;
    driverError?: { constraint?: unknown };
  };
  return (direct ?? driverError?.constraint) === constraint;
}

/** Lots in one transaction (every query goes through its manager). */
export class TypeormLotStore implements LotStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly now: () => Date,
  ) {}

  async allocateLotNumber(year: number): Promise<number> {
    const schema = serviceSchema(this.manager);
    const rows = (await this.manager.query(
      `INSERT INTO "${schema}".lot_code_sequence AS s (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = s.last_number + 1
       RETURNING last_number`,
      [year],
    )) as { last_number: number }[];
    return Number(rows[0].last_number);
  }

  async add(lot: Lot): Promise<void> {
    try {
      await this.manager.insert(LotEntity, lotRow(lot, this.now()));
    } catch (error) {
      const { externalRef, organisationId } = lot.registration;
      if (externalRef !== undefined && violates(error, 'lot_organisation_external_ref_key')) {
        throw new IntakeError({
          code: 'DUPLICATE_LOT_REFERENCE',
          field: 'externalRef',
          value: externalRef,
          rule: `must not repeat a delivery reference of organisation ${organisationId}`,
        });
      }
      throw error;
    }
    const { manifest } = lot.snapshot;
    if (!manifest) return;
    try {
      await this.manager.insert(WasteManifestEntity, manifestRow(lot.id, manifest));
    } catch (error) {
      // A concurrent registration with the same number waits on the unique index, then lands here.
      if (violates(error, 'waste_manifest_issuer_number_key')) {
        throw new IntakeError({
          code: 'DUPLICATE_MANIFEST',
          field: 'manifest.number',
          value: manifest.number,
          rule: `must not repeat a manifest number of the same issuer ${manifest.issuerId}`,
        });
      }
      throw error;
    }
    await this.manager.insert(ManifestSlipEntity, slipRows(manifest));
  }

  async getForUpdate(lotId: string): Promise<Lot | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(lotId)) return undefined;
    const locked = await this.manager.findOne(LotEntity, {
      where: { id: lotId },
      select: { id: true },
      lock: { mode: 'pessimistic_write' },
    });
    if (!locked) return undefined;
    const [rows] = await loadLotRows(this.manager, [lotId]);
    return rows && lotFromRows(rows);
  }

  async existingExternalRefs(organisationId: string, refs: readonly string[]): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const rows = await this.manager.find(LotEntity, {
      where: { organisationId, externalRef: In([...refs]) },
      select: { id: true, externalRef: true },
    });
    return new Set(rows.flatMap((row) => (row.externalRef === null ? [] : [row.externalRef])));
  }

  async getByTransferForUpdate(transferId: string): Promise<Lot | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(transferId)) return undefined;
    const transfer = await this.manager.findOne(CustodyTransferEntity, { where: { id: transferId } });
    return transfer ? this.getForUpdate(transfer.lotId) : undefined;
  }

  async getByDecisionForUpdate(decisionId: string): Promise<Lot | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(decisionId)) return undefined;
    const decision = await this.manager.findOne(LotDecisionEntity, { where: { id: decisionId } });
    return decision ? this.getForUpdate(decision.lotId) : undefined;
  }

  async save(before: Lot, after: Lot): Promise<void> {
    const old = before.snapshot;
    const next = after.snapshot;
    const isNew = <T extends { id: string }>(known: readonly T[]) => {
      const ids = new Set(known.map((record) => record.id));
      return (record: T) => !ids.has(record.id);
    };
    for (const assay of next.assays.filter(isNew(old.assays))) {
      const rows = assayRows(assay);
      await this.manager.insert(AssayEntity, rows.assay);
      await this.manager.insert(AssayElementContentEntity, rows.contents);
    }
    for (const screening of next.screenings.filter(isNew(old.screenings))) {
      await this.manager.insert(ScreeningEntity, screeningRow(screening));
    }
    for (const decision of next.decisions) {
      const previous = old.decisions.find((known) => known.id === decision.id);
      if (!previous) await this.manager.insert(LotDecisionEntity, decisionRow(decision));
      else if (previous !== decision)
        await this.manager.update(LotDecisionEntity, { id: decision.id }, decisionRow(decision));
    }
    for (const transfer of next.transfers) {
      const previous = old.transfers.find((known) => known.id === transfer.id);
      if (!previous) await this.manager.insert(CustodyTransferEntity, transferRow(transfer));
      else if (previous !== transfer)
        await this.manager.update(CustodyTransferEntity, { id: transfer.id }, transferRow(transfer));
    }
    for (const correction of next.corrections.filter(isNew(old.corrections))) {
      await this.manager.insert(LotCorrectionEntity, correctionRow(correction));
    }
    for (const document of next.documents.filter(isNew(old.documents))) {
      await this.manager.insert(LotDocumentEntity, documentRow(document));
    }
    const manifest = next.manifest;
    if (manifest && old.manifest) {
      for (const slip of slipRows(manifest)) {
        const previous = old.manifest.slips.find((known) => known.slip === slip.slip);
        if (previous?.returnedOn !== (slip.returnedOn ?? undefined)) {
          await this.manager.update(
            ManifestSlipEntity,
            { manifestId: slip.manifestId, slip: slip.slip },
            slip,
          );
        }
      }
      for (const report of manifest.reports.filter(isNew(old.manifest.reports))) {
        await this.manager.insert(ManifestReportEntity, manifestReportRow(manifest.id, report));
      }
    }
    await this.manager.update(LotEntity, { id: after.id }, lifecycleColumns(after, this.now()));
  }
}

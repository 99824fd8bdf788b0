import { serviceSchema } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import type {
  LotCursor,
  LotFilter,
  LotPage,
  LotReader,
  OverdueSlip,
} from '../application/ports/lot-reader.port';
import type { CalendarDate, ManifestSlip } from '../domain/waste-manifest';
import type { Lot } from '../domain/lot';
import { loadLotRows } from './lot-rows.loader';
import { lotFromRows } from './lot-rows.mapper';
import { LotDocumentEntity } from './lot-document.entity';

/** Reads lots for queries, outside any transaction. */
export class TypeormLotReader implements LotReader {
  constructor(private readonly dataSource: DataSource) {}

  async get(lotId: string): Promise<Lot | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(lotId)) return undefined;
    const [rows] = await loadLotRows(this.dataSource.manager, [lotId]);
    return rows && lotFromRows(rows);
  }

  async list(filter: LotFilter, first: number, after: LotCursor | undefined): Promise<LotPage> {
    const schema = serviceSchema(this.dataSource);
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const parameter = (value: unknown) => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    // Material kind and source category may have been corrected: filter on the current value.
    const current = (field: string, column: string) =>
      `COALESCE((SELECT c.new_value FROM "${schema}".lot_correction c WHERE c.lot_id = l.id AND c.field = '${field}' ORDER BY c.seq DESC LIMIT 1), to_jsonb(l.${column})::text)`;
    if (filter.status !== undefined) conditions.push(`l.status = ${parameter(filter.status)}`);
    if (filter.organisationId !== undefined)
      conditions.push(`l.organisation_id = ${parameter(filter.organisationId)}`);
    if (filter.materialKind !== undefined) {
      conditions.push(
        `${current('MATERIAL_KIND', 'material_kind')} = ${parameter(JSON.stringify(filter.materialKind))}`,
      );
    }
    if (filter.sourceCategory !== undefined) {
      conditions.push(
        `${current('SOURCE_CATEGORY', 'source_category')} = ${parameter(JSON.stringify(filter.sourceCategory))}`,
      );
    }
    if (after !== undefined) {
      conditions.push(
        `(l.received_at, l.id) > (${parameter(after.receivedAt)}::timestamptz, ${parameter(after.id)})`,
      );
    }
    const rows = (await this.dataSource.query(
      `SELECT l.id FROM "${schema}".lot l
       ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
       ORDER BY l.received_at, l.id
       LIMIT ${parameter(first + 1)}`,
      parameters,
    )) as { id: string }[];
    const ids = rows.slice(0, first).map((row) => row.id);
    const lots = (await loadLotRows(this.dataSource.manager, ids)).map(lotFromRows);
    return { lots, hasNextPage: rows.length > first };
  }

  async lotIdOfDocument(documentId: string): Promise<string | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(documentId)) return undefined;
    const row = await this.dataSource.manager.findOne(LotDocumentEntity, {
      where: { id: documentId },
      select: { id: true, lotId: true },
    });
    return row?.lotId;
  }

  async overdueSlips(asOf: CalendarDate, organisationId: string | undefined): Promise<OverdueSlip[]> {
    const schema = serviceSchema(this.dataSource);
    const rows = (await this.dataSource.query(
      `SELECT l.id AS lot_id, l.code, l.organisation_id, m.number, m.issuer_id, s.slip, to_char(s.due_on, 'YYYY-MM-DD') AS due_on
       FROM "${schema}".manifest_slip s
       JOIN "${schema}".waste_manifest m ON m.id = s.manifest_id
       JOIN "${schema}".lot l ON l.id = m.lot_id
       WHERE s.returned_on IS NULL AND s.due_on < $1::date AND ($2::text IS NULL OR l.organisation_id = $2)
       ORDER BY s.due_on, l.code, s.slip`,
      [asOf, organisationId ?? null],
    )) as {
      lot_id: string;
      code: string;
      organisation_id: string;
      number: string;
      issuer_id: string;
      slip: string;
      due_on: string;
    }[];
    return rows.map((row) => ({
      lotId: row.lot_id,
      lotCode: row.code,
      organisationId: row.organisation_id,
      manifestNumber: row.number,
      issuerId: row.issuer_id,
      slip: row.slip as ManifestSlip,
      dueOn: row.due_on as CalendarDate,
    }));
  }
}

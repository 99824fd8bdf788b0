import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { StatementFigures } from '../domain/recycled-content-statement';

type Queryable = DataSource | EntityManager;

/** A recycled-content statement as issued: its figures never change. */
export interface FrozenStatement extends StatementFigures {
  readonly statementId: string;
  /** What it was issued for; '' when asked for directly. */
  readonly shipmentId: string;
  readonly issuedAt: Date;
  readonly restatesStatementId?: string;
  /** The configuration version in force when it was issued (`trace_configuration_version`). */
  readonly configurationVersion?: number;
}

interface StatementRow {
  statement_id: string;
  shipment_id: string;
  body: StatementFigures;
  issued_at: Date;
  restates_statement_id: string | null;
  configuration_version: number | null;
}

/** Frozen statements: written once (one per shipment and lot), read by id or lot. */
export class StatementStore {
  /** Stores the statement; false when one for the same shipment and lot exists already (nothing changes). */
  async freeze(manager: EntityManager, statement: FrozenStatement): Promise<boolean> {
    const { statementId, shipmentId, issuedAt, restatesStatementId, configurationVersion, ...figures } =
      statement;
    const rows = (await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".trace_statement
         (statement_id, lot_id, shipment_id, method_version, inputs_sha256, body, issued_at, restates_statement_id,
          configuration_version)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
       ON CONFLICT (shipment_id, lot_id) WHERE shipment_id <> '' DO NOTHING RETURNING statement_id`,
      [
        statementId,
        figures.lotId,
        shipmentId,
        figures.methodVersion,
        figures.inputsSha256,
        JSON.stringify(figures),
        issuedAt,
        restatesStatementId ?? null,
        configurationVersion ?? null,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  async byId(source: Queryable, statementId: string): Promise<FrozenStatement | undefined> {
    const [row] = (await source.query(
      `SELECT statement_id, shipment_id, body, issued_at, restates_statement_id, configuration_version
       FROM "${serviceSchema(source)}".trace_statement WHERE statement_id = $1`,
      [statementId],
    )) as StatementRow[];
    return row && statementOf(row);
  }

  async ofLot(source: Queryable, lotId: string): Promise<FrozenStatement[]> {
    const rows = (await source.query(
      `SELECT statement_id, shipment_id, body, issued_at, restates_statement_id, configuration_version
       FROM "${serviceSchema(source)}".trace_statement WHERE lot_id = $1 ORDER BY issued_at, statement_id`,
      [lotId],
    )) as StatementRow[];
    return rows.map(statementOf);
  }
}

function statementOf(row: StatementRow): FrozenStatement {
  return {
    ...row.body,
    statementId: row.statement_id,
    shipmentId: row.shipment_id,
    issuedAt: new Date(row.issued_at),
    ...(row.restates_statement_id === null ? {} : { restatesStatementId: row.restates_statement_id }),
    ...(row.configuration_version === null ? {} : { configurationVersion: row.configuration_version }),
  };
}

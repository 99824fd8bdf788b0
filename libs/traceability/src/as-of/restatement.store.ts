import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { StatementFigures } from '../domain/recycled-content-statement';
import type { StatementChanges } from './statement-changes';

type Queryable = DataSource | EntityManager;

/** An event applied in the transaction whose facts changed an issued statement's figures. */
export interface TriggeringEvent {
  readonly eventId: string;
  readonly type: string;
  readonly subject: string;
}

/** An issued statement computed anew after the facts it stood on changed, and what changed. */
export interface Restatement {
  readonly restatementId: string;
  readonly statementId: string;
  /** 1 for the statement's first restatement, 2 for the next, ... */
  readonly sequence: number;
  readonly lotId: string;
  readonly figures: StatementFigures;
  /** Against the figures before: the statement as issued, or its previous restatement. */
  readonly changes: StatementChanges;
  readonly triggeredBy: readonly TriggeringEvent[];
  readonly configurationVersion: number;
  readonly restatedAt: Date;
}

interface RestatementRow {
  restatement_id: string;
  statement_id: string;
  sequence: number;
  lot_id: string;
  figures: StatementFigures;
  changes: StatementChanges;
  triggered_by: TriggeringEvent[];
  configuration_version: number;
  restated_at: Date | string;
}

/** Which lots and runs each issued statement stands on, and its restatements. */
export class RestatementStore {
  private table(source: Queryable, name: string): string {
    return `"${serviceSchema(source)}".${name}`;
  }

  /** Adds to the lots and runs the statement stands on (those it stood on stay). */
  async recordInputs(
    manager: EntityManager,
    statementId: string,
    inputs: { lotIds: readonly string[]; runIds: readonly string[] },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_statement_input')} (statement_id, kind, input_id)
       SELECT $1, 'LOT', unnest($2::text[]) UNION SELECT $1, 'RUN', unnest($3::text[])
       ON CONFLICT DO NOTHING`,
      [statementId, inputs.lotIds, inputs.runIds],
    );
  }

  /**
   * The issued statements standing on a lot or run whose facts this transaction recorded (the
   * history rows the triggers wrote carry the transaction's id), by statement id.
   */
  async statementsOnFactsOfThisTransaction(manager: EntityManager): Promise<string[]> {
    const history = (name: string) => this.table(manager, `${name}_history`);
    const rows = (await manager.query(
      `WITH changed(kind, input_id) AS (
         SELECT 'LOT', lot_id FROM ${history('trace_lot')} WHERE fact_tx = txid_current()
         UNION SELECT 'RUN', produced_by_run_id FROM ${history('trace_lot')}
           WHERE fact_tx = txid_current() AND produced_by_run_id IS NOT NULL
         UNION SELECT 'RUN', run_id FROM ${history('trace_run')} WHERE fact_tx = txid_current()
         UNION SELECT 'RUN', run_id FROM ${history('trace_movement')} WHERE fact_tx = txid_current()
         UNION SELECT 'RUN', run_id FROM ${history('trace_loss')} WHERE fact_tx = txid_current()
         UNION SELECT 'RUN', run_id FROM ${history('trace_run_emission')} WHERE fact_tx = txid_current()
       )
       SELECT DISTINCT i.statement_id FROM ${this.table(manager, 'trace_statement_input')} i
       JOIN changed c ON c.kind = i.kind AND c.input_id = i.input_id
       ORDER BY i.statement_id`,
    )) as { statement_id: string }[];
    return rows.map((row) => row.statement_id);
  }

  async record(manager: EntityManager, restatement: Restatement): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_restatement')}
         (restatement_id, statement_id, sequence, lot_id, figures, changes, triggered_by, configuration_version, restated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9)`,
      [
        restatement.restatementId,
        restatement.statementId,
        restatement.sequence,
        restatement.lotId,
        JSON.stringify(restatement.figures),
        JSON.stringify(restatement.changes),
        JSON.stringify(restatement.triggeredBy),
        restatement.configurationVersion,
        restatement.restatedAt,
      ],
    );
  }

  /** The statement's restatements, first to latest. */
  async ofStatement(source: Queryable, statementId: string): Promise<Restatement[]> {
    const rows = (await source.query(
      `SELECT * FROM ${this.table(source, 'trace_restatement')} WHERE statement_id = $1 ORDER BY sequence`,
      [statementId],
    )) as RestatementRow[];
    return rows.map(restatementOf);
  }

  /** Restatements recorded in [from, to), by time. */
  async between(source: Queryable, from: Date, to: Date): Promise<Restatement[]> {
    const rows = (await source.query(
      `SELECT * FROM ${this.table(source, 'trace_restatement')}
       WHERE restated_at >= $1 AND restated_at < $2 ORDER BY restated_at, statement_id, sequence`,
      [from, to],
    )) as RestatementRow[];
    return rows.map(restatementOf);
  }
}

function restatementOf(row: RestatementRow): Restatement {
  return {
    restatementId: row.restatement_id,
    statementId: row.statement_id,
    sequence: row.sequence,
    lotId: row.lot_id,
    figures: row.figures,
    changes: row.changes,
    triggeredBy: row.triggered_by,
    configurationVersion: row.configuration_version,
    restatedAt: new Date(row.restated_at),
  };
}

import { serviceSchema } from '@rre/persistence';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** The PostgreSQL array type a column's values travel in (the INSERT casts them to the column's type). */
const ARRAY_TYPE: Readonly<Record<string, string>> = {
  char: 'text',
  varchar: 'text',
  text: 'text',
  numeric: 'numeric',
  jsonb: 'jsonb',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
  date: 'date',
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
};

/**
 * Inserts many rows of an entity in one statement with one array parameter per column
 * (`INSERT ... SELECT * FROM unnest($1::text[], ...)`): no parameter limit, and far less work than
 * TypeORM's multi-row insert, which builds and escapes a parameter per cell. Columns are those the
 * first row has (generated columns are left out by leaving them out of the rows).
 */
export async function bulkInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  const statement = bulkInsertStatement(manager, entity, rows);
  if (statement) await manager.query(statement.sql, [...statement.parameters]);
}

/** bulkInsert's statement and parameters, to run on its own or alongside another; undefined for no rows. */
export function bulkInsertStatement<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): { sql: string; parameters: unknown[] } | undefined {
  const [first] = rows;
  if (!first) return undefined;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns.filter((column) => column.propertyName in first);
  const arrays = columns.map((column) => {
    const type = typeof column.type === 'string' ? ARRAY_TYPE[column.type] : undefined;
    if (!type)
      throw new Error(
        `bulkInsert: column ${column.databaseName} has unsupported type ${String(column.type)}`,
      );
    const values = rows.map((row) => row[column.propertyName] as unknown);
    return {
      type,
      values:
        type === 'jsonb'
          ? values.map((value) => (value === null || value === undefined ? null : JSON.stringify(value)))
          : values.map((value) => value ?? null),
    };
  });
  return {
    sql: `INSERT INTO "${serviceSchema(manager)}"."${metadata.tableName}" (${columns.map((column) => `"${column.databaseName}"`).join(', ')})
     SELECT * FROM unnest(${arrays.map((array, index) => `$${index + 1}::${array.type}[]`).join(', ')})`,
    parameters: arrays.map((array) => array.values),
  };
}

import { serviceSchema } from '@rre/persistence';
import { FACT_RECORDED_AT_SETTING } from './1766000000000-record-facts-at-platform-time.migration';
import type { DataSource, EntityManager } from 'typeorm';
import type { ConfigurationSettings, ConfigurationVersion } from './traceability-configuration';

type Queryable = DataSource | EntityManager;

interface VersionRow {
  version: number;
  method_version: string;
  rounding_rule: string;
  closing_coverage_factor: string;
  default_grid_factor_kg_co2e_per_kwh: string | null;
  changed_by_subject: string;
  changed_by_organisation: string | null;
  changed_at: Date | string;
  reason: string;
}

const COLUMNS = `version, method_version, rounding_rule, closing_coverage_factor::text AS closing_coverage_factor,
  default_grid_factor_kg_co2e_per_kwh::text AS default_grid_factor_kg_co2e_per_kwh,
  changed_by_subject, changed_by_organisation, changed_at, reason`;

/** The configuration's versions: appended, never changed; the highest is in force. */
export class ConfigurationStore {
  private table(source: Queryable): string {
    return `"${serviceSchema(source)}".trace_configuration_version`;
  }

  async inForce(source: Queryable): Promise<ConfigurationVersion> {
    const [row] = (await source.query(
      `SELECT ${COLUMNS} FROM ${this.table(source)} ORDER BY version DESC LIMIT 1`,
    )) as VersionRow[];
    if (!row) throw new Error('trace_configuration_version is empty: the migration seeds version 1');
    return versionOf(row);
  }

  /**
   * The version in force when the facts being applied were recorded (the consumer's
   * `rre.fact_recorded_at`, else the transaction's time): a statement frozen live and the same
   * statement frozen again by a rebuild name the same version, however late the rebuild runs.
   */
  async inForceWhenRecorded(manager: EntityManager): Promise<ConfigurationVersion> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM ${this.table(manager)}
       WHERE changed_at <= coalesce(nullif(current_setting('${FACT_RECORDED_AT_SETTING}', true), '')::timestamptz, now())
          OR version = (SELECT min(version) FROM ${this.table(manager)})
       ORDER BY version DESC LIMIT 1`,
    )) as VersionRow[];
    if (!row) throw new Error('trace_configuration_version is empty: the migration seeds version 1');
    return versionOf(row);
  }

  async all(source: Queryable): Promise<ConfigurationVersion[]> {
    const rows = (await source.query(
      `SELECT ${COLUMNS} FROM ${this.table(source)} ORDER BY version`,
    )) as VersionRow[];
    return rows.map(versionOf);
  }

  async byVersion(source: Queryable, version: number): Promise<ConfigurationVersion | undefined> {
    const [row] = (await source.query(`SELECT ${COLUMNS} FROM ${this.table(source)} WHERE version = $1`, [
      version,
    ])) as VersionRow[];
    return row && versionOf(row);
  }

  /** Appends the next version; the caller holds the table's lock, so versions never race. */
  async append(
    manager: EntityManager,
    settings: ConfigurationSettings,
    change: { subjectId: string; organisationId?: string; at: Date; reason: string },
  ): Promise<ConfigurationVersion> {
    const [row] = (await manager.query(
      `INSERT INTO ${this.table(manager)}
         (version, method_version, rounding_rule, closing_coverage_factor, default_grid_factor_kg_co2e_per_kwh,
          changed_by_subject, changed_by_organisation, changed_at, reason)
       SELECT coalesce(max(version), 0) + 1, $1, $2, $3::numeric, $4::numeric, $5, $6, $7, $8 FROM ${this.table(manager)}
       RETURNING ${COLUMNS}`,
      [
        settings.methodVersion,
        settings.roundingRule,
        settings.closingCoverageFactor,
        settings.defaultGridFactorKgCo2ePerKwh,
        change.subjectId,
        change.organisationId ?? null,
        change.at,
        change.reason,
      ],
    )) as VersionRow[];
    return versionOf(row as VersionRow);
  }

  async lock(manager: EntityManager): Promise<void> {
    await manager.query(`LOCK TABLE ${this.table(manager)} IN SHARE ROW EXCLUSIVE MODE`);
  }
}

function versionOf(row: VersionRow): ConfigurationVersion {
  return {
    version: row.version,
    methodVersion: row.method_version,
    roundingRule: row.rounding_rule,
    closingCoverageFactor: row.closing_coverage_factor,
    defaultGridFactorKgCo2ePerKwh: row.default_grid_factor_kg_co2e_per_kwh,
    changedBy: {
      subjectId: row.changed_by_subject,
      ...(row.changed_by_organisation === null ? {} : { organisationId: row.changed_by_organisation }),
    },
    changedAt: new Date(row.changed_at),
    reason: row.reason,
  };
}

import { IntakeError } from '../../domain/intake-error';
import { validateRegistration, type ValidatedRegistration } from '../../domain/lot-registration';
import { newWasteManifest, type WasteManifest } from '../../domain/waste-manifest';
import { registerValidatedLots } from '../commands/register-lot.handler';
import { assertMayCall, assertMayWriteFor, IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { type CsvEncoding, decodeCsv } from './csv-decoding';
import { CsvSyntaxError, parseCsv } from './csv-parser';
import { cellErrorOf, CsvCellError, readHeader, registrationOfRow } from './lot-csv-columns';

export interface ImportLotsCommand {
  readonly content: Uint8Array;
  readonly encoding: CsvEncoding;
  /** Validate only; write nothing. */
  readonly dryRun: boolean;
  /** Write nothing unless every row is valid (the default); false writes the valid rows. */
  readonly allOrNothing: boolean;
}

/** A bad cell: the line of its row (1 is the header), its column, its value and the rule. */
export interface LotImportIssue {
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly code: string;
  readonly rule: string;
}

export type LotImportRowStatus = 'CREATED' | 'ALREADY_IMPORTED' | 'VALID' | 'INVALID' | 'NOT_WRITTEN';

export interface LotImportRow {
  readonly line: number;
  readonly externalRef: string | undefined;
  readonly status: LotImportRowStatus;
  readonly lotId?: string;
  readonly lotCode?: string;
}

export interface LotImportReport {
  readonly encoding: 'UTF_8' | 'SHIFT_JIS';
  readonly dryRun: boolean;
  readonly allOrNothing: boolean;
  readonly rowCount: number;
  readonly createdCount: number;
  readonly alreadyImportedCount: number;
  readonly invalidCount: number;
  readonly rows: readonly LotImportRow[];
  readonly issues: readonly LotImportIssue[];
}

export type ImportProgress = (done: number, total: number, phase: 'validating' | 'writing') => void;

interface CheckedRow {
  readonly line: number;
  readonly externalRef: string | undefined;
  readonly organisationId: string | undefined;
  readonly valid?: {
    readonly registration: ValidatedRegistration;
    readonly manifest: WasteManifest | undefined;
  };
}

/**
 * Imports lots from a CSV file (columns: LOT_CSV_COLUMNS; UTF-8 or Shift_JIS). Every row is
 * validated by the same rules as registerLot and every bad cell reported with its line, column
 * and rule. Rows whose `external_ref` the organisation already has are not imported again, so
 * importing the same file twice creates nothing the second time. All valid rows are written in
 * one transaction, with their registration events.
 */
export class ImportLotsHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  async execute(
    command: ImportLotsCommand,
    request: IntakeRequest,
    onProgress?: ImportProgress,
  ): Promise<LotImportReport> {
    assertMayCall(request.caller, IntakeMutation.IMPORT_LOTS);
    const { text, encoding } = decodeCsv(command.content, command.encoding);
    const report = (rows: LotImportRow[], issues: LotImportIssue[], createdCount = 0): LotImportReport => ({
      encoding,
      dryRun: command.dryRun,
      allOrNothing: command.allOrNothing,
      rowCount: rows.length,
      createdCount,
      alreadyImportedCount: rows.filter((row) => row.status === 'ALREADY_IMPORTED').length,
      invalidCount: rows.filter((row) => row.status === 'INVALID').length,
      rows,
      issues,
    });

    let records;
    try {
      records = parseCsv(text);
    } catch (error) {
      if (error instanceof CsvSyntaxError) {
        return report(
          [],
          [{ line: error.line, column: '', value: '', code: 'INVALID_INPUT', rule: error.rule }],
        );
      }
      throw error;
    }
    const [header, ...body] = records;
    if (!header) {
      return report(
        [],
        [
          {
            line: 1,
            column: '',
            value: '',
            code: 'INVALID_INPUT',
            rule: 'the file is empty: it needs a header row',
          },
        ],
      );
    }
    const { columns, problems } = readHeader(header.cells);
    if (problems.length > 0) {
      return report(
        [],
        problems.map((problem) => ({
          line: header.line,
          column: problem.column,
          value: problem.value,
          code: problem.code,
          rule: problem.rule,
        })),
      );
    }

    const now = this.deps.clock.now();
    const issues: LotImportIssue[] = [];
    const seen = new Map<string, number>();
    const checked: CheckedRow[] = body.map((record, index) => {
      onProgress?.(index, body.length, 'validating');
      const cells = new Map(columns.map((column, position) => [column, record.cells[position] ?? '']));
      const externalRef = cells.get('external_ref')?.trim() || undefined;
      const fail = (problem: CsvCellError): CheckedRow => {
        issues.push({
          line: record.line,
          column: problem.column,
          value: problem.value,
          code: problem.code,
          rule: problem.rule,
        });
        return { line: record.line, externalRef, organisationId: undefined };
      };
      if (record.cells.length !== columns.length) {
        return fail(
          new CsvCellError(
            '',
            `${record.cells.length} cells`,
            'INVALID_INPUT',
            `must have ${columns.length} cells, as the header has`,
          ),
        );
      }
      try {
        const row = registrationOfRow(cells);
        const organisationId = row.organisationId ?? request.caller.organisationId;
        assertMayWriteFor(request.caller, organisationId);
        const key = `${organisationId}\u0000${row.externalRef}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          throw new CsvCellError(
            'external_ref',
            row.externalRef,
            'DUPLICATE_LOT_REFERENCE',
            `must be unique in the file (line ${earlier} has it too)`,
          );
        }
        seen.set(key, record.line);
        const registration = validateRegistration({ ...row, organisationId }, this.deps.policy, now);
        const manifest = row.manifest && newWasteManifest(this.deps.ids.next(), row.manifest, organisationId);
        return {
          line: record.line,
          externalRef: row.externalRef,
          organisationId,
          valid: { registration, manifest },
        };
      } catch (error) {
        if (error instanceof CsvCellError) return fail(error);
        if (error instanceof IntakeError) return fail(cellErrorOf(error));
        throw error;
      }
    });

    return this.deps.transactions.run(async (transaction) => {
      const existing = new Set<string>();
      const byOrganisation = new Map<string, string[]>();
      for (const row of checked) {
        if (row.valid && row.organisationId !== undefined && row.externalRef !== undefined) {
          const refs = byOrganisation.get(row.organisationId);
          if (refs) refs.push(row.externalRef);
          else byOrganisation.set(row.organisationId, [row.externalRef]);
        }
      }
      for (const [organisationId, refs] of byOrganisation) {
        for (const ref of await transaction.lots.existingExternalRefs(organisationId, refs))
          existing.add(`${organisationId}\u0000${ref}`);
      }
      const statusOf = (row: CheckedRow): LotImportRowStatus => {
        if (!row.valid) return 'INVALID';
        if (existing.has(`${row.organisationId}\u0000${row.externalRef}`)) return 'ALREADY_IMPORTED';
        return 'VALID';
      };
      const rows: LotImportRow[] = checked.map((row) => ({
        line: row.line,
        externalRef: row.externalRef,
        status: statusOf(row),
      }));
      const toWrite = checked.filter((row) => statusOf(row) === 'VALID');
      if (command.dryRun) return report(rows, issues);
      if (issues.length > 0 && command.allOrNothing) {
        return report(
          rows.map((row) => (row.status === 'VALID' ? { ...row, status: 'NOT_WRITTEN' } : row)),
          issues,
        );
      }
      const written = new Map<number, { lotId: string; lotCode: string }>();
      onProgress?.(0, toWrite.length, 'writing');
      const lots = await registerValidatedLots(
        transaction,
        this.deps,
        request,
        now,
        toWrite.flatMap((row) =>
          row.valid ? [{ validated: row.valid.registration, manifest: row.valid.manifest }] : [],
        ),
        { onProgress: (done) => onProgress?.(done, toWrite.length, 'writing') },
      );
      toWrite.forEach((row, index) => {
        const lot = lots[index] as (typeof lots)[number];
        written.set(row.line, { lotId: lot.id, lotCode: lot.code });
      });
      onProgress?.(toWrite.length, toWrite.length, 'writing');
      return report(
        rows.map((row) => {
          const lot = written.get(row.line);
          return lot ? { ...row, status: 'CREATED', ...lot } : row;
        }),
        issues,
        written.size,
      );
    });
  }
}

import { hasRole, type Principal } from '@rre/auth';
import type { DataSource } from 'typeorm';
import { StatementApplication } from '../application/statement-application';
import { TraceabilityError } from '../domain/traceability-error';
import { type Restatement, RestatementStore } from './restatement.store';

/**
 * Restatements: of one statement for whoever may read the statement (as `statement(id)`), and of
 * a period for the plant's staff and auditors (a plant-wide list; recyclers are refused).
 */
export class RestatementQueries {
  private readonly store = new RestatementStore();
  private readonly statements: StatementApplication;

  constructor(private readonly options: { readonly dataSource: DataSource }) {
    this.statements = new StatementApplication(options);
  }

  /** Empty for an unknown statement and one the caller may not read alike. */
  async of(principal: Principal, statementId: string): Promise<Restatement[]> {
    if (!(await this.statements.statement(principal, statementId))) return [];
    return this.store.ofStatement(this.options.dataSource, statementId);
  }

  async between(principal: Principal, from: Date, to: Date): Promise<Restatement[]> {
    if (!hasRole(principal, 'lab', 'operator', 'auditor', 'sales', 'admin')) {
      throw new TraceabilityError({
        code: 'FORBIDDEN',
        field: 'caller',
        value: principal.roles.join(','),
        rule: "must be the plant's staff or an auditor: restatements of a period name every lot",
      });
    }
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw new TraceabilityError({
          code: 'INVALID_INPUT',
          field,
          value: String(value),
          rule: 'must be a date-time',
        });
      }
    }
    if (from.getTime() >= to.getTime()) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'to',
        value: to.toISOString(),
        rule: `must be after from (${from.toISOString()})`,
      });
    }
    return this.store.between(this.options.dataSource, from, to);
  }
}

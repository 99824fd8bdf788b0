import { hasRole, type Principal } from '@rre/auth';
import { serviceSchema } from '@rre/persistence';
import { type Idempotent, idempotentMutation, MIN_IDEMPOTENCY_TTL_MS } from '@rre/process-runs';
import type { DataSource, EntityManager } from 'typeorm';
import { PeopleError } from '../domain/people-error';
import { parseErasureReason, parseProfile, type ProfileInput } from '../domain/profile';

/** A directory entry as a reader may see it; contact details are null for readers not allowed them. */
export interface PersonView {
  readonly organisationId: string;
  readonly subject: string;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly updatedAt: string;
  readonly erasedAt: string | null;
}

interface PersonRow {
  organisation_id: string;
  subject: string;
  display_name: string | null;
  email: string | null;
  phone: string | null;
  updated_at: Date | string;
  erased_at: Date | string | null;
}

export interface PeopleDirectoryOptions {
  readonly dataSource: DataSource;
  readonly clock?: () => Date;
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function viewOf(row: PersonRow, withContact: boolean): PersonView {
  return {
    organisationId: row.organisation_id,
    subject: row.subject,
    displayName: row.display_name,
    email: withContact ? row.email : null,
    phone: withContact ? row.phone : null,
    updatedAt: iso(row.updated_at),
    erasedAt: row.erased_at === null ? null : iso(row.erased_at),
  };
}

/**
 * Names and contact details of the people behind the pseudonymous subject ids that records and
 * events carry. A person keeps their own entry; admins erase one (the row stays, blanked and
 * marked erased, so the subject id still resolves to "erased"); auditors read names but not
 * contact details.
 */
export class PeopleDirectory {
  private readonly clock: () => Date;

  constructor(private readonly options: PeopleDirectoryOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  private get table(): string {
    return `"${serviceSchema(this.options.dataSource)}".person`;
  }

  private async find(
    manager: EntityManager | DataSource,
    organisationId: string,
    subject: string,
  ): Promise<PersonRow | undefined> {
    const [row] = (await manager.query(
      `SELECT organisation_id, subject, display_name, email, phone, updated_at, erased_at
         FROM ${this.table} WHERE organisation_id = $1 AND subject = $2`,
      [organisationId, subject],
    )) as PersonRow[];
    return row;
  }

  /** The caller's own entry, or null before they set a profile. */
  async myProfile(caller: Principal): Promise<PersonView | null> {
    const row = await this.find(this.options.dataSource, caller.organisationId, caller.subject);
    return row ? viewOf(row, true) : null;
  }

  /** Sets the caller's own profile (after an erasure too: the person gives their data again). */
  async updateMyProfile(
    caller: Principal,
    input: ProfileInput,
    idempotencyKey: string | undefined,
  ): Promise<Idempotent<{ person: PersonView }>> {
    const profile = parseProfile(input);
    const now = this.clock();
    return this.options.dataSource.transaction((manager) =>
      idempotentMutation(
        manager,
        {
          client: caller.subject,
          key: idempotencyKey,
          operation: 'updateMyProfile',
          input: { organisationId: caller.organisationId, ...input },
          ttlMs: MIN_IDEMPOTENCY_TTL_MS,
          now,
        },
        async () => {
          const [row] = (await manager.query(
            `INSERT INTO ${this.table} AS p (organisation_id, subject, display_name, email, phone,
                 updated_at, updated_by_subject, updated_by_organisation, erased_at, erasure_reason)
             VALUES ($1, $2, $3, $4, $5, $6, $2, $1, NULL, NULL)
             ON CONFLICT (organisation_id, subject) DO UPDATE SET
               display_name = EXCLUDED.display_name, email = EXCLUDED.email, phone = EXCLUDED.phone,
               updated_at = EXCLUDED.updated_at, updated_by_subject = EXCLUDED.updated_by_subject,
               updated_by_organisation = EXCLUDED.updated_by_organisation, erased_at = NULL, erasure_reason = NULL
             RETURNING organisation_id, subject, display_name, email, phone, updated_at, erased_at`,
            [caller.organisationId, caller.subject, profile.displayName, profile.email, profile.phone, now],
          )) as PersonRow[];
          return { person: viewOf(row, true) };
        },
      ),
    );
  }

  /** Another person's entry, for admins (everything) and auditors (no contact details). */
  async person(caller: Principal, organisationId: string, subject: string): Promise<PersonView> {
    const row = await this.find(this.options.dataSource, organisationId, subject);
    if (!row) throw unknownPerson(organisationId, subject);
    const own = row.organisation_id === caller.organisationId && row.subject === caller.subject;
    return viewOf(row, own || hasRole(caller, 'admin'));
  }

  /**
   * Erases a person's name and contact details (admins): the row stays with erased_at set, so the
   * subject id in records and events resolves to "erased". Erasing an erased entry changes nothing.
   */
  async erasePerson(
    caller: Principal,
    target: { organisationId: string; subject: string; reason: string },
    idempotencyKey: string | undefined,
  ): Promise<Idempotent<{ person: PersonView; alreadyErased: boolean }>> {
    const reason = parseErasureReason(target.reason);
    const now = this.clock();
    return this.options.dataSource.transaction((manager) =>
      idempotentMutation(
        manager,
        {
          client: caller.subject,
          key: idempotencyKey,
          operation: 'erasePerson',
          input: { organisationId: target.organisationId, subject: target.subject, reason: target.reason },
          ttlMs: MIN_IDEMPOTENCY_TTL_MS,
          now,
        },
        async () => {
          const existing = await this.find(manager, target.organisationId, target.subject);
          if (!existing) throw unknownPerson(target.organisationId, target.subject);
          if (existing.erased_at !== null) return { person: viewOf(existing, true), alreadyErased: true };
          await manager.query(
            `UPDATE ${this.table} SET display_name = NULL, email = NULL, phone = NULL, erased_at = $3,
                 erasure_reason = $4, updated_at = $3, updated_by_subject = $5, updated_by_organisation = $6
               WHERE organisation_id = $1 AND subject = $2`,
            [target.organisationId, target.subject, now, reason, caller.subject, caller.organisationId],
          );
          const erased = await this.find(manager, target.organisationId, target.subject);
          if (!erased) throw unknownPerson(target.organisationId, target.subject);
          return { person: viewOf(erased, true), alreadyErased: false };
        },
      ),
    );
  }
}

function unknownPerson(organisationId: string, subject: string): PeopleError {
  return new PeopleError({
    code: 'UNKNOWN_PERSON',
    field: 'subject',
    value: JSON.stringify(`${organisationId}/${subject}`),
    rule: 'must be a person in the directory (someone who has set a profile)',
  });
}

import { IntakeError } from '../../domain/intake-error';
import { assertMayRead, readScope } from '../intake-access-policy';
import type { IntakeCaller } from '../intake-caller';
import type { LotCursor, LotFilter, LotPage, LotReader } from '../ports/lot-reader.port';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Lots in (received_at, id) order after a cursor; recyclers see only their own organisation's. */
export class ListLotsHandler {
  constructor(private readonly reader: LotReader) {}

  async execute(
    filter: LotFilter,
    page: { first?: number; after?: string },
    caller: IntakeCaller,
  ): Promise<LotPage> {
    assertMayRead(caller);
    const scope = readScope(caller);
    if (scope !== undefined && filter.organisationId !== undefined && filter.organisationId !== scope) {
      throw new IntakeError({
        code: 'FORBIDDEN',
        field: 'filter.organisationId',
        value: filter.organisationId,
        rule: `may only list lots of its own organisation ${scope}`,
      });
    }
    const first = page.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: 'first',
        value: String(first),
        rule: `must be a whole number between 1 and ${MAX_PAGE_SIZE}`,
      });
    }
    const after = page.after === undefined ? undefined : decodeLotCursor(page.after);
    return this.reader.list({ ...filter, organisationId: scope ?? filter.organisationId }, first, after);
  }
}

/** An opaque cursor: base64url of `<received_at ISO>|<lot id>`. */
export function encodeLotCursor(cursor: LotCursor): string {
  return Buffer.from(`${cursor.receivedAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeLotCursor(text: string): LotCursor {
  const [at, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(at ?? '');
  if (
    rest.length > 0 ||
    id === undefined ||
    !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id) ||
    Number.isNaN(receivedAt.getTime())
  ) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field: 'after',
      value: JSON.stringify(text),
      rule: 'must be a cursor returned by an earlier page (pageInfo.endCursor)',
    });
  }
  return { receivedAt, id };
}

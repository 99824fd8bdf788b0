import { IntakeError } from './intake-error';

/** Where a lot's material comes from, as recycled-content claims count it (EU CRMA Art. 29, ISO 22095). */
export const SourceCategory = {
  POST_CONSUMER: 'POST_CONSUMER',
  PRE_CONSUMER: 'PRE_CONSUMER',
  PRIMARY: 'PRIMARY',
} as const;
export type SourceCategory = (typeof SourceCategory)[keyof typeof SourceCategory];
export const SOURCE_CATEGORIES = Object.values(SourceCategory);

export function parseSourceCategory(value: string, field = 'sourceCategory'): SourceCategory {
  if ((SOURCE_CATEGORIES as readonly string[]).includes(value)) return value as SourceCategory;
  throw new IntakeError({
    code: 'INVALID_INPUT',
    field,
    value: JSON.stringify(value),
    rule: `must be one of ${SOURCE_CATEGORIES.join(', ')}`,
  });
}

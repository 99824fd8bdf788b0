import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The passport's documented JSON Schema (draft-07), in libs/sales/schemas (read by tests under ts-jest). */
export const PASSPORT_JSON_SCHEMA_FILE = join(
  __dirname,
  '..',
  '..',
  'schemas',
  'product-passport.v1.schema.json',
);

let validate: ValidateFunction | undefined;

/** The schema's errors for a passport as served (JSON), none when it validates. */
export function passportSchemaErrors(document: unknown): ErrorObject[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(PASSPORT_JSON_SCHEMA_FILE, 'utf8')) as object);
  }
  return validate(document) ? [] : [...(validate.errors ?? [])];
}

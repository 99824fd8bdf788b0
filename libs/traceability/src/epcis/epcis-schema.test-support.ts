import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/** The official EPCIS 2.0 JSON Schema (draft-07), from the copy in ./schema. */
const schema = JSON.parse(
  readFileSync(join(__dirname, 'schema', 'EPCIS-JSON-Schema.json'), 'utf8'),
) as object;

// The GS1 repository's advice: ajv with ajv-formats; strict off, the schema uses unknown keywords' style.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's errors for a document, none when it validates. */
export function epcisSchemaErrors(document: unknown): ErrorObject[] {
  return validate(document) ? [] : [...(validate.errors ?? [])];
}

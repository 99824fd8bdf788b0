/** Default largest request body: 1 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

/** What `applyRequestSizeLimit` needs of a NestJS (Express) application. */
export interface BodyParserHost {
  useBodyParser(type: 'json', options: { limit: number }): unknown;
}

/**
 * Sets the JSON body parser's limit (NestExpressApplication.useBodyParser), before `listen`:
 * a larger body is refused with HTTP 413 `{"statusCode":413,"message":"request entity too large"}`
 * before GraphQL (or authentication) sees it. Without it NestJS applies body-parser's 100 kB.
 */
export function applyRequestSizeLimit(
  app: BodyParserHost,
  maxBytes: number = DEFAULT_MAX_REQUEST_BYTES,
): void {
  if (!Number.isInteger(maxBytes) || maxBytes < 1)
    throw new Error('applyRequestSizeLimit: maxBytes must be ≥ 1');
  app.useBodyParser('json', { limit: maxBytes });
}

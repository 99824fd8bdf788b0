/**
 * The GS1 Digital Link URI of a shipment's passport: the product's GTIN (AI 01) and the passport
 * id as its serial (AI 21), `<base>/01/<GTIN>/21/<passport id>`. The id is 128 random bits
 * (base64url, which GS1 AI 21's character set 82 allows), so the URI cannot be guessed.
 */
export function passportUriOf(baseUrl: string, gtin: string, passportId: string): string {
  return `${baseUrl}/01/${gtin}/21/${passportId}`;
}

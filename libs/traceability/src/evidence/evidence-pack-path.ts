/** The path of a statement's evidence pack, as the GraphQL field `evidencePackUrl` gives it. */
export function evidencePackPathOf(statementId: string): string {
  return `/evidence/statements/${encodeURIComponent(statementId)}.zip`;
}

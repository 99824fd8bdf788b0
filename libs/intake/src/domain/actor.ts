/** Who acted: a pseudonymous subject id and the organisation it acted for (never a name). */
export interface Actor {
  readonly subject: string;
  readonly organisationId: string;
}

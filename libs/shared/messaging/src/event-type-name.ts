const VERSIONED = /^(.*)\.v([1-9][0-9]*)$/;

/** `rre.intake.lot.registered.v2` → family `rre.intake.lot.registered`, major 2. */
export function eventTypeFamily(type: string): { family: string; major: number | undefined } {
  const match = VERSIONED.exec(type);
  return match ? { family: match[1] as string, major: Number(match[2]) } : { family: type, major: undefined };
}

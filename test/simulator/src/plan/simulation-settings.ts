/** What a simulated period looks like; the seed fixes every draw. */
export interface SimulationSettings {
  readonly seed: string;
  /** Simulated days of plant operation. */
  readonly days: number;
  /** First simulated day, YYYY-MM-DD (UTC); the period must end before today (no receipt in the future). */
  readonly startDate: string;
  /**
   * Chance that an opportunity for a fault gets one (0 turns faults off). With any share above 0 the
   * first opportunity of each kind always gets one, so that even a short run exercises every guard.
   */
  readonly faultShare: number;
  /** Share of unused-resource lots above the radioactivity threshold (the first two always are). */
  readonly radioactiveShare: number;
  /** Share of quarantined lots released (the others are rejected; the first is released, the second rejected). */
  readonly releaseShare: number;
  /** Added to every reference, code and idempotency key, to simulate the same seed again on one platform. */
  readonly namespace: string;
}

export const DEFAULT_SIMULATION: SimulationSettings = {
  seed: '42',
  days: 30,
  startDate: '2026-01-05',
  faultShare: 0.05,
  radioactiveShare: 0.1,
  releaseShare: 0.5,
  namespace: '',
};

/** Checks the settings; the message names the setting, its value and the rule. */
export function simulationSettings(input: Partial<SimulationSettings>): SimulationSettings {
  const settings = { ...DEFAULT_SIMULATION, ...input };
  const problems: string[] = [];
  if (!/^[A-Za-z0-9-]{1,32}$/.test(settings.seed))
    problems.push(`seed: got "${settings.seed}", must be 1-32 letters, digits or hyphens`);
  if (!Number.isInteger(settings.days) || settings.days < 1 || settings.days > 3650)
    problems.push(`days: got ${settings.days}, must be a whole number from 1 to 3650`);
  const start = new Date(`${settings.startDate}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(settings.startDate) || Number.isNaN(start.getTime())) {
    problems.push(`startDate: got "${settings.startDate}", must be a date YYYY-MM-DD`);
  } else if (start.getTime() + settings.days * 86_400_000 > Date.now()) {
    problems.push(
      `startDate: got ${settings.startDate} with ${settings.days} days, the simulated period must end by now (receipts cannot be in the future)`,
    );
  }
  for (const name of ['faultShare', 'radioactiveShare', 'releaseShare'] as const) {
    const value = settings[name];
    if (!(value >= 0 && value <= 1)) problems.push(`${name}: got ${value}, must be between 0 and 1`);
  }
  if (!/^[A-Za-z0-9-]{0,16}$/.test(settings.namespace))
    problems.push(`namespace: got "${settings.namespace}", must be at most 16 letters, digits or hyphens`);
  if (problems.length > 0) throw new Error(`simulation settings: ${problems.join('; ')}`);
  return settings;
}

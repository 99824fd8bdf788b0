import { type ConfigOf, integer, loadConfig, optional, parsed } from '@rre/config';
import { signingKeyFrom } from '@rre/ledger';
import type { LedgerModuleSettings } from './ledger.providers';

/** The ledger's variables (platform and standalone traceability service alike). */
export const ledgerConfigSpec = {
  TRACEABILITY_LEDGER_SIGNING_KEY: optional(
    parsed(
      'Ed25519 key that signs ledger checkpoints: PEM, or base64 of the PKCS#8 DER or the 32-byte seed; unset: a development key',
      (raw) => {
        signingKeyFrom(raw);
        return raw;
      },
      { mask: () => '<hidden key>' },
    ),
  ),
  TRACEABILITY_LEDGER_CHECKPOINT_ENTRIES: integer(
    'A ledger checkpoint as soon as this many ingested events are not covered by one',
    { default: 1000, min: 1, max: 100_000 },
  ),
  TRACEABILITY_LEDGER_CHECKPOINT_SECONDS: integer(
    'A ledger checkpoint when the oldest uncovered event is this old, seconds',
    { default: 600, min: 1, max: 7 * 24 * 3600 },
  ),
};

export type LedgerConfig = ConfigOf<typeof ledgerConfigSpec>;

export function ledgerSettingsFrom(config: LedgerConfig): LedgerModuleSettings {
  return {
    signingKey: config.TRACEABILITY_LEDGER_SIGNING_KEY,
    checkpointEveryEntries: config.TRACEABILITY_LEDGER_CHECKPOINT_ENTRIES,
    checkpointPeriodMs: config.TRACEABILITY_LEDGER_CHECKPOINT_SECONDS * 1000,
  };
}

export function loadLedgerConfig(env: Record<string, string | undefined> = process.env): LedgerConfig {
  return loadConfig('traceability ledger', ledgerConfigSpec, env);
}

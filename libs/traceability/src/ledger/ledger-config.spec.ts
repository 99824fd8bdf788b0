import { generateSigningKey, privateKeyPem } from '@rre/ledger';
import { ledgerSettingsFrom, loadLedgerConfig } from './ledger-config';

describe('ledger settings', () => {
  it('default to a development key, a checkpoint every 1000 events or 600 s', () => {
    expect(ledgerSettingsFrom(loadLedgerConfig({}))).toEqual({
      signingKey: undefined,
      checkpointEveryEntries: 1000,
      checkpointPeriodMs: 600_000,
    });
  });

  it('take a PEM key and refuse one that is not Ed25519, without showing it', () => {
    const pem = privateKeyPem(generateSigningKey().privateKey);
    expect(loadLedgerConfig({ TRACEABILITY_LEDGER_SIGNING_KEY: pem }).TRACEABILITY_LEDGER_SIGNING_KEY).toBe(
      pem,
    );
    let message = '';
    try {
      loadLedgerConfig({ TRACEABILITY_LEDGER_SIGNING_KEY: 'c2VjcmV0' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TRACEABILITY_LEDGER_SIGNING_KEY');
    expect(message).toContain('<hidden key>');
    expect(message).not.toContain('c2VjcmV0');
  });
});

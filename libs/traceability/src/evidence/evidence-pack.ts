import { hasRole, type Principal } from '@rre/auth';
import { type LedgerProof, PROOF_BUNDLE_FORMAT } from '@rre/ledger';
import type { DataSource } from 'typeorm';
import { StatementApplication } from '../application/statement-application';
import { ConfigurationStore } from '../as-of/configuration.store';
import { RestatementStore } from '../as-of/restatement.store';
import { TraceabilityError } from '../domain/traceability-error';
import type { EpcisExport } from '../epcis/epcis-export';
import type { LedgerApplication } from '../ledger/ledger-application';
import { GenealogyStore } from '../persistence/genealogy.store';
import { StatementStore } from '../persistence/statement.store';
import { RECONCILIATION_CLOSING_RULE } from '../reconciliation/reconcile-run';
import type { ReconciliationQueries } from '../reconciliation/reconciliation-queries';
import {
  MANIFEST_FILE,
  MANIFEST_SIGNATURE_FILE,
  type EvidenceManifest,
  EVIDENCE_SIGNATURE_FORMAT,
  manifestOf,
  type ManifestSignature,
} from './evidence-manifest';
import { EvidencePackStore } from './evidence-pack.store';
import { sourceDocumentsOf } from './source-documents';
import { statementGenealogyOf } from './statement-genealogy';
import { type ArchiveFile, zipArchive } from './zip-archive';

export interface EvidencePack {
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly manifest: EvidenceManifest;
}

export interface EvidencePackDependencies {
  readonly dataSource: DataSource;
  readonly ledger: LedgerApplication;
  readonly epcis: EpcisExport;
  readonly reconciliation: ReconciliationQueries;
  readonly clock?: () => Date;
}

const README = `Evidence pack of a frozen recycled-content statement (rre traceability).

statement.json        the statement as frozen (figures, method version, inputsSha256)
genealogy.json        lots and runs behind it (as recorded at issue), per-element run flows (exact kg), backward trace per element
restatements.json     corrections after issue that changed its figures (what changed, which events)
reconciliation.json   each run's mass balance per element, overrides (who, who approved, why)
documents.json        SHA-256 of the source lots' documents and waste-manifest records, as intake published them
configuration.json    method version, rounding and closing rules, configuration in force
ledger-proofs.json    ledger proofs of every event behind the statement, up to the statement's signed checkpoint
ledger-public-key.pem the public key of that checkpoint (compare with the plant's published key)
epcis.jsonld          EPCIS 2.0 document of the lot's trace
manifest.json         SHA-256 and size of every file above
manifest.sig.json     Ed25519 signature of manifest.json's bytes (base64), key id and public key

Check: sha256sum each file against manifest.json; the signature with the plant's public key, e.g.
  jq -r .signature manifest.sig.json | base64 -d > manifest.sig
  openssl pkeyutl -verify -pubin -inkey plant-public.pem -rawin -in manifest.json -sigfile manifest.sig
the ledger proofs: npm run verify-proof -- ledger-proofs.json plant-public.pem
`;

function jsonFile(name: string, value: unknown): ArchiveFile {
  return { name, bytes: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') };
}

/**
 * The evidence pack of a frozen statement (issue 9, item 9b): one ZIP with the statement, the
 * genealogy and runs behind it, reconciliation and overrides, document hashes, configuration,
 * ledger proofs against the statement's signed checkpoint, the EPCIS document, and a manifest of
 * every file's SHA-256 signed with the ledger's key. Auditors and admins only: it names suppliers.
 */
export class EvidencePacks {
  private readonly statements = new StatementStore();
  private readonly genealogy = new GenealogyStore();
  private readonly store = new EvidencePackStore();
  private readonly configurations = new ConfigurationStore();
  private readonly restatements = new RestatementStore();
  private readonly liveStatements: StatementApplication;

  constructor(private readonly dependencies: EvidencePackDependencies) {
    this.liveStatements = new StatementApplication({ dataSource: dependencies.dataSource });
  }

  /** The configuration version the statement was issued under, and every version up to it (who changed what, when, why). */
  private async configurationOf(version: number | undefined) {
    if (version === undefined) {
      return {
        configurationVersion: null,
        configurationHistory: [],
        note: 'The statement was issued before configuration versions were recorded: the method version and rules above are those it states.',
      };
    }
    const history = (await this.configurations.all(this.dependencies.dataSource)).filter(
      (each) => each.version <= version,
    );
    return {
      configurationVersion: history.find((each) => each.version === version) ?? null,
      configurationHistory: history,
    };
  }

  async packOf(principal: Principal, statementId: string): Promise<EvidencePack> {
    if (!hasRole(principal, 'auditor', 'admin')) {
      throw new TraceabilityError({
        code: 'FORBIDDEN',
        field: 'caller',
        value: principal.roles.join(',') || 'none',
        rule: 'evidence packs are for auditors and admins',
      });
    }
    const { dataSource, ledger, epcis, reconciliation } = this.dependencies;
    const statement = await this.statements.byId(dataSource, statementId);
    if (!statement) {
      throw new TraceabilityError({
        code: 'UNKNOWN_STATEMENT',
        field: 'statementId',
        value: statementId,
        rule: 'must be a frozen statement the traceability service issued',
      });
    }
    const { lotId } = statement;
    const now = (this.dependencies.clock ?? (() => new Date()))();
    const elements = statement.elements.map((each) => each.element);
    // The genealogy as recorded when the statement was issued, when it gives the statement's inputs
    // hash (it does unless the facts' recorded times and the issuing clock disagree); else today's.
    const asIssued = await this.liveStatements
      .recycledContentStatement(principal, lotId, elements, statement.issuedAt)
      .catch(() => undefined);
    const asOf = asIssued?.inputsSha256 === statement.inputsSha256 ? statement.issuedAt : undefined;
    const upstream = await this.genealogy.upstreamOf(dataSource, lotId, asOf);
    const statedElements = statement.elements.filter((each) => each.stated).map((each) => each.element);
    const genealogy = statementGenealogyOf(upstream, lotId, statedElements);
    const live = await this.liveStatements.recycledContentStatement(principal, lotId, elements);

    const runs = await Promise.all(
      genealogy.runs.map((run) => reconciliation.run(run.runId, undefined, asOf)),
    );
    const reconciled = runs.flatMap((run) => (run ? [run] : []));

    const bundle = await ledger.proofsBehindLot(lotId);
    const shipmentEventId = await this.store.shipmentEventIdOf(dataSource, statement.shipmentId, lotId);
    const shipmentProof =
      shipmentEventId === undefined ? undefined : await ledger.proofOfEvent(shipmentEventId);
    const statementSequence =
      shipmentProof?.status === 'PROVEN'
        ? shipmentProof.proof.checkpoint.sequence
        : Math.max(0, ...bundle.proofs.map((proof) => proof.checkpoint.sequence));
    const behind: LedgerProof[] = bundle.proofs.filter(
      (proof) => proof.checkpoint.sequence <= statementSequence,
    );
    const after = [
      ...bundle.proofs
        .filter((proof) => proof.checkpoint.sequence > statementSequence)
        .map((p) => p.event.eventId),
      ...bundle.pendingEventIds,
    ];
    const firstSequence = Math.min(statementSequence, ...behind.map((proof) => proof.checkpoint.sequence));
    const checkpointChain = (await ledger.checkpoints())
      .filter((each) => each.sequence >= firstSequence && each.sequence <= statementSequence)
      .map(({ reason: _reason, requestedBy: _requestedBy, createdAt: _createdAt, ...signed }) => signed);
    const statementCheckpoint = checkpointChain.find((each) => each.sequence === statementSequence);
    const checkpointKey = (await ledger.publicKeys()).find((key) => key.keyId === statementCheckpoint?.keyId);

    const files: ArchiveFile[] = [
      { name: 'README.txt', bytes: Buffer.from(README, 'utf8') },
      jsonFile('statement.json', statement),
      jsonFile('genealogy.json', {
        ...genealogy,
        basis: asOf ? 'AS_RECORDED_AT_ISSUE' : 'CURRENT',
        asOf: asOf?.toISOString() ?? now.toISOString(),
        note: "AS_RECORDED_AT_ISSUE: the facts as recorded at the statement's issue time, which give its inputsSha256; CURRENT: today's facts (the recorded ones did not reproduce the hash). standsOnCurrentFacts: whether today's facts still give it.",
        inputsSha256Now: live.inputsSha256,
        standsOnCurrentFacts: live.inputsSha256 === statement.inputsSha256,
      }),
      jsonFile('restatements.json', {
        note: 'Corrections recorded after issue that changed the figures: the new figures, what changed, the events that changed them. The frozen statement itself never changes.',
        restatements: await this.restatements.ofStatement(dataSource, statement.statementId),
      }),
      jsonFile('reconciliation.json', {
        closingRule: RECONCILIATION_CLOSING_RULE,
        basis: asOf ? 'AS_RECORDED_AT_ISSUE' : 'CURRENT',
        runs: reconciled,
        overrides: reconciled.flatMap((run) => (run.override ? [run.override] : [])),
        runsNotClosed: reconciled
          .filter((run) => !run.closes)
          .map((run) => ({ runId: run.runId, status: run.status })),
      }),
      jsonFile('documents.json', sourceDocumentsOf(behind)),
      jsonFile('configuration.json', {
        methodVersion: statement.methodVersion,
        chainOfCustodyModel: statement.chainOfCustodyModel,
        roundingRule: statement.roundingRule,
        uncertaintyMethod: statement.uncertaintyMethod,
        carbonFootprintMethod: statement.carbonFootprintMethod,
        reconciliationClosingRule: RECONCILIATION_CLOSING_RULE,
        ledgerKeyId: statementCheckpoint?.keyId ?? null,
        ...(await this.configurationOf(statement.configurationVersion)),
      }),
      jsonFile('ledger-proofs.json', {
        format: PROOF_BUNDLE_FORMAT,
        subject: lotId,
        statementId: statement.statementId,
        proofs: behind,
        pendingEventIds: [],
        statementCheckpoint: statementCheckpoint ?? null,
        checkpointChain,
        eventsAfterStatement: after,
      }),
      ...(checkpointKey
        ? [{ name: 'ledger-public-key.pem', bytes: Buffer.from(checkpointKey.publicKeyPem, 'utf8') }]
        : []),
      jsonFile('epcis.jsonld', await epcis.documentOf(principal, lotId)),
    ];
    const manifest = manifestOf(files, { statementId: statement.statementId, lotId, createdAt: now });
    const manifestFile = jsonFile(MANIFEST_FILE, manifest);
    const signed = await ledger.signDetached(manifestFile.bytes);
    const signature: ManifestSignature = {
      format: EVIDENCE_SIGNATURE_FORMAT,
      signedFile: MANIFEST_FILE,
      algorithm: 'Ed25519',
      ...signed,
    };
    return {
      fileName: `evidence-${statement.statementId}.zip`,
      bytes: zipArchive([...files, manifestFile, jsonFile(MANIFEST_SIGNATURE_FILE, signature)]),
      manifest,
    };
  }
}

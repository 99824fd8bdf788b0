import 'reflect-metadata';
import type { Principal } from '@rre/auth';
import { EmbeddedPostgres, openServiceDatabase } from '@rre/persistence';
import {
  attributeToSources,
  downstreamGenealogyOf,
  type GenealogyLot,
  type GenealogyRun,
  genealogyOf,
  RecallApplication,
  SourceShares,
  TraceabilityApplication,
  traceabilityMigrations,
  traceForward,
} from '@rre/traceability';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { machineDescription, percentile, table } from './bench-report';
import { type BenchGenealogy, writeBenchGenealogy } from './trace-bench-genealogy';
import { measureRebuild } from './trace-rebuild-load';

// `npm run bench:trace`: backward and forward trace latency (p50/p95) for deep and wide lots on a
// genealogy of BENCH_LOTS lots (default 100,000) written straight into traceability's tables (the
// bench measures the trace queries, not ingestion: see trace-bench-genealogy.ts), through the
// service's use cases (TraceabilityApplication.backwardTrace, RecallApplication.forwardTrace), beside
// a naive per-hop loop (one SQL query per lot and one per run reached) that reads the same rows and
// runs the same allocation. On PGlite (served over the wire protocol, as embedded) and PostgreSQL.
// Then rebuild speed: BENCH_REBUILD_EVENTS events through real outboxes, rebuilt into a fresh schema
// from the outboxes and (with KAFKA_BROKERS) from Kafka.
const LOTS = Number(process.env.BENCH_LOTS ?? 100_000);
const WIDTH = Number(
  process.env.BENCH_WIDE_SOURCES ?? Math.min(3_000, Math.max(100, Math.floor(LOTS * 0.03))),
);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
/** Events published to the outboxes and rebuilt from (0: no rebuild measurement). */
const REBUILD_EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? Math.min(20_000, LOTS));
const rebuildLines: string[] = [];
const TARGET_REBUILD_EVENTS_PER_SECOND = 10_000;
/** With KAFKA_BROKERS set, the rebuild is measured from Kafka too (topics of the bench's own). */
const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const kafka =
  kafkaBrokers.length > 0
    ? new Kafka({ clientId: 'rre-trace-bench', brokers: kafkaBrokers, logLevel: logLevel.ERROR })
    : undefined;
const TARGET_P95_MS = 100;
const databases = (process.env.BENCH_DATABASE ?? 'pglite,postgres').split(',');
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/trace_bench';

const auditor: Principal = {
  subject: 'usr-bench-auditor',
  organisationId: 'org-audit',
  roles: ['auditor'],
  clientKind: 'user',
  tokenId: undefined,
} as unknown as Principal;

interface LotRow {
  lot_id: string;
  lot_code: string | null;
  source_category: string | null;
  supplier_organisation_id: string | null;
  country_of_origin: string | null;
  mass_kg: string | null;
  composition: { element: string; fraction: string }[];
  produced_by_run_id: string | null;
  output_role: string | null;
  first_service: string;
}

/** The baseline: one query per lot and one per run, hop by hop. */
class PerHopReader {
  queries = 0;
  constructor(
    private readonly client: Client,
    private readonly schema: string,
  ) {}

  async lot(lotId: string): Promise<GenealogyLot | undefined> {
    this.queries++;
    const { rows } = await this.client.query<LotRow>(
      `SELECT lot_id, lot_code, source_category, supplier_organisation_id, country_of_origin, mass_kg::text AS mass_kg,
              composition, produced_by_run_id, output_role, first_service
       FROM "${this.schema}".trace_lot WHERE lot_id = $1`,
      [lotId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      lotId: row.lot_id,
      lotCode: row.lot_code ?? undefined,
      sourceCategory: (row.source_category ?? undefined) as GenealogyLot['sourceCategory'],
      supplierOrganisationId: row.supplier_organisation_id ?? undefined,
      countryOfOrigin: row.country_of_origin ?? undefined,
      massKg: row.mass_kg ?? undefined,
      composition: Object.fromEntries(row.composition.map((each) => [each.element, each.fraction])),
      producedByRunId: row.produced_by_run_id ?? undefined,
      outputRole: row.output_role ?? undefined,
      service: row.first_service,
    };
  }

  /** The run with its takes and outputs, in one query. */
  async run(runId: string): Promise<GenealogyRun> {
    this.queries++;
    const { rows } = await this.client.query<{
      service: string;
      status: string;
      inputs: { lot_id: string; mass_kg: string }[] | null;
      outputs: { lot_id: string; output_role: string; mass_kg: string }[] | null;
    }>(
      `SELECT r.service, r.status,
         (SELECT json_agg(json_build_object('lot_id', lot_id, 'mass_kg', mass_kg::text)) FROM
            (SELECT lot_id, sum(mass_kg) AS mass_kg FROM "${this.schema}".trace_movement
             WHERE run_id = r.run_id AND kind <> 'RETURN' GROUP BY lot_id) m) AS inputs,
         (SELECT json_agg(json_build_object('lot_id', lot_id, 'output_role', output_role, 'mass_kg', mass_kg::text))
            FROM "${this.schema}".trace_lot WHERE produced_by_run_id = r.run_id) AS outputs
       FROM "${this.schema}".trace_run r WHERE r.run_id = $1`,
      [runId],
    );
    const row = rows[0];
    if (!row) throw new Error(`no run ${runId}`);
    return {
      runId,
      service: row.service,
      status: row.status,
      inputs: (row.inputs ?? []).map((input) => ({
        lotId: input.lot_id,
        role: 'INPUT' as const,
        netMassKg: input.mass_kg,
      })),
      outputs: (row.outputs ?? []).map((output) => ({
        lotId: output.lot_id,
        role: output.output_role,
        massKg: output.mass_kg,
      })),
      lossesKg: {},
    };
  }

  async runIdsTaking(lotId: string): Promise<string[]> {
    this.queries++;
    const { rows } = await this.client.query<{ run_id: string }>(
      `SELECT DISTINCT run_id FROM "${this.schema}".trace_movement WHERE lot_id = $1 AND kind <> 'RETURN'`,
      [lotId],
    );
    return rows.map((row) => row.run_id);
  }

  /** Upstream of the given lots, a lot or run at a time. */
  async upstream(
    start: readonly string[],
    lots = new Map<string, GenealogyLot>(),
    runs = new Map<string, GenealogyRun>(),
  ): Promise<void> {
    const pending = [...start];
    const expanded = new Set<string>();
    while (pending.length > 0) {
      const id = pending.pop() as string;
      if (lots.has(id)) continue;
      const lot = await this.lot(id);
      if (!lot) continue;
      lots.set(id, lot);
      const runId = lot.producedByRunId;
      if (runId === undefined || expanded.has(runId)) continue;
      expanded.add(runId);
      const run = runs.get(runId) ?? (await this.run(runId));
      runs.set(runId, run);
      for (const each of [...run.inputs, ...run.outputs]) if (!lots.has(each.lotId)) pending.push(each.lotId);
    }
  }

  async backwardTrace(lotId: string, element: string) {
    const lots = new Map<string, GenealogyLot>();
    const runs = new Map<string, GenealogyRun>();
    await this.upstream([lotId], lots, runs);
    const genealogy = genealogyOf([...lots.values()], [...runs.values()]);
    return attributeToSources(genealogy, lotId, element, new SourceShares(genealogy));
  }

  async forwardTrace(lotId: string, element: string) {
    const runs = new Map<string, GenealogyRun>();
    const reached = new Set([lotId]);
    const pending = [lotId];
    while (pending.length > 0) {
      for (const runId of await this.runIdsTaking(pending.pop() as string)) {
        if (runs.has(runId)) continue;
        const run = await this.run(runId);
        runs.set(runId, run);
        for (const output of run.outputs)
          if (!reached.has(output.lotId)) {
            reached.add(output.lotId);
            pending.push(output.lotId);
          }
      }
    }
    const lots = new Map<string, GenealogyLot>();
    await this.upstream([...reached], lots, runs);
    const genealogy = downstreamGenealogyOf([...lots.values()], [...runs.values()], []);
    return traceForward(genealogy, lotId, element, new SourceShares(genealogy));
  }
}

interface Case {
  name: string;
  lotIds: readonly string[];
  measure: (lotId: string) => Promise<unknown>;
  naive: (lotId: string) => Promise<unknown>;
}

async function time(lotIds: readonly string[], run: (lotId: string) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    const lotId = lotIds[i % lotIds.length] as string;
    const started = performance.now();
    await run(lotId);
    if (i >= 2) samples.push(performance.now() - started);
  }
  return samples;
}

async function benchOn(name: string, url: string): Promise<string[][]> {
  const schema = `trace_bench_${ulid().toLowerCase()}`;
  const dataSource: DataSource = await openServiceDatabase({
    url,
    service: schema,
    poolSize: 2,
    entities: [],
    migrations: traceabilityMigrations,
  });
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let started = performance.now();
    const genealogy: BenchGenealogy = await writeBenchGenealogy(client, schema, LOTS, WIDTH);
    console.info(
      `${name}: wrote ${genealogy.lots} lots, ${genealogy.runs} runs, ${genealogy.movements} takes ` +
        `(deepest chain ${genealogy.maxDepth} runs, wide blends of ${genealogy.wideWidth} source lots) ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const backward = new TraceabilityApplication({ dataSource });
    const forward = new RecallApplication({ dataSource });
    const naive = new PerHopReader(client, schema);
    const cases: Case[] = [
      {
        name: 'backward, deep',
        lotIds: genealogy.deepProducts,
        measure: (id) => backward.backwardTrace(auditor, id, 'Tb'),
        naive: (id) => naive.backwardTrace(id, 'Tb'),
      },
      {
        name: 'backward, wide',
        lotIds: genealogy.wideProducts,
        measure: (id) => backward.backwardTrace(auditor, id, 'Tb'),
        naive: (id) => naive.backwardTrace(id, 'Tb'),
      },
      {
        name: 'forward, deep',
        lotIds: genealogy.deepSources,
        measure: (id) => forward.forwardTrace(auditor, id, 'Tb'),
        naive: (id) => naive.forwardTrace(id, 'Tb'),
      },
      {
        name: 'forward, wide',
        lotIds: genealogy.wideSources,
        measure: (id) => forward.forwardTrace(auditor, id, 'Tb'),
        naive: (id) => naive.forwardTrace(id, 'Tb'),
      },
    ];
    const rows: string[][] = [];
    for (const each of cases) {
      started = performance.now();
      const measured = await time(each.lotIds, each.measure);
      naive.queries = 0;
      const baseline = await time(each.lotIds, each.naive);
      const queriesPerTrace = Math.round(naive.queries / (SAMPLES + 2));
      const p50 = percentile(measured, 50);
      const p95 = percentile(measured, 95);
      const naiveP50 = percentile(baseline, 50);
      const naiveP95 = percentile(baseline, 95);
      rows.push([
        name,
        each.name,
        p50.toFixed(1),
        p95.toFixed(1),
        p95 < TARGET_P95_MS ? 'yes' : 'NO',
        naiveP50.toFixed(1),
        naiveP95.toFixed(1),
        String(queriesPerTrace),
        `${(naiveP50 / p50).toFixed(1)}x / ${(naiveP95 / p95).toFixed(1)}x`,
        loadavg()[0]?.toFixed(2) ?? '',
      ]);
      console.info(`${name}: ${each.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    if (REBUILD_EVENTS > 0) {
      const measured = await measureRebuild(url, REBUILD_EVENTS, kafka);
      for (const [from, report, perEvent] of [
        ['the outboxes per event', measured.outboxes, undefined],
        ['the outboxes in bulk', measured.outboxesBulk, measured.outboxes],
        ['Kafka per event', measured.kafka, undefined],
        ['Kafka in bulk', measured.kafkaBulk, measured.kafka],
      ] as const) {
        if (!report) continue;
        const ratio =
          perEvent && perEvent.eventsPerSecond > 0
            ? ` (${(report.eventsPerSecond / perEvent.eventsPerSecond).toFixed(1)}x per event)`
            : '';
        rebuildLines.push(
          `${name}: rebuilt ${report.events.toLocaleString('en-US')} of ${report.logEvents.toLocaleString('en-US')} events ` +
            `from ${from} in ${report.seconds.toFixed(1)} s: ${Math.round(report.eventsPerSecond).toLocaleString('en-US')} events/s${ratio} ` +
            `(target ${TARGET_REBUILD_EVENTS_PER_SECOND.toLocaleString('en-US')}: ${report.eventsPerSecond >= TARGET_REBUILD_EVENTS_PER_SECOND ? 'met' : 'NOT met'}; ` +
            `held ${report.heldEvents}, parked ${report.parkedEvents}; load ${loadavg()[0]?.toFixed(2)})`,
        );
      }
    }
    return rows;
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await client.end();
    await dataSource.destroy();
  }
}

async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  console.info(machineDescription());
  console.info(
    `genealogy: ${LOTS.toLocaleString('en-US')} lots; ${SAMPLES} timed traces per case (after 2 warm-up); element Tb; auditor`,
  );
  const rows: string[][] = [
    [
      'database',
      'trace',
      'p50 ms',
      'p95 ms',
      `p95 < ${TARGET_P95_MS} ms`,
      'per-hop p50',
      'per-hop p95',
      'per-hop queries',
      'per-hop / measured (p50 / p95)',
      'load 1 min',
    ],
  ];
  for (const database of databases) {
    if (database === 'pglite') {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'rre-trace-bench-'));
      const embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 10 });
      try {
        rows.push(...(await benchOn('PGlite', embedded.url)));
      } finally {
        await embedded.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    } else if (database === 'postgres') {
      await ensurePostgresDatabase(postgresUrl);
      rows.push(...(await benchOn('PostgreSQL', postgresUrl)));
    } else {
      throw new Error(`BENCH_DATABASE: "${database}" is neither pglite nor postgres`);
    }
  }
  console.info(`\n${table(rows)}\n`);
  for (const line of rebuildLines) console.info(line);
  console.info(
    `load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import { PlatformClient } from './drive/platform-client';
import { drivePlant, type DriveResult } from './drive/plant-driver';
import type { TokenSource } from './drive/token-source';
import { type PlantPlan, planPlantOperation } from './plan/plant-planner';
import type { PlannedRequest } from './plan/planned-request';
import type { SimulationSettings } from './plan/simulation-settings';
import { type ParkedEvent, readDeadLetters } from './report/dead-letters';
import { type PlatformReport, readPlatformAccounts } from './report/platform-accounts';
import { type PlantReconciliation, readPlantReconciliation } from './report/plant-reconciliation';
import { readSalesBooks, type SalesReport } from './report/sales-books';

export interface SimulatePlantOptions {
  /** The GraphQL endpoint, e.g. http://localhost:3000/graphql. */
  readonly target: string;
  readonly tokens: TokenSource;
  readonly settings?: Partial<SimulationSettings>;
  /** Requests per second at most. */
  readonly rate?: number;
  readonly onProgress?: (done: number, total: number, request: PlannedRequest) => void;
  /** Read the platform's accounts back at the end (default true). */
  readonly readAccounts?: boolean;
  readonly waitTimeoutMs?: number;
  /**
   * The platform's PostgreSQL database, to read its dead letters at the end (the embedded
   * platform's PGlite is locked while it runs: none are read then).
   */
  readonly databaseUrl?: string;
}

export interface SimulatedPlant {
  readonly plan: PlantPlan;
  readonly result: DriveResult;
  readonly report?: PlatformReport;
  /** What sales reports for the simulated lots and shipments (read with `report`). */
  readonly sales?: SalesReport;
  /** Traceability's plant-level balance over the time the simulation ran (read with `report`). */
  readonly reconciliation?: PlantReconciliation;
  /** Every event parked in the platform's dead-letter tables (with `databaseUrl` only). */
  readonly deadLetters?: readonly ParkedEvent[];
}

/** Plans the period from the seed, drives the platform through it, and reads its accounts back. */
export async function simulatePlant(options: SimulatePlantOptions): Promise<SimulatedPlant> {
  const plan = planPlantOperation(options.settings);
  const client = new PlatformClient({ url: options.target, tokens: options.tokens, rate: options.rate });
  const from = new Date();
  const result = await drivePlant(plan, {
    client,
    onProgress: options.onProgress,
    waitTimeoutMs: options.waitTimeoutMs,
  });
  if (options.readAccounts === false) return { plan, result };
  const simulated = new Set(result.refs.values());
  const report = await readPlatformAccounts(client, simulated);
  const sales = await readSalesBooks(client, simulated);
  const reconciliation = await readPlantReconciliation(
    client,
    { from, to: new Date(Date.now() + 1000) },
    { runs: plan.ledger.runs.length },
  );
  const deadLetters = options.databaseUrl ? await readDeadLetters(options.databaseUrl) : undefined;
  return { plan, result, report, sales, reconciliation, ...(deadLetters ? { deadLetters } : {}) };
}

import type { Client } from 'pg';

// A synthetic genealogy written straight into traceability's tables (trace_lot, trace_run,
// trace_movement): the bench measures trace queries, not ingestion, so it skips the consumer.
// Shapes: deep campaigns (10-15 runs in a chain, each merging the previous product with fresh
// source lots and splitting into a product and a residue), wide blends (one run taking thousands of
// source lots, then three refining runs), and filler campaigns (1-6 levels) up to the lot count.

export interface BenchGenealogy {
  lots: number;
  runs: number;
  movements: number;
  /** Final products of the deep campaigns (backward, deep) and their first source lots (forward, deep). */
  deepProducts: string[];
  deepSources: string[];
  wideProducts: string[];
  wideSources: string[];
  maxDepth: number;
  wideWidth: number;
}

const CATEGORIES = ['POST_CONSUMER', 'PRE_CONSUMER', 'PRIMARY'] as const;
const COUNTRIES = ['DE', 'FR', 'CN', 'AU', 'US', 'JP', 'BR', 'ZA'];
const ELEMENTS = ['Tb', 'Dy', 'Nd'] as const;

interface Lot {
  id: string;
  massKg: number;
  /** Element mass, kg. */
  elements: Record<string, number>;
}

/** mulberry32: the same genealogy on every run and database. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BATCH = 5_000;

export class GenealogyWriter {
  private readonly rand = random(20261129);
  private lotRows: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  private runRows: unknown[][] = [[], []];
  private movementRows: unknown[][] = [[], [], [], []];
  private lotCount = 0;
  private runCount = 0;
  private movementCount = 0;
  private readonly at = new Date('2026-11-01T00:00:00Z');

  constructor(
    private readonly client: Client,
    private readonly schema: string,
  ) {}

  get lots(): number {
    return this.lotCount;
  }

  async source(): Promise<Lot> {
    const id = `L${String(++this.lotCount).padStart(7, '0')}`;
    const massKg = Math.round((50 + this.rand() * 950) * 1000) / 1000;
    const composition = ELEMENTS.map((element) => ({
      element,
      fraction: (0.001 + this.rand() * 0.05).toFixed(4),
    }));
    const category = CATEGORIES[Math.floor(this.rand() * CATEGORIES.length)] as string;
    const country = COUNTRIES[Math.floor(this.rand() * COUNTRIES.length)] as string;
    await this.addLot(id, massKg, composition, null, null, category, country);
    return {
      id,
      massKg,
      elements: Object.fromEntries(composition.map((c) => [c.element, massKg * Number(c.fraction)])),
    };
  }

  /**
   * A run taking all of each input and putting out a product (80 % of the mass, 85 % of each
   * element) and a residue (15 %, 10 %); the rest is lost.
   */
  async run(inputs: readonly Lot[]): Promise<{ product: Lot; residue: Lot }> {
    const runId = `R${String(++this.runCount).padStart(7, '0')}`;
    this.push(this.runRows, [runId, 'concentration']);
    for (const input of inputs)
      this.push(this.movementRows, [`M${++this.movementCount}`, runId, input.id, input.massKg.toFixed(3)]);
    const massIn = inputs.reduce((sum, lot) => sum + lot.massKg, 0);
    const elementIn = (element: string) => inputs.reduce((sum, lot) => sum + (lot.elements[element] ?? 0), 0);
    const output = async (role: string, massShare: number, elementShare: number): Promise<Lot> => {
      const id = `L${String(++this.lotCount).padStart(7, '0')}`;
      const massKg = Math.max(0.001, Math.round(massIn * massShare * 1000) / 1000);
      const composition = ELEMENTS.map((element) => ({
        element,
        fraction: Math.min(1, (elementIn(element) * elementShare) / massKg).toFixed(6),
      }));
      await this.addLot(id, massKg, composition, runId, role, null, null);
      return {
        id,
        massKg,
        elements: Object.fromEntries(composition.map((c) => [c.element, massKg * Number(c.fraction)])),
      };
    };
    return { product: await output('PRODUCT', 0.8, 0.85), residue: await output('RESIDUE', 0.15, 0.1) };
  }

  /** A campaign of `depth` runs: each takes the previous product and `fresh` new source lots. */
  async campaign(depth: number, fresh: () => number): Promise<{ product: Lot; firstSource: Lot }> {
    const firstSource = await this.source();
    let product = firstSource;
    for (let level = 0; level < depth; level++) {
      const inputs = [product];
      for (let i = fresh(); i > 0; i--) inputs.push(await this.source());
      product = (await this.run(inputs)).product;
    }
    return { product, firstSource };
  }

  async wide(width: number): Promise<{ product: Lot; firstSource: Lot }> {
    const sources: Lot[] = [];
    for (let i = 0; i < width; i++) sources.push(await this.source());
    let product = (await this.run(sources)).product;
    for (let level = 0; level < 3; level++)
      product = (await this.run([product, await this.source()])).product;
    return { product, firstSource: sources[0] as Lot };
  }

  randomInt(from: number, to: number): number {
    return from + Math.floor(this.rand() * (to - from + 1));
  }

  async flush(): Promise<{ lots: number; runs: number; movements: number }> {
    await this.flushLots();
    await this.flushRuns();
    await this.flushMovements();
    await this.client.query(`ANALYZE "${this.schema}".trace_lot`);
    await this.client.query(`ANALYZE "${this.schema}".trace_run`);
    await this.client.query(`ANALYZE "${this.schema}".trace_movement`);
    return { lots: this.lotCount, runs: this.runCount, movements: this.movementCount };
  }

  private async addLot(
    id: string,
    massKg: number,
    composition: { element: string; fraction: string }[],
    runId: string | null,
    role: string | null,
    category: string | null,
    country: string | null,
  ): Promise<void> {
    this.push(this.lotRows, [
      id,
      `LOT-${id}`,
      category,
      category ? `org-supplier-${id.slice(-2)}` : null,
      country,
      massKg.toFixed(3),
      JSON.stringify(composition),
      runId,
      role,
      runId ? 'concentration' : 'intake',
    ]);
    if ((this.lotRows[0] as unknown[]).length >= BATCH) {
      await this.flushLots();
      await this.flushRuns();
      await this.flushMovements();
    }
  }

  private push(columns: unknown[][], row: unknown[]): void {
    row.forEach((value, i) => (columns[i] as unknown[]).push(value));
  }

  private async flushLots(): Promise<void> {
    if ((this.lotRows[0] as unknown[]).length === 0) return;
    await this.client.query(
      `INSERT INTO "${this.schema}".trace_lot (lot_id, lot_code, source_category, supplier_organisation_id,
         country_of_origin, mass_kg, composition, produced_by_run_id, output_role, first_service,
         composition_at, composition_is_assay, first_seen_at, updated_at)
       SELECT l, c, sc, so, co, m::numeric, comp::jsonb, r, ro, fs, $11, true, $11, $11
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[], $10::text[]) AS t(l, c, sc, so, co, m, comp, r, ro, fs)`,
      [...this.lotRows, this.at],
    );
    this.lotRows = this.lotRows.map(() => []);
  }

  private async flushRuns(): Promise<void> {
    if ((this.runRows[0] as unknown[]).length === 0) return;
    await this.client.query(
      `INSERT INTO "${this.schema}".trace_run (run_id, service, kind, status, updated_at)
       SELECT r, s, 'LEACHING', 'COMPLETED', $3 FROM unnest($1::text[], $2::text[]) AS t(r, s)`,
      [...this.runRows, this.at],
    );
    this.runRows = this.runRows.map(() => []);
  }

  private async flushMovements(): Promise<void> {
    if ((this.movementRows[0] as unknown[]).length === 0) return;
    await this.client.query(
      `INSERT INTO "${this.schema}".trace_movement (movement_id, run_id, lot_id, kind, mass_kg, at)
       SELECT m, r, l, 'INPUT', k::numeric, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(m, r, l, k)`,
      [...this.movementRows, this.at],
    );
    this.movementRows = this.movementRows.map(() => []);
  }
}

/**
 * `lots` lots: 20 deep campaigns (depth 10-15, 1-2 fresh sources a level), 3 wide blends of
 * `wideWidth` sources, then filler campaigns (depth 1-6, 1-3 fresh sources a level).
 */
export async function writeBenchGenealogy(
  client: Client,
  schema: string,
  lots: number,
  wideWidth: number,
): Promise<BenchGenealogy> {
  const writer = new GenealogyWriter(client, schema);
  const deepProducts: string[] = [];
  const deepSources: string[] = [];
  const wideProducts: string[] = [];
  const wideSources: string[] = [];
  let maxDepth = 0;
  for (let i = 0; i < 20; i++) {
    const depth = 10 + (i % 6);
    maxDepth = Math.max(maxDepth, depth);
    const { product, firstSource } = await writer.campaign(depth, () => writer.randomInt(1, 2));
    deepProducts.push(product.id);
    deepSources.push(firstSource.id);
  }
  for (let i = 0; i < 3; i++) {
    const { product, firstSource } = await writer.wide(wideWidth);
    wideProducts.push(product.id);
    wideSources.push(firstSource.id);
  }
  while (writer.lots < lots) await writer.campaign(writer.randomInt(1, 6), () => writer.randomInt(1, 3));
  const counts = await writer.flush();
  return { ...counts, deepProducts, deepSources, wideProducts, wideSources, maxDepth, wideWidth };
}

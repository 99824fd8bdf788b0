import { parseDecimal, toPlainString } from '@rre/quantities';
import {
  adsorptionYield,
  drawDecimal,
  drawMagnetAssay,
  drawUnusedResourceAssay,
  FEEDSTOCKS,
  fractionOf,
  RECYCLERS,
  SeededRandom,
} from '@rre/simulator';
import Decimal from 'decimal.js';
import type { Client } from 'pg';

// A synthetic genealogy written straight into traceability's tables (trace_lot, trace_run,
// trace_movement): the bench measures trace queries, not ingestion, so it skips the consumer.
// The material is the plant simulator's (test/simulator): each source lot is a delivery of one of
// its recyclers, with the feedstock's category, mass range and assay (Tb, Dy, Nd of it), and each
// run splits what it takes as the simulator's adsorption does (an HRE concentrate as the product,
// the rest a residue, sample losses), all from one seeded generator.
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

const COUNTRIES = ['DE', 'FR', 'CN', 'AU', 'US', 'JP', 'BR', 'ZA'];
const ELEMENTS = ['Tb', 'Dy', 'Nd'] as const;

interface Lot {
  id: string;
  massKg: Decimal;
  /** Element mass, kg. */
  elements: ReadonlyMap<string, Decimal>;
}

const ZERO = parseDecimal('0');
/** Places of the fractions written for run outputs. */
const FRACTION_PLACES = 9;

const BATCH = 5_000;

export class GenealogyWriter {
  private readonly random = SeededRandom.of('trace-bench-20261129');
  private lotRows: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  private runRows: unknown[][] = [[], [], []];
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

  /** A delivery of one of the simulator's recyclers: its feedstock's category, mass and assay. */
  async source(): Promise<Lot> {
    const id = `L${String(++this.lotCount).padStart(7, '0')}`;
    const random = this.random.fork(`source-${id}`);
    const recycler = random.pick(RECYCLERS);
    const kind = random.pick(recycler.kinds);
    const feedstock = FEEDSTOCKS[kind];
    const massKg = drawDecimal(random, feedstock.massKg[0], feedstock.massKg[1], feedstock.massPlaces);
    const assay =
      feedstock.route === 'LEACHING'
        ? drawMagnetAssay(kind, random)
        : drawUnusedResourceAssay(kind, random, false);
    const composition = ELEMENTS.map((element) => {
      const content = assay.find((c) => c.element === element);
      return { element, fraction: content ? fractionOf(content) : ZERO };
    });
    const country = random.pick(COUNTRIES);
    await this.addLot(
      id,
      massKg,
      composition.map((c) => ({ element: c.element, fraction: toPlainString(c.fraction) })),
      null,
      null,
      { category: feedstock.sourceCategory, supplier: recycler.organisationId, country },
    );
    return {
      id,
      massKg,
      elements: new Map(composition.map((c) => [c.element, massKg.times(c.fraction)])),
    };
  }

  /**
   * A run taking all of each input and splitting it as the simulator's adsorption of unused
   * resources does: 90-96 % of the Dy and Tb and 15-30 % of the Nd into an HRE concentrate (the
   * product, those elements 50-70 % of its mass), the rest a residue, 0.02-0.08 % of the Dy and Tb
   * drawn as samples (lost).
   */
  async run(inputs: readonly Lot[]): Promise<{ product: Lot; residue: Lot }> {
    const runId = `R${String(++this.runCount).padStart(7, '0')}`;
    this.push(this.runRows, [runId, 'concentration', 'ADSORPTION']);
    for (const input of inputs)
      this.push(this.movementRows, [
        `M${++this.movementCount}`,
        runId,
        input.id,
        toPlainString(input.massKg),
      ]);
    const fedMassKg = inputs.reduce((sum, lot) => sum.plus(lot.massKg), ZERO);
    const fedKg = new Map<string, Decimal>(
      ELEMENTS.map((element) => [
        element,
        inputs.reduce((sum, lot) => sum.plus(lot.elements.get(element) ?? ZERO), ZERO),
      ]),
    );
    const split = adsorptionYield(this.random.fork(`run-${runId}`), fedKg, fedMassKg, 'UNUSED_RESOURCE');
    const output = async (role: 'PRODUCT' | 'RESIDUE'): Promise<Lot> => {
      const planned = split.outputs.find((o) => o.role === role);
      if (!planned) throw new Error(`the adsorption split of ${runId} has no ${role}`);
      const id = `L${String(++this.lotCount).padStart(7, '0')}`;
      const massKg = Decimal.max(planned.massKg, '0.1');
      const elements = new Map(
        ELEMENTS.map((element) => {
          const kg = Decimal.max(planned.elementKg.get(element) ?? ZERO, ZERO);
          return [element, Decimal.min(kg, massKg)] as const;
        }),
      );
      await this.addLot(
        id,
        massKg,
        ELEMENTS.map((element) => ({
          element,
          fraction: toPlainString(
            (elements.get(element) ?? ZERO).dividedBy(massKg).toDecimalPlaces(FRACTION_PLACES),
          ),
        })),
        runId,
        role,
        null,
      );
      return { id, massKg, elements };
    };
    return { product: await output('PRODUCT'), residue: await output('RESIDUE') };
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
    return this.random.integer(from, to);
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
    massKg: Decimal,
    composition: { element: string; fraction: string }[],
    runId: string | null,
    role: string | null,
    source: { category: string; supplier: string; country: string } | null,
  ): Promise<void> {
    this.push(this.lotRows, [
      id,
      `LOT-${id}`,
      source?.category ?? null,
      source?.supplier ?? null,
      source?.country ?? null,
      toPlainString(massKg),
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
       SELECT r, s, k, 'COMPLETED', $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(r, s, k)`,
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

import { attributeToSources, SourceShares } from './attribute-to-sources';
import { elementMassOf, runElementFlows } from './element-flows';
import { downstreamGenealogyOf, type Shipment, traceForward } from './forward-trace';
import { type Genealogy, type GenealogyLot, type GenealogyRun, genealogyOf } from './genealogy';
import { gcd, Rational, scaledIntegerToText } from './rational';

// The trace computes shares as integers over one denominator per run and reduces a share only when
// read; this checks it against the allocation written out plainly (reduced rationals at every step,
// a largest-remainder split over all shares) on seeded random genealogies: merges, splits, partial
// and repeated takes, losses, runs that put out more than went in, runs the genealogy lacks,
// lots without the element.

interface ReferenceShare {
  share: Rational;
  paths: Set<string>;
}

function referenceShares(
  genealogy: Genealogy,
  lotId: string,
  element: string,
  memo = new Map<string, Map<string, ReferenceShare>>(),
): Map<string, ReferenceShare> {
  const known = memo.get(lotId);
  if (known) return known;
  const shares = new Map<string, ReferenceShare>();
  const add = (source: string, share: Rational, paths: string[]) => {
    const entry = shares.get(source) ?? { share: Rational.ZERO, paths: new Set<string>() };
    entry.share = entry.share.plus(share);
    for (const path of paths) entry.paths.add(path);
    shares.set(source, entry);
  };
  const runId = genealogy.lot(lotId)?.producedByRunId;
  const run = runId === undefined ? undefined : genealogy.run(runId);
  if (runId === undefined) add(lotId, Rational.ONE, ['']);
  else if (!run) add('', Rational.ONE, [runId]);
  else {
    const flows = runElementFlows(genealogy, run, element);
    const denominator = flows.totalInKg.compare(flows.totalOutKg) >= 0 ? flows.totalInKg : flows.totalOutKg;
    if (denominator.isZero()) add('', Rational.ONE, [runId]);
    else {
      for (const [input, contributed] of flows.contributed) {
        if (!contributed.isPositive()) continue;
        for (const [source, upstream] of referenceShares(genealogy, input, element, memo)) {
          add(
            source,
            contributed.dividedBy(denominator).times(upstream.share),
            [...upstream.paths].map((path) => (path === '' ? runId : `${path}>${runId}`)),
          );
        }
      }
      const attributed = flows.totalInKg.dividedBy(denominator);
      if (attributed.compare(Rational.ONE) < 0) add('', Rational.ONE.minus(attributed), [runId]);
    }
  }
  memo.set(lotId, shares);
  return shares;
}

/** [source or "unattributed", share n/d, exact kg, attributed kg, paths] per line, sources by id, unattributed last. */
function referenceTrace(genealogy: Genealogy, lotId: string, element: string) {
  const totalMg = elementMassOf(genealogy, lotId, element).roundedToScaledInteger(6);
  const entries = [...referenceShares(genealogy, lotId, element)]
    .filter(([, each]) => each.share.isPositive())
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1));
  const common = entries.reduce(
    (lcm, [, each]) => (lcm * each.share.denominator) / gcd(lcm, each.share.denominator),
    1n,
  );
  const weights = entries.map(([, each]) => each.share.numerator * (common / each.share.denominator));
  const sum = weights.reduce((total, weight) => total + weight, 0n);
  const parts = weights.map((weight) => (sum === 0n ? 0n : (totalMg * weight) / sum));
  let left = totalMg - parts.reduce((total, part) => total + part, 0n);
  const order = weights
    .map((weight, index) => ({ remainder: sum === 0n ? 0n : (totalMg * weight) % sum, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left <= 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    left -= 1n;
  }
  const exactElementMassKg = elementMassOf(genealogy, lotId, element);
  return {
    elementMassKg: scaledIntegerToText(totalMg, 6),
    lines: entries.map(([source, each], i) => [
      source === '' ? 'unattributed' : source,
      `${each.share.numerator}/${each.share.denominator}`,
      exactElementMassKg.times(each.share).toDecimalString(40),
      scaledIntegerToText(parts[i] as bigint, 6),
      [...each.paths].sort(),
    ]),
  };
}

/** A small seeded generator (mulberry32): the same genealogies on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomGenealogy(seed: number): { lots: GenealogyLot[]; runs: GenealogyRun[] } {
  const random = seeded(seed);
  const int = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const decimal = (whole: number, places: number) =>
    `${int(0, whole)}.${String(int(0, 10 ** places - 1)).padStart(places, '0')}`;
  const fraction = () =>
    `0.${String(int(0, 10 ** 9 - 1))
      .padStart(9, '0')
      .slice(0, int(1, 9))}`;
  const composition = (): Record<string, string> => {
    const each: Record<string, string> = {};
    if (random() < 0.9) each['Tb'] = fraction();
    if (random() < 0.6) each['Dy'] = fraction();
    return each;
  };
  const lots: GenealogyLot[] = [];
  const runs: GenealogyRun[] = [];
  for (let i = int(2, 7); i > 0; i--)
    lots.push({ lotId: `S${lots.length}`, massKg: decimal(500, int(0, 3)), composition: composition() });
  for (let r = int(1, 7); r > 0; r--) {
    const runId = `R${r}`;
    const inputs: GenealogyRun['inputs'][number][] = [];
    for (let i = int(1, 5); i > 0; i--) {
      const lot = lots[int(0, lots.length - 1)] as GenealogyLot;
      inputs.push({
        lotId: lot.lotId,
        role: 'INPUT',
        netMassKg: random() < 0.05 ? '0' : decimal(200, int(0, 3)),
      });
    }
    const outputs = Array.from({ length: int(1, 3) }, (_, o) => ({
      lotId: `${runId}-O${o}`,
      role: o === 0 ? 'PRODUCT' : 'RESIDUE',
      massKg: decimal(300, int(0, 3)),
    }));
    // A run the genealogy lacks (its events not received): its outputs are unattributed.
    const missing = random() < 0.1;
    if (!missing)
      runs.push({
        runId,
        service: 'concentration',
        status: 'COMPLETED',
        inputs,
        outputs,
        lossesKg: random() < 0.3 ? { Tb: decimal(2, 4) } : {},
      });
    for (const output of outputs)
      lots.push({
        lotId: output.lotId,
        massKg: output.massKg,
        composition: composition(),
        producedByRunId: runId,
      });
  }
  return { lots, runs };
}

describe('attributeToSources and traceForward against the allocation written out plainly (seeded random genealogies)', () => {
  it('states the same shares, exact and attributed kg and paths for every lot, element and source', () => {
    let lines = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const { lots, runs } = randomGenealogy(seed);
      const genealogy = genealogyOf(lots, runs);
      const shares = new SourceShares(genealogy);
      for (const lot of lots) {
        for (const element of ['Tb', 'Dy']) {
          const trace = attributeToSources(genealogy, lot.lotId, element, shares);
          const expected = referenceTrace(genealogy, lot.lotId, element);
          expect([seed, trace.elementMassKg]).toEqual([seed, expected.elementMassKg]);
          expect(
            trace.sources.map((each) => [
              each.source?.lotId ?? 'unattributed',
              `${each.share.numerator}/${each.share.denominator}`,
              each.exactKg.toDecimalString(40),
              each.attributedKg,
              each.paths.map((path) => path.join('>')),
            ]),
          ).toEqual(expected.lines);
          // The share's decimal text from the unreduced share reads as the reduced Rational's.
          for (const places of [0, 3, 12, 30]) {
            expect(trace.sources.map((each) => each.shareDecimal(places))).toEqual(
              trace.sources.map((each) => each.share.toDecimalString(places)),
            );
          }
          lines += trace.sources.length;
        }
      }
    }
    expect(lines).toBeGreaterThan(1_000);
  });

  it("states each downstream lot's line of its backward trace, and what each shipment carried", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { lots, runs } = randomGenealogy(seed);
      const shipments: Shipment[] = lots
        .filter((_, i) => i % 3 === 0)
        .map((lot, i) => ({
          shipmentId: `SH${i}`,
          lotId: lot.lotId,
          orderId: `O${i}`,
          netMassKg: '1.5',
          shippedAt: new Date(Date.UTC(2026, 10, 1 + i)),
        }));
      const genealogy = downstreamGenealogyOf(lots, runs, shipments);
      for (const source of lots.filter((lot) => lot.producedByRunId === undefined)) {
        const trace = traceForward(genealogy, source.lotId, 'Tb');
        for (const downstream of trace.lots) {
          const expected = referenceTrace(genealogy, downstream.lot.lotId, 'Tb');
          const line = expected.lines.find(([id]) => id === source.lotId);
          expect([seed, downstream.lot.lotId, downstream.elementMassKg]).toEqual([
            seed,
            downstream.lot.lotId,
            expected.elementMassKg,
          ]);
          expect([
            `${downstream.share.numerator}/${downstream.share.denominator}`,
            downstream.attributedKg,
            downstream.paths.map((path) => path.join('>')),
          ]).toEqual(line ? [line[1], line[3], line[4]] : ['0/1', '0.000000', []]);
        }
        const shareOf = (lotId: string) =>
          lotId === source.lotId
            ? Rational.ONE
            : [...referenceShares(genealogy, lotId, 'Tb')].find(([id]) => id === source.lotId)?.[1].share;
        expect(trace.shipments.map((reach) => [reach.shipment.shipmentId, reach.attributedKg])).toEqual(
          trace.shipments.map((reach) => {
            const fraction = genealogy.lot(reach.shipment.lotId)?.composition['Tb'] ?? '0';
            const exact = Rational.fromDecimal('1.5')
              .times(Rational.fromDecimal(fraction))
              .times(shareOf(reach.shipment.lotId) ?? Rational.ZERO);
            return [reach.shipment.shipmentId, scaledIntegerToText(exact.roundedToScaledInteger(6), 6)];
          }),
        );
      }
    }
  });
});

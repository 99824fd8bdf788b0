import { parseDecimal } from '@rre/quantities';
import type Decimal from 'decimal.js';
import { decimalText, drawDecimal, roundUpTo } from '../random/decimal-draw';
import type { SeededRandom } from '../random/seeded-random';

/**
 * What recyclers deliver, with the figures of ../shared/DOMAIN.md ("Feedstocks"): compositions in
 * wt % (magnets) or ppm (unused resources) as a lab reports them, each with its absolute standard
 * uncertainty, and lot masses per delivery. Figures marked (est.) there are estimates here too.
 */

export type MaterialKind =
  | 'EV_MOTOR_MAGNET'
  | 'COMPRESSOR_MAGNET'
  | 'HDD_MAGNET'
  | 'WIND_GENERATOR_MAGNET'
  | 'MAGNET_SWARF_SLUDGE'
  | 'LOW_GRADE_ORE'
  | 'TAILINGS'
  | 'PROCESS_RESIDUE';
export type SourceCategory = 'POST_CONSUMER' | 'PRE_CONSUMER' | 'PRIMARY';
export type ConcentrationRoute = 'LEACHING' | 'ADSORPTION';

/** One element of an assay as the lab sends it: value and uncertainty in wt % (P1) or ppm (59). */
export interface AssayContent {
  readonly element: string;
  readonly value: string;
  readonly unit: 'P1' | '59';
  readonly uncertainty: string;
}

/** The plain fraction (C62) of an assay content: P1 / 100, ppm / 1,000,000, exactly. */
export function fractionOf(content: AssayContent): Decimal {
  return parseDecimal(content.value).dividedBy(content.unit === 'P1' ? '100' : '1000000');
}

export function uncertaintyFractionOf(content: AssayContent): Decimal {
  return parseDecimal(content.uncertainty).dividedBy(content.unit === 'P1' ? '100' : '1000000');
}

export interface Feedstock {
  readonly materialKind: MaterialKind;
  readonly sourceCategory: SourceCategory;
  readonly route: ConcentrationRoute;
  /** Net mass of one delivery, kg, and the scale's resolution in decimal places. */
  readonly massKg: readonly [string, string];
  readonly massPlaces: number;
  readonly description: string;
}

export const FEEDSTOCKS: Readonly<Record<MaterialKind, Feedstock>> = {
  // 1-2 kg of magnet per motor, 50-250 motors' rotors per delivery.
  EV_MOTOR_MAGNET: {
    materialKind: 'EV_MOTOR_MAGNET',
    sourceCategory: 'POST_CONSUMER',
    route: 'LEACHING',
    massKg: ['80', '400'],
    massPlaces: 1,
    description: 'EV traction motor magnets',
  },
  // 0.1-0.3 kg per compressor (est.), 300-2,000 units per delivery.
  COMPRESSOR_MAGNET: {
    materialKind: 'COMPRESSOR_MAGNET',
    sourceCategory: 'POST_CONSUMER',
    route: 'LEACHING',
    massKg: ['60', '400'],
    massPlaces: 1,
    description: 'air-conditioner compressor magnets',
  },
  HDD_MAGNET: {
    materialKind: 'HDD_MAGNET',
    sourceCategory: 'POST_CONSUMER',
    route: 'LEACHING',
    massKg: ['20', '150'],
    massPlaces: 1,
    description: 'HDD voice-coil magnets',
  },
  // 600-2,000 kg per generator.
  WIND_GENERATOR_MAGNET: {
    materialKind: 'WIND_GENERATOR_MAGNET',
    sourceCategory: 'POST_CONSUMER',
    route: 'LEACHING',
    massKg: ['600', '2000'],
    massPlaces: 0,
    description: 'wind-generator magnets',
  },
  MAGNET_SWARF_SLUDGE: {
    materialKind: 'MAGNET_SWARF_SLUDGE',
    sourceCategory: 'PRE_CONSUMER',
    route: 'LEACHING',
    massKg: ['150', '900'],
    massPlaces: 1,
    description: 'magnet-factory swarf and grinding sludge',
  },
  LOW_GRADE_ORE: {
    materialKind: 'LOW_GRADE_ORE',
    sourceCategory: 'PRIMARY',
    route: 'ADSORPTION',
    massKg: ['5000', '20000'],
    massPlaces: -1,
    description: 'low-grade ore',
  },
  TAILINGS: {
    materialKind: 'TAILINGS',
    sourceCategory: 'PRIMARY',
    route: 'ADSORPTION',
    massKg: ['5000', '15000'],
    massPlaces: -1,
    description: 'tailings',
  },
  PROCESS_RESIDUE: {
    materialKind: 'PROCESS_RESIDUE',
    sourceCategory: 'PRIMARY',
    route: 'ADSORPTION',
    massKg: ['500', '3000'],
    massPlaces: 0,
    description: 'process residue',
  },
};

type Range = readonly [string, string];

/** Relative standard uncertainty of an ICP-OES figure: 2 % for majors, 5 % below 1 wt %; ICP-MS ppm 8 %. */
function uncertaintyOf(value: Decimal, unit: 'P1' | '59'): string {
  const relative = unit === '59' ? '0.08' : value.greaterThanOrEqualTo('1') ? '0.02' : '0.05';
  const places = unit === '59' ? 1 : 3;
  const floor = unit === '59' ? '0.1' : '0.001';
  const u = roundUpTo(value.times(relative), places);
  return decimalText(u.lessThan(floor) ? parseDecimal(floor) : u);
}

function content(element: string, value: Decimal, unit: 'P1' | '59'): AssayContent {
  return { element, value: decimalText(value), unit, uncertainty: uncertaintyOf(value, unit) };
}

interface MagnetGrade {
  readonly dy: Range;
  readonly tb: Range;
}

/** Magnet grades: Dy and Tb by application; Tb mainly in grain-boundary-diffused EV grades (est.). */
function magnetGrade(kind: MaterialKind, random: SeededRandom): MagnetGrade {
  switch (kind) {
    case 'EV_MOTOR_MAGNET':
      return random.chance(0.4) ? { dy: ['3', '6'], tb: ['0.3', '1'] } : { dy: ['4', '8'], tb: ['0', '0.1'] };
    case 'COMPRESSOR_MAGNET':
      return { dy: ['3', '8'], tb: ['0', '0.5'] };
    case 'HDD_MAGNET':
      return { dy: ['0', '0.5'], tb: ['0', '0'] };
    case 'WIND_GENERATOR_MAGNET':
      return { dy: ['1', '4'], tb: ['0', '0.5'] };
    default:
      // Swarf is the parent grade of the magnet factory's production (EV and compressor grades).
      return { dy: ['3', '8'], tb: ['0', '1'] };
  }
}

/**
 * A sintered NdFeB magnet assay in wt %: total rare earths 30-32, Dy and Tb by grade, Pr 3-7, Nd the
 * rest of the rare earths (20-30), B about 1, Co 0.4-3, Al and Cu traces, Fe the balance. Swarf and
 * sludge carry oxygen (2-8 %) and carbon (0.1-1 %) and proportionally less of everything else.
 */
export function drawMagnetAssay(kind: MaterialKind, random: SeededRandom): AssayContent[] {
  const grade = magnetGrade(kind, random);
  const totalRareEarths = drawDecimal(random, '30', '32', 3);
  const dy = drawDecimal(random, grade.dy[0], grade.dy[1], 3);
  const tb = drawDecimal(random, grade.tb[0], grade.tb[1], 3);
  const prCeiling = totalRareEarths.minus(dy).minus(tb).minus('20');
  const pr = prCeiling.lessThan('3')
    ? parseDecimal('3')
    : drawDecimal(
        random,
        '3',
        decimalText(prCeiling.greaterThan('7') ? parseDecimal('7') : prCeiling.floor()),
        3,
      );
  const nd = totalRareEarths.minus(dy).minus(tb).minus(pr);
  let parts: [string, Decimal][] = [
    ['Nd', nd],
    ['Pr', pr],
    ['Dy', dy],
    ['Tb', tb],
    ['B', drawDecimal(random, '0.9', '1.1', 3)],
    ['Co', drawDecimal(random, '0.4', '3', 3)],
    ['Al', drawDecimal(random, '0.05', '0.3', 3)],
    ['Cu', drawDecimal(random, '0.05', '0.2', 3)],
  ];
  if (kind === 'MAGNET_SWARF_SLUDGE') {
    const oxygen = drawDecimal(random, '2', '8', 3);
    const carbon = drawDecimal(random, '0.1', '1', 3);
    const metallic = parseDecimal('100').minus(oxygen).minus(carbon).dividedBy('100');
    parts = parts.map(([element, value]) => [element, value.times(metallic).toDecimalPlaces(3)]);
    parts.push(['O', oxygen], ['C', carbon]);
  }
  const iron = parts.reduce((rest, [, value]) => rest.minus(value), parseDecimal('100'));
  return [...parts, ['Fe', iron] as [string, Decimal]].map(([element, value]) =>
    content(element, parseDecimal(value), 'P1'),
  );
}

/** U and Th whose screening sum (U / 81.3 ppm + Th / 243.9 ppm) stays below 0.95, or a "hot" lot above 1.2. */
function drawUraniumThorium(random: SeededRandom, hot: boolean): { u: Decimal; th: Decimal } {
  for (;;) {
    const u = hot ? drawDecimal(random, '60', '150', 1) : drawDecimal(random, '5', '50', 1);
    const th = hot ? drawDecimal(random, '150', '400', 1) : drawDecimal(random, '10', '120', 1);
    const sum = u.times('12.3').dividedBy('1000').plus(th.times('4.1').dividedBy('1000'));
    if (hot ? sum.greaterThan('1.2') : sum.lessThan('0.95')) return { u, th };
  }
}

/**
 * An unused resource (ore, tailings, process residue): heavy rare earths at ppm (residues at
 * tenths of a per cent), with Fe and Al in wt % and U and Th in ppm (ICP-MS).
 */
export function drawUnusedResourceAssay(
  kind: MaterialKind,
  random: SeededRandom,
  hot: boolean,
): AssayContent[] {
  const ppm: Record<string, Range> =
    kind === 'PROCESS_RESIDUE'
      ? { Dy: ['1000', '15000'], Tb: ['200', '3000'], Nd: ['2000', '20000'], Pr: ['500', '5000'] }
      : kind === 'TAILINGS'
        ? { Dy: ['50', '400'], Tb: ['10', '80'], Nd: ['100', '1500'], Pr: ['30', '400'] }
        : { Dy: ['100', '1000'], Tb: ['20', '200'], Nd: ['200', '2000'], Pr: ['50', '500'] };
  const { u, th } = drawUraniumThorium(random, hot);
  return [
    ...Object.entries(ppm).map(([element, [min, max]]) =>
      content(element, drawDecimal(random, min, max, 1), '59'),
    ),
    content('Fe', drawDecimal(random, '2', '10', 3), 'P1'),
    content('Al', drawDecimal(random, '3', '10', 3), 'P1'),
    content('U', u, '59'),
    content('Th', th, '59'),
  ];
}

/** U and Th as a gamma spectrometer screens a magnet lot: traces, far below 1 Bq/g. */
export function drawMagnetScreening(random: SeededRandom): { uraniumPpm: string; thoriumPpm: string } {
  return {
    uraniumPpm: decimalText(drawDecimal(random, '0', '2', 1)),
    thoriumPpm: decimalText(drawDecimal(random, '0', '5', 1)),
  };
}

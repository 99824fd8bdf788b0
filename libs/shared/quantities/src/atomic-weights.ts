import type Decimal from 'decimal.js';
import { type ElementSymbol, parseElementSymbol } from './elements';
import { parseDecimal, toPlainString } from './exact-decimal';
import { QuantityError } from './quantity-error';

/** Atomic weights (g/mol) as decimal strings, by element symbol. Pass your own table to override. */
export type AtomicWeights = Readonly<Partial<Record<ElementSymbol, string>>>;

/**
 * IUPAC/CIAAW standard atomic weights (ciaaw.org, 2024 table, which revised Zr, Gd and Lu); for
 * elements whose standard atomic weight is an interval (H, Li, B, C, N, O, Mg, Si, S, Cl, Ar, Br,
 * Tl, Pb) the conventional value. Elements without a standard atomic weight (Tc, Pm, Po and the
 * heavier radioactive ones except Th, Pa, U) are absent: a formula using them is refused.
 */
// prettier-ignore
export const STANDARD_ATOMIC_WEIGHTS: AtomicWeights = Object.freeze({
  H: '1.008', He: '4.002602', Li: '6.94', Be: '9.0121831', B: '10.81', C: '12.011', N: '14.007',
  O: '15.999', F: '18.998403162', Ne: '20.1797', Na: '22.98976928', Mg: '24.305', Al: '26.9815384',
  Si: '28.085', P: '30.973761998', S: '32.06', Cl: '35.45', Ar: '39.95', K: '39.0983', Ca: '40.078',
  Sc: '44.955907', Ti: '47.867', V: '50.9415', Cr: '51.9961', Mn: '54.938043', Fe: '55.845',
  Co: '58.933194', Ni: '58.6934', Cu: '63.546', Zn: '65.38', Ga: '69.723', Ge: '72.630',
  As: '74.921595', Se: '78.971', Br: '79.904', Kr: '83.798', Rb: '85.4678', Sr: '87.62',
  Y: '88.905838', Zr: '91.222', Nb: '92.90637', Mo: '95.95', Ru: '101.07', Rh: '102.90549',
  Pd: '106.42', Ag: '107.8682', Cd: '112.414', In: '114.818', Sn: '118.710', Sb: '121.760',
  Te: '127.60', I: '126.90447', Xe: '131.293', Cs: '132.90545196', Ba: '137.327', La: '138.90547',
  Ce: '140.116', Pr: '140.90766', Nd: '144.242', Sm: '150.36', Eu: '151.964', Gd: '157.249',
  Tb: '158.925354', Dy: '162.500', Ho: '164.930329', Er: '167.259', Tm: '168.934219', Yb: '173.045',
  Lu: '174.96669', Hf: '178.486', Ta: '180.94788', W: '183.84', Re: '186.207', Os: '190.23',
  Ir: '192.217', Pt: '195.084', Au: '196.966570', Hg: '200.592', Tl: '204.38', Pb: '207.2',
  Bi: '208.98040', Th: '232.0377', Pa: '231.03588', U: '238.02891',
});

/** The atomic weight (g/mol) of an element from `weights`, refusing elements the table lacks. */
export function atomicWeight(
  element: ElementSymbol,
  weights: AtomicWeights = STANDARD_ATOMIC_WEIGHTS,
): Decimal {
  const symbol = parseElementSymbol(element);
  const weight = weights[symbol];
  if (weight === undefined) {
    throw new QuantityError({
      code: 'UNKNOWN_ATOMIC_WEIGHT',
      field: 'element',
      value: symbol,
      rule: 'must have an atomic weight in the table used (the standard table lists elements with a standard atomic weight only)',
    });
  }
  const parsed = parseDecimal(weight, `atomic weight of ${symbol}`);
  if (parsed.isNegative() || parsed.isZero()) {
    throw new QuantityError({
      code: 'INVALID_DECIMAL',
      field: `atomic weight of ${symbol}`,
      value: toPlainString(parsed),
      rule: 'must be greater than zero',
    });
  }
  return parsed;
}

import Decimal from 'decimal.js';
import { type ElementSymbol, parseElementSymbol } from './elements';
import { type DecimalInput, formatPercent, ONE, toPlainString, ZERO } from './exact-decimal';
import type { Mass } from './mass';
import { MassFraction } from './mass-fraction';
import { describeValue, QuantityError } from './quantity-error';
import type { MassFractionUnit } from './units';

/** One element's content as given: a value in a unit, with an optional standard uncertainty in the same unit. */
export interface ElementContentInput {
  readonly value: DecimalInput;
  /** Default: the composition's `unit` option. */
  readonly unit?: MassFractionUnit;
  /** Absolute standard uncertainty, in the same unit as `value` (e.g. 0.1 for 3.2 ± 0.1 wt %). */
  readonly uncertainty?: DecimalInput;
}

/** A content as a bare value (in the composition's `unit`), a MassFraction, or a value with unit and uncertainty. */
export type ElementContentValue = DecimalInput | MassFraction | ElementContentInput;

export interface CompositionOptions {
  /** Unit of bare values: C62 (fraction, the default), P1 (wt %), 59 (ppm) or 61 (ppb). */
  readonly unit?: MassFractionUnit;
  /**
   * How far the sum of the fractions may exceed 1 (assays of independent elements do not add up
   * to exactly 100 %). A MassFraction, or a plain fraction; default 0.005 (0.5 %).
   */
  readonly sumTolerance?: MassFraction | DecimalInput;
  /** The field named in error messages, e.g. "assay for lot L-2026-00042". Default "composition". */
  readonly field?: string;
}

/** One element's validated content. */
export interface ElementContent {
  readonly element: ElementSymbol;
  readonly fraction: MassFraction;
  readonly uncertainty?: MassFraction;
}

export interface ElementContentJson {
  /** Plain fraction (unit C62) as a decimal string. */
  readonly fraction: string;
  readonly uncertainty?: string;
}

export const DEFAULT_SUM_TOLERANCE = '0.005';

function isContentInput(value: unknown): value is ElementContentInput {
  return typeof value === 'object' && value !== null && !Decimal.isDecimal(value) && 'value' in value;
}

function toContent(
  element: ElementSymbol,
  input: ElementContentValue,
  defaultUnit: MassFractionUnit,
  field: string,
): ElementContent {
  const elementField = `${field}.${element}`;
  if (input instanceof MassFraction) return { element, fraction: input };
  if (isContentInput(input)) {
    const unit = input.unit ?? defaultUnit;
    const fraction = MassFraction.of(input.value, unit, elementField);
    const uncertainty =
      input.uncertainty === undefined
        ? undefined
        : MassFraction.of(input.uncertainty, unit, `${elementField}.uncertainty`);
    return uncertainty === undefined ? { element, fraction } : { element, fraction, uncertainty };
  }
  if (typeof input === 'object' && input !== null && !Decimal.isDecimal(input)) {
    throw new QuantityError({
      code: 'INVALID_DECIMAL',
      field: elementField,
      value: describeValue(input),
      rule: 'must be a decimal string, a Decimal, a MassFraction or { value, unit?, uncertainty? }',
    });
  }
  return { element, fraction: MassFraction.of(input, defaultUnit, elementField) };
}

/**
 * The element make-up of a material: element symbol -> mass fraction, each with an optional
 * uncertainty. Validated on construction: symbols from the periodic table (case-sensitive), each
 * fraction between 0 and 1, and the sum at most 1 + tolerance (default 0.5 %), so that
 * `ElementComposition.of({ Nd: '60', Dy: '43.2' }, { unit: 'P1' })` fails with
 * "composition: element fractions sum to 103.2 %, must be at most 100 % (tolerance 0.5 %)".
 * Elements not listed are unknown, not zero: asking for their mass is an error.
 */
export class ElementComposition {
  private constructor(
    private readonly contents: ReadonlyMap<ElementSymbol, ElementContent>,
    /** The tolerance the sum was checked against (plain fraction). */
    readonly sumTolerance: Decimal,
  ) {}

  static of(
    contents:
      Readonly<Record<string, ElementContentValue>> | Iterable<readonly [string, ElementContentValue]>,
    options: CompositionOptions = {},
  ): ElementComposition {
    const field = options.field ?? 'composition';
    const unit = options.unit ?? 'C62';
    const tolerance =
      options.sumTolerance instanceof MassFraction
        ? options.sumTolerance.fraction
        : MassFraction.of(options.sumTolerance ?? DEFAULT_SUM_TOLERANCE, 'C62', `${field}.sumTolerance`)
            .fraction;
    const pairs: Iterable<readonly [string, ElementContentValue]> =
      Symbol.iterator in contents ? contents : Object.entries(contents);

    const validated = new Map<ElementSymbol, ElementContent>();
    for (const [symbol, input] of pairs) {
      const element = parseElementSymbol(symbol, field);
      if (validated.has(element)) {
        throw new QuantityError({
          code: 'DUPLICATE_ELEMENT',
          field,
          value: element,
          detail: `got ${element} twice`,
          rule: 'must list each element once',
        });
      }
      validated.set(element, toContent(element, input, unit, field));
    }
    if (validated.size === 0) {
      throw new QuantityError({
        code: 'EMPTY_COMPOSITION',
        field,
        value: 'no elements',
        rule: 'must list at least one element',
      });
    }
    const sum = [...validated.values()].reduce((total, c) => total.plus(c.fraction.fraction), ZERO);
    if (sum.greaterThan(ONE.plus(tolerance))) {
      throw new QuantityError({
        code: 'FRACTION_SUM_EXCEEDED',
        field,
        value: formatPercent(sum),
        detail: `element fractions sum to ${formatPercent(sum)}`,
        rule: `must be at most 100 % (tolerance ${formatPercent(tolerance)})`,
      });
    }
    return new ElementComposition(validated, tolerance);
  }

  /** The elements, in the order given. */
  get elements(): ElementSymbol[] {
    return [...this.contents.keys()];
  }

  has(element: ElementSymbol): boolean {
    return this.contents.has(element);
  }

  /** The element's content; refused for an element the composition does not list. */
  contentOf(element: ElementSymbol): ElementContent {
    const content = this.contents.get(parseElementSymbol(element));
    if (content === undefined) {
      throw new QuantityError({
        code: 'ELEMENT_NOT_IN_COMPOSITION',
        field: 'element',
        value: element,
        rule: `must be one of the elements assayed (${this.elements.join(', ')}): an element not listed is unknown, not zero`,
      });
    }
    return content;
  }

  /** The element's mass fraction as a plain fraction (3.2 wt % gives 0.032). */
  fractionOf(element: ElementSymbol): Decimal {
    return this.contentOf(element).fraction.fraction;
  }

  /** The element's absolute standard uncertainty as a plain fraction, if one was given. */
  uncertaintyOf(element: ElementSymbol): Decimal | undefined {
    return this.contentOf(element).uncertainty?.fraction;
  }

  /** Sum of all listed fractions (plain fraction, exact). */
  sum(): Decimal {
    return [...this.contents.values()].reduce((total, c) => total.plus(c.fraction.fraction), ZERO);
  }

  entries(): ElementContent[] {
    return [...this.contents.values()];
  }

  /** Exact mass of `element` in `total`: total x fraction, in the total's unit. */
  elementMass(total: Mass, element: ElementSymbol): Mass {
    return total.times(this.fractionOf(element));
  }

  /** Exact mass of every listed element in `total`, in the order given. */
  elementMasses(total: Mass): ReadonlyMap<ElementSymbol, Mass> {
    return new Map(this.elements.map((element) => [element, this.elementMass(total, element)]));
  }

  /** `{ Nd: { fraction: "0.251" }, Dy: { fraction: "0.042", uncertainty: "0.001" } }` (plain fractions as strings). */
  toJSON(): Record<string, ElementContentJson> {
    return Object.fromEntries(
      this.entries().map((c) => [
        c.element,
        c.uncertainty === undefined
          ? { fraction: toPlainString(c.fraction.fraction) }
          : {
              fraction: toPlainString(c.fraction.fraction),
              uncertainty: toPlainString(c.uncertainty.fraction),
            },
      ]),
    );
  }
}

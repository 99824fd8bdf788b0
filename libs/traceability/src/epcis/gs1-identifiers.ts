/**
 * How lots are named in EPCIS: as LGTIN class URNs (urn:epc:class:lgtin:<company prefix>.<indicator +
 * item reference>.<lot>) or as GS1 Digital Link URIs (https://id.gs1.org/01/<GTIN-14>/10/<lot>).
 * The platform has no GTIN of its own: the company prefix and item reference are configuration.
 */
export interface Gs1IdentifierOptions {
  readonly style: 'LGTIN_URN' | 'DIGITAL_LINK';
  /** GS1 company prefix, 6 to 12 digits. */
  readonly companyPrefix: string;
  /** Indicator digit + item reference: 13 - companyPrefix.length digits. */
  readonly itemReference: string;
  /** Digital Link resolver, without trailing slash. */
  readonly digitalLinkBase: string;
}

/** GS1's documented example prefix (0614141) and an item reference of its example length. */
export const DEFAULT_GS1_IDENTIFIERS: Gs1IdentifierOptions = {
  style: 'LGTIN_URN',
  companyPrefix: '0614141',
  itemReference: '012345',
  digitalLinkBase: 'https://id.gs1.org',
};

/** Checks the options: refuses a prefix or item reference that does not make a 13-digit GTIN body. */
export function checkedGs1Options(options: Gs1IdentifierOptions): Gs1IdentifierOptions {
  if (!/^\d{6,12}$/.test(options.companyPrefix)) {
    throw new RangeError(`epcis.companyPrefix: got "${options.companyPrefix}", must be 6 to 12 digits`);
  }
  if (
    !/^\d+$/.test(options.itemReference) ||
    options.companyPrefix.length + options.itemReference.length !== 13
  ) {
    throw new RangeError(
      `epcis.itemReference: got "${options.itemReference}", must be ${13 - options.companyPrefix.length} digits (indicator + item reference, 13 with the company prefix)`,
    );
  }
  return options;
}

/** The GTIN-14: indicator digit, company prefix, item reference, check digit (GS1 mod-10). */
export function gtin14Of(options: Gs1IdentifierOptions): string {
  const indicator = options.itemReference.slice(0, 1);
  const body = `${indicator}${options.companyPrefix}${options.itemReference.slice(1)}`;
  return `${body}${gs1CheckDigit(body)}`;
}

export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The lot's class identifier (product class + lot number), escaped for a URI. */
export function lotClassUri(options: Gs1IdentifierOptions, lotNumber: string): string {
  const lot = encodeURIComponent(lotNumber);
  return options.style === 'DIGITAL_LINK'
    ? `${options.digitalLinkBase}/01/${gtin14Of(options)}/10/${lot}`
    : `urn:epc:class:lgtin:${options.companyPrefix}.${options.itemReference}.${lot}`;
}

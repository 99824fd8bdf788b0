import { type MaterialKind, MATERIAL_KINDS } from './material-kind';

/**
 * How lots are named in GS1 terms. We derive a GS1 Digital Link URI
 * (`<base>/01/<GTIN-14>/10/<lot code>`): it carries the same class + lot as an LGTIN EPC class URN,
 * but needs no GS1 company prefix length (which the URN's `prefix.itemref` split does), resolves
 * over HTTP for a product passport, and is what GS1 recommends for new data carriers (QR codes).
 */
export interface Gs1Settings {
  /** Resolver base, e.g. `https://id.example` (no trailing slash needed). */
  readonly digitalLinkBase: string;
  /** GTIN-14 of the trade item class of each material kind. */
  readonly gtinByMaterialKind: Readonly<Record<MaterialKind, string>>;
}

/** The GS1 mod-10 check digit of the digits before it. */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error(`gs1CheckDigit: "${digits}" must be digits`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Weights 3, 1, 3, ... counted from the rightmost digit before the check digit.
    const weight = (digits.length - i) % 2 === 1 ? 3 : 1;
    sum += Number(digits[i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidGtin14(gtin: string): boolean {
  return /^\d{14}$/.test(gtin) && gs1CheckDigit(gtin.slice(0, 13)) === Number(gtin[13]);
}

/** A GTIN-14 from 13 digits (indicator digit, company prefix, item reference) and its check digit. */
export function gtin14(first13: string): string {
  if (!/^\d{13}$/.test(first13)) throw new Error(`gtin14: "${first13}" must be 13 digits`);
  return `${first13}${gs1CheckDigit(first13)}`;
}

/** Checks the settings once at start-up: an https (or http for localhost) base and valid GTINs. */
export function validateGs1Settings(settings: Gs1Settings): Gs1Settings {
  let url: URL;
  try {
    url = new URL(settings.digitalLinkBase);
  } catch {
    throw new Error(`GS1 Digital Link base "${settings.digitalLinkBase}": must be an absolute URL`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new Error(`GS1 Digital Link base "${settings.digitalLinkBase}": must have no query or fragment`);
  }
  for (const kind of MATERIAL_KINDS) {
    const gtin = settings.gtinByMaterialKind[kind];
    if (gtin === undefined || !isValidGtin14(gtin)) {
      throw new Error(`GTIN for ${kind} "${gtin}": must be a GTIN-14 with a valid check digit`);
    }
  }
  return settings;
}

/** `https://id.example/01/04012345000016/10/L-2026-00042` */
export function digitalLinkUri(settings: Gs1Settings, kind: MaterialKind, lotCode: string): string {
  const base = settings.digitalLinkBase.replace(/\/+$/, '');
  return `${base}/01/${settings.gtinByMaterialKind[kind]}/10/${encodeURIComponent(lotCode)}`;
}

// Example GTINs under GS1's documentation company prefix 4012345; a deployment configures its own.
const EXAMPLE_ITEM_REFERENCES: Readonly<Record<MaterialKind, string>> = {
  EV_MOTOR_MAGNET: '00001',
  COMPRESSOR_MAGNET: '00002',
  HDD_MAGNET: '00003',
  WIND_GENERATOR_MAGNET: '00004',
  MAGNET_SWARF_SLUDGE: '00005',
  LOW_GRADE_ORE: '00006',
  TAILINGS: '00007',
  PROCESS_RESIDUE: '00008',
  OTHER: '00009',
};

export const DEFAULT_GS1_SETTINGS: Gs1Settings = {
  digitalLinkBase: 'https://id.example',
  gtinByMaterialKind: Object.fromEntries(
    MATERIAL_KINDS.map((kind) => [kind, gtin14(`04012345${EXAMPLE_ITEM_REFERENCES[kind]}`)]),
  ) as Record<MaterialKind, string>,
};

import { IntakeError } from './intake-error';

/** What kind of material a lot is (mirrors rre.common.v1.MaterialKind). */
export const MaterialKind = {
  EV_MOTOR_MAGNET: 'EV_MOTOR_MAGNET',
  COMPRESSOR_MAGNET: 'COMPRESSOR_MAGNET',
  HDD_MAGNET: 'HDD_MAGNET',
  WIND_GENERATOR_MAGNET: 'WIND_GENERATOR_MAGNET',
  MAGNET_SWARF_SLUDGE: 'MAGNET_SWARF_SLUDGE',
  LOW_GRADE_ORE: 'LOW_GRADE_ORE',
  TAILINGS: 'TAILINGS',
  PROCESS_RESIDUE: 'PROCESS_RESIDUE',
  OTHER: 'OTHER',
} as const;
export type MaterialKind = (typeof MaterialKind)[keyof typeof MaterialKind];
export const MATERIAL_KINDS = Object.values(MaterialKind);

/** The concentration process a lot goes to: magnet scrap is leached, unused resources are adsorbed. */
export const ConcentrationRoute = {
  LEACHING: 'LEACHING',
  ADSORPTION: 'ADSORPTION',
} as const;
export type ConcentrationRoute = (typeof ConcentrationRoute)[keyof typeof ConcentrationRoute];

const ROUTES: Readonly<Record<MaterialKind, ConcentrationRoute | undefined>> = {
  EV_MOTOR_MAGNET: 'LEACHING',
  COMPRESSOR_MAGNET: 'LEACHING',
  HDD_MAGNET: 'LEACHING',
  WIND_GENERATOR_MAGNET: 'LEACHING',
  MAGNET_SWARF_SLUDGE: 'LEACHING',
  LOW_GRADE_ORE: 'ADSORPTION',
  TAILINGS: 'ADSORPTION',
  PROCESS_RESIDUE: 'ADSORPTION',
  OTHER: undefined,
};

/** The route of a material kind, or undefined for OTHER (the caller must name it). */
export function defaultRouteOf(kind: MaterialKind): ConcentrationRoute | undefined {
  return ROUTES[kind];
}

export function parseMaterialKind(value: string, field = 'materialKind'): MaterialKind {
  if ((MATERIAL_KINDS as readonly string[]).includes(value)) return value as MaterialKind;
  throw new IntakeError({
    code: 'INVALID_INPUT',
    field,
    value: JSON.stringify(value),
    rule: `must be one of ${MATERIAL_KINDS.join(', ')}`,
  });
}

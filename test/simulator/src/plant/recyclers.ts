import type { MaterialKind } from './feedstocks';

/** A recycler (or resource holder) delivering to the plant: its site, what it sends and how often. */
export interface Recycler {
  readonly organisationId: string;
  readonly supplierSiteId: string;
  readonly kinds: readonly MaterialKind[];
  /** Chance of a delivery on a working day (Monday to Saturday). */
  readonly deliveriesPerDay: number;
}

export const RECYCLERS: readonly Recycler[] = [
  {
    organisationId: 'org-kanto-ev-recycling',
    supplierSiteId: 'site-kawasaki-yard',
    kinds: ['EV_MOTOR_MAGNET'],
    deliveriesPerDay: 0.7,
  },
  {
    organisationId: 'org-chubu-motor-dismantling',
    supplierSiteId: 'site-toyota-dismantling-2',
    kinds: ['EV_MOTOR_MAGNET'],
    deliveriesPerDay: 0.4,
  },
  {
    organisationId: 'org-osaka-hvac-recycling',
    supplierSiteId: 'site-sakai-depot',
    kinds: ['COMPRESSOR_MAGNET'],
    deliveriesPerDay: 0.6,
  },
  {
    organisationId: 'org-sendai-it-asset-recovery',
    supplierSiteId: 'site-sendai-port',
    kinds: ['HDD_MAGNET'],
    deliveriesPerDay: 0.4,
  },
  {
    organisationId: 'org-hokkaido-wind-services',
    supplierSiteId: 'site-ishikari-wind-farm',
    kinds: ['WIND_GENERATOR_MAGNET'],
    deliveriesPerDay: 0.1,
  },
  {
    organisationId: 'org-shiga-magnet-works',
    supplierSiteId: 'site-ritto-sintering',
    kinds: ['MAGNET_SWARF_SLUDGE'],
    deliveriesPerDay: 0.6,
  },
  {
    organisationId: 'org-kagoshima-resources',
    supplierSiteId: 'site-hishikari-tailings',
    kinds: ['LOW_GRADE_ORE', 'TAILINGS'],
    deliveriesPerDay: 0.6,
  },
  {
    organisationId: 'org-ibaraki-refinery',
    supplierSiteId: 'site-hitachi-works',
    kinds: ['PROCESS_RESIDUE'],
    deliveriesPerDay: 0.15,
  },
];

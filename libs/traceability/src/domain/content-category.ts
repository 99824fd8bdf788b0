import type { GenealogyLot } from './genealogy';

/** Where a share of an element comes from, as recycled-content claims count it. */
export type ContentCategory = 'POST_CONSUMER' | 'PRE_CONSUMER' | 'PRIMARY' | 'UNATTRIBUTED';

export const CONTENT_CATEGORIES: readonly ContentCategory[] = [
  'POST_CONSUMER',
  'PRE_CONSUMER',
  'PRIMARY',
  'UNATTRIBUTED',
];

/**
 * A source lot counts in its intake category. A lot with no stated category (e.g. one a process
 * service received that intake never registered) cannot back a recycled claim: it counts as
 * unattributed, like what a run put out beyond its inputs.
 */
export function categoryOf(source: GenealogyLot | undefined): ContentCategory {
  const category = source?.sourceCategory;
  return category === 'POST_CONSUMER' || category === 'PRE_CONSUMER' || category === 'PRIMARY'
    ? category
    : 'UNATTRIBUTED';
}

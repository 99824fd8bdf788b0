import type { Actor } from './actor';
import type { ScreeningResult } from './radioactivity-screening';

/** One radioactivity screening of a lot, from an assay's U and Th or from contents measured otherwise. */
export interface Screening {
  readonly id: string;
  readonly lotId: string;
  /** The assay the contents come from; undefined when they were measured otherwise. */
  readonly assayId: string | undefined;
  readonly result: ScreeningResult;
  readonly screenedAt: Date;
  readonly screenedBy: Actor;
}

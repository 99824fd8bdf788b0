import { MassFraction } from '@rre/quantities';
import { DEFAULT_GS1_SETTINGS, type Gs1Settings } from './gs1-identifier';
import { DEFAULT_SCREENING_POLICY, type ScreeningPolicy } from './radioactivity-screening';

/** The configurable rules of intake. */
export interface IntakePolicy {
  /** Largest |net - declared| / declared that is not a dispute; default 2 %. */
  readonly massTolerance: MassFraction;
  /** How far element fractions may sum above 100 %; default 0 (the sum must be at most 100 %). */
  readonly compositionSumTolerance: MassFraction;
  readonly screening: ScreeningPolicy;
  /** Four eyes: a release or rejection takes effect only when a second, different person approves it. */
  readonly decisionsNeedApproval: boolean;
  readonly gs1: Gs1Settings;
  /** IANA time zone of intake's calendar (lot-code years, manifest days); default UTC. */
  readonly timeZone: string;
}

export const DEFAULT_INTAKE_POLICY: IntakePolicy = {
  massTolerance: MassFraction.of('2', 'P1'),
  compositionSumTolerance: MassFraction.of('0'),
  screening: DEFAULT_SCREENING_POLICY,
  decisionsNeedApproval: false,
  gs1: DEFAULT_GS1_SETTINGS,
  timeZone: 'UTC',
};

import type { SeparationRunKpis } from './separation-kpis';

/** The KPIs of one completed separation run, as computed from one revision of its balance. */
export interface RunKpiRecord {
  readonly runId: string;
  /** 1 at completion; one more at each finalization or correction (earlier revisions are kept). */
  readonly revision: number;
  /** SOLVENT_EXTRACTION, PRECIPITATION or CALCINATION. */
  readonly kind: string;
  readonly computedAt: Date;
  readonly kpis: SeparationRunKpis;
}

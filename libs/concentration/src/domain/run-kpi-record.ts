import type { ConcentrationKpis, ElementRecovery } from './concentration-kpis';

/** The KPIs of one completed concentration run, as computed from one revision of its balance. */
export interface RunKpiRecord {
  readonly runId: string;
  /** 1 at completion; one more at each finalization or correction (earlier revisions are kept). */
  readonly revision: number;
  /** LEACHING or ADSORPTION. */
  readonly kind: string;
  readonly computedAt: Date;
  readonly kpis: ConcentrationKpis & {
    /** Leaching only: % of each element fed that went into the leach liquor (the PRODUCT outputs). */
    readonly dissolutionYields?: readonly ElementRecovery[];
    /** Whether the balance rested on a provisional assay. */
    readonly provisional: boolean;
  };
}

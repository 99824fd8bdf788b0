/** One element of the balance a run published (completion, finalization or correction), kg exact. */
export interface PublishedElementBalance {
  readonly element: string;
  /** (opening + inputs) - (outputs + closing + losses) as the run computed it, signed. */
  readonly imbalanceKg?: string;
  /** Root-sum-square of the terms' standard uncertainties. */
  readonly combinedUncertaintyKg?: string;
  /** coverage factor x combined uncertainty, rounded up to 1 mg: the run's stated tolerance. */
  readonly toleranceKg?: string;
  readonly closes: boolean;
}

/** The latest balance a run published, and when it first completed. */
export interface PublishedBalance {
  readonly completedAt: Date;
  /** The event that stated this balance: RunCompleted, RunFinalized, RunImbalanceOverridden or RunCorrected. */
  readonly statedBy: string;
  readonly statedAt: Date;
  /** PROVISIONAL or FINAL, from the completion (a finalization makes it FINAL). */
  readonly basis?: string;
  readonly coverageFactor?: string;
  readonly closes: boolean;
  readonly elements: readonly PublishedElementBalance[];
}

export interface Actor {
  readonly subjectId: string;
  readonly organisationId?: string;
}

/** A person completed a run whose balance did not close: who, who approved, why, when. */
export interface ImbalanceOverride {
  readonly runId: string;
  readonly reason: string;
  readonly overriddenBy?: Actor;
  readonly approvedBy?: Actor;
  readonly at: Date;
}

// What one request did with personal data, as the audit log must show it (DESIGN.md §5: every
// personal-data access is audited). A write's own changes are audited by the write path; the
// trail holds the rest: the persons whose data the request consulted without writing them (a
// parent's birth date checked at a birth, a spouse's age at a marriage) — including when the
// consultation only fed an error message. On success the write path appends those uses in its
// transaction; on a refusal the transaction rolls back and the refusal audit (refusals.ts)
// writes them with the refusal, outside it.
export interface DataUse {
  /** Personal ID number of the person whose data was consulted. */
  subject: string;
  /** What the request used them as: mother, father, spouse, household-member, … */
  role: string;
}

export class AuditTrail {
  readonly uses: DataUse[] = [];
  /** Persons the request wrote: their write's own audit entry covers the use of their data. */
  readonly written = new Set<string>();
  /** True once the request's outcome, refusal included, is in the log (e.g. the audited read). */
  outcomeRecorded = false;

  use(subject: string, role: string): void {
    if (!this.uses.some((u) => u.subject === subject && u.role === role)) this.uses.push({ subject, role });
  }
}

// What a data-quality rule is (docs/quality.md "Rules"): a stable code, a severity, a category of
// the campaign's four words (đúng — valid, đủ — complete, sạch — clean: consistent and unique),
// a message in Vietnamese and English, and one set-based query over the register's read interface
// for quality (migration 041, views registry_quality_*) that returns every violation at once.
// Each rule lives in rules/<name>.ts; rules/index.ts is the catalogue.

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'completeness' | 'validity' | 'consistency' | 'uniqueness';

export interface Rule {
  /** Stable code, DQ-nnn: reports and findings name rules by it. */
  code: string;
  /** The rule's file name, kebab-case. */
  name: string;
  severity: Severity;
  category: Category;
  message: { vi: string; en: string };
  /**
   * The violations, one row each, with the columns
   *   id_number char(12)   the person (null for a household finding),
   *   household_id bigint  the household (when the finding is about one),
   *   commune_id, province_id text  where the subject lives today (generation-2 units),
   *   unit_id text         the unit their residence is recorded under (any generation),
   *   details jsonb        what exactly is wrong (no other person's data: ID numbers only).
   * Parameters: $1 today (date, Asia/Ho_Chi_Minh), $2 abolished units that have no successor
   * (text[], from admin-units/service.ts).
   */
  sql: string;
}

/** The SQL parameters every rule query receives, in order. */
export interface RuleContext {
  today: string;
  unitsWithoutSuccessor: string[];
}

/** Columns a person-level rule selects for its subject p (a registry_quality_person row). */
export const PERSON_SUBJECT = `p.id_number, null::bigint as household_id, p.current_commune_id as commune_id,
  p.current_province_id as province_id, p.current_unit_id as unit_id`;

export type Parent = 'father' | 'mother';

/**
 * A rule over each linked parent (row alias `par`) of each person (`p`): the rows where
 * `where(parent)` holds, with details naming the parent by role and ID number unless given.
 */
export function eachLinkedParent(o: { where: (parent: Parent) => string; details?: (parent: Parent) => string }): string {
  return (['father', 'mother'] as const).map((parent) => `
    select ${PERSON_SUBJECT}, ${o.details?.(parent) ?? `jsonb_build_object('parent', '${parent}', 'parentIdNumber', par.id_number)`} as details
    from registry_quality_person p join registry_quality_person par on par.id_number = p.${parent}_id
    where ${o.where(parent)}`).join('\n    union all');
}

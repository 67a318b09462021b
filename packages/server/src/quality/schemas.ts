// TypeBox schemas of the quality module's API (docs/api.md "Data quality"). Shared with packages/web.
import Type from 'typebox';
import { DateString, Nullable, StringEnum } from '../schema-primitives.ts';
import { LegalBasis, MergeSchema, UnitViewSchema } from '../registry/schemas.ts';
import { THRESHOLDS } from './dedup/scoring.ts';

const Severity = StringEnum(['error', 'warning', 'info']);
const Category = StringEnum(['completeness', 'validity', 'consistency', 'uniqueness']);
const RuleCode = Type.String({ pattern: '^DQ-\\d{3}$', description: 'a rule code, e.g. DQ-004 (GET /quality/rules)' });
const Province2 = Type.String({ pattern: '^2:\\d{2}$', description: 'a province in force since 2025-07-01' });
const Commune2 = Type.String({ pattern: '^2:\\d{5}$', description: 'a commune in force since 2025-07-01' });
const Band = StringEnum(['same', 'review']);

export const RuleSchema = Type.Object({
  code: Type.String(), name: Type.String(), severity: Severity, category: Category,
  message: Type.Object({ vi: Type.String(), en: Type.String() }),
});
export const RulesSchema = Type.Object({ rules: Type.Array(RuleSchema) });

const RuleRef = Type.Object({ code: Type.String(), name: Type.String(), severity: Severity, category: Category });

export const FindingsQuery = Type.Object({
  rule: Type.Optional(RuleCode),
  province: Type.Optional(Province2),
  commune: Type.Optional(Commune2),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
}, { additionalProperties: false });

export const FindingsSchema = Type.Object({
  runId: Nullable(Type.String({ description: 'the run the findings come from (the latest that ran the rules)' })),
  at: Nullable(Type.String({ format: 'date-time' })),
  items: Type.Array(Type.Object({
    rule: Type.Object({ code: Type.String(), name: Type.String(), severity: Severity, category: Category, message: Type.Object({ vi: Type.String(), en: Type.String() }) }),
    person: Nullable(Type.Object({ idNumber: Type.String(), fullName: Type.String(), birthDate: Type.String() })),
    householdId: Nullable(Type.String()),
    commune: Nullable(UnitViewSchema),
    details: Type.Record(Type.String(), Type.Unknown(), { description: 'what exactly is wrong; other persons only by ID number' }),
  })),
  offset: Type.Integer(),
  limit: Type.Integer(),
});

export const PairsQuery = Type.Object({
  band: Type.Optional(Band),
  province: Type.Optional(Province2),
  commune: Type.Optional(Commune2),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
}, { additionalProperties: false });

const PairPerson = Type.Object({
  idNumber: Type.String(),
  inRegister: Type.Boolean({ description: 'false once a merge retired the number' }),
  fullName: Type.Optional(Type.String()), birthDate: Type.Optional(Type.String()), sex: Type.Optional(StringEnum(['male', 'female'])),
  placeOfBirth: Type.Optional(Nullable(Type.String())), nativePlace: Type.Optional(Nullable(Type.String())),
  ethnicity: Type.Optional(Type.String()), religion: Type.Optional(Type.String()), bloodType: Type.Optional(Nullable(Type.String())),
  oldIdNumber: Type.Optional(Nullable(Type.String())), phone: Type.Optional(Nullable(Type.String())), email: Type.Optional(Nullable(Type.String())),
  fatherName: Type.Optional(Nullable(Type.String())), motherName: Type.Optional(Nullable(Type.String())), spouseName: Type.Optional(Nullable(Type.String())),
  maritalStatus: Type.Optional(Type.String()), deathDate: Type.Optional(Nullable(Type.String())), householdId: Type.Optional(Nullable(Type.String())),
  residence: Type.Optional(Type.Object({ unit: Nullable(UnitViewSchema), address: Nullable(Type.String()) })),
});

const Explanation = Type.Array(Type.Object({
  field: Type.String(),
  level: Type.String({ description: 'how the two records agree on the field (docs/quality.md "Scoring")' }),
  weight: Type.Number({ description: 'what this level adds to the score' }),
}), { description: 'every compared field, strongest evidence first' });

const PairFields = {
  id: Type.String(),
  band: Band,
  score: Type.Number({ description: `sum of the weights; same person ≥ ${THRESHOLDS.same}, review ≥ ${THRESHOLDS.review}` }),
  status: StringEnum(['open', 'rejected', 'merged', 'undone', 'superseded']),
  via: Type.String({ description: 'which blocking pass proposed the pair: block, swapped' }),
  a: PairPerson, b: PairPerson,
  explanation: Explanation,
  mergeId: Nullable(Type.String()),
  survivor: Nullable(Type.String()),
};

export const PairSchema = Type.Object(PairFields);
export const PairsSchema = Type.Object({
  items: Type.Array(PairSchema, { description: 'open pairs whose two persons live in your jurisdiction, same-person band first, best score first' }),
  offset: Type.Integer(), limit: Type.Integer(),
});
export const PairDetailSchema = Type.Object({
  ...PairFields,
  decisions: Type.Array(Type.Object({
    decision: StringEnum(['confirm', 'reject', 'undo']), decidedBy: Type.String(), decidedAt: Type.String({ format: 'date-time' }),
    legalBasis: Nullable(Type.String()), note: Nullable(Type.String()), mergeId: Nullable(Type.String()),
  })),
});

export const DecisionBody = Type.Object({
  decision: StringEnum(['confirm', 'reject'], { description: 'confirm: one person, merge the records; reject: two persons, never propose again' }),
  survivorIdNumber: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'with confirm: the record that keeps its number (one of the pair)' })),
  legalBasis: LegalBasis,
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
}, { additionalProperties: false });

export const DecisionSchema = Type.Object({ ...PairFields, merge: Nullable(MergeSchema) });

export const StatsQuery = Type.Object({
  groupBy: StringEnum(['province', 'old-province', 'commune', 'rule'], {
    description: 'province: the 34 provinces since 2025-07-01; old-province: the 63 before; commune: communes of today; rule: per rule', default: 'province',
  }),
  rule: Type.Optional(RuleCode),
  province: Type.Optional(Province2),
  since: Type.Optional(DateString({ description: 'every run finished since this date (over time); default: the latest run only' })),
  limit: Type.Integer({ minimum: 1, maximum: 366, default: 30, description: 'at most this many runs' }),
}, { additionalProperties: false });

const Ratio = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const StatsSchema = Type.Object({
  groupBy: Type.String(),
  rule: Nullable(Type.String()),
  runs: Type.Array(Type.Object({ id: Type.String(), finishedAt: Type.String({ format: 'date-time' }), checks: Type.Array(Type.String()) })),
  rows: Type.Array(Type.Object({
    runId: Type.String(), at: Type.String({ format: 'date-time' }),
    unit: Nullable(Type.Object({ id: Type.String(), name: Type.String(), generation: Nullable(Type.Integer()) })),
    rule: Nullable(RuleRef),
    persons: Type.Integer({ description: 'residents counted at the run' }),
    findings: Type.Integer(),
    affectedPersons: Type.Integer({ description: 'persons with a finding (of the rule asked for, else of any error or warning rule)' }),
    rate: Ratio,
    completeness: Ratio,
    errorRate: Ratio,
    duplicatePersons: Nullable(Type.Integer({ description: 'persons in an open duplicate pair' })),
  })),
});

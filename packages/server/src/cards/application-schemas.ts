// TypeBox schemas of the application stage's API (docs/cards.md "Applications and approval"):
// applications, biometrics, checks, decisions, appointments. The single source of validation,
// types and the OpenAPI document.
import Type, { type Static } from 'typebox';
import { DateString, Nullable, StringEnum } from '../schema-primitives.ts';
import { UnitViewSchema } from '../registry/schemas.ts';
import { MISSING_REASONS } from './biometrics.ts';

export const KINDS = ['first', 'renewal', 'reissue', 'lost'] as const;
/** DESIGN.md §6 reissue reasons, as migration 050 spells them (age is a renewal, loss its own kind). */
export const REISSUE_REASONS = ['name-change', 'birth-date-change', 'features-change', 'sex-redetermination', 'printing-error',
  'unit-change', 'new-id-number', 'damaged', 'regained-citizenship'] as const;
export const STATUSES = ['received', 'verified', 'approved', 'rejected', 'cancelled', 'in_production', 'produced', 'handed_over'] as const;

const Kind = StringEnum(KINDS, { description: 'first card, renewal at 14/25/40/60, reissue (with a legal reason), or replacement of a lost card' });
const ReissueReason = StringEnum(REISSUE_REASONS, { description: 'with kind reissue only: the legal reason (DESIGN.md §6)' });
const Short = (description: string, max = 200) => Type.String({ minLength: 1, maxLength: max, description });
const IdNumber = Type.String({ pattern: '^\\d{12}$', description: 'personal identification number (12 digits)' });
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

/**
 * What the citizen declares as changed from the register, by person-document field. The card is
 * produced from the register, so a declared change must be recorded there first; the checks
 * compare the two (cards/application-checks.ts).
 */
export const DeclaredChanges = Type.Object({
  fullName: Type.Optional(Short('name as the citizen says it now', 100)),
  birthDate: Type.Optional(DateString()),
  sex: Type.Optional(StringEnum(['male', 'female'])),
  placeOfBirth: Type.Optional(Short('place of birth')),
  nativePlace: Type.Optional(Short('native place (quê quán)')),
  ethnicity: Type.Optional(Short('ethnicity', 50)),
  religion: Type.Optional(Short('religion', 100)),
  nationality: Type.Optional(Short('nationality', 100)),
  permanentResidence: Type.Optional(Short('permanent residence address')),
  identifyingFeatures: Type.Optional(Short('identifying features (đặc điểm nhận dạng), for features-change')),
}, { additionalProperties: false, description: 'only what changed; everything else comes from the register' });
export type DeclaredChangesInput = Static<typeof DeclaredChanges>;

export const ApplicationBody = Type.Object({
  idNumber: IdNumber,
  kind: Kind,
  reissueReason: Type.Optional(ReissueReason),
  receivingUnitId: Type.Optional(Type.String({ pattern: '^2:\\d{2}(\\d{3})?$', description: 'the police office (a current commune or province); default the officer\'s own; required of central officers' })),
  declaredChanges: Type.Optional(DeclaredChanges),
}, { additionalProperties: false });
export type ApplicationInput = Static<typeof ApplicationBody>;

export const ApplicationParams = Type.Object({ id: Uuid });

export const ApplicationsQuery = Type.Object({
  status: Type.Optional(StringEnum(STATUSES)),
  unit: Type.Optional(Type.String({ pattern: '^2:\\d{2}(\\d{3})?$', description: 'receiving office: a commune, or a province for all of its offices' })),
  idNumber: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'one person\'s applications (the person page shows their open one), still only those of offices in your jurisdiction' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
}, { additionalProperties: false });

const Failure = Type.Object({ code: Type.String(), message: Type.String() });
export const CheckResultSchema = Type.Object({
  passed: Type.Boolean(),
  runAt: Type.String({ format: 'date-time' }),
  runBy: Type.String(),
  failures: Type.Array(Failure, { description: 'each failed check with its code and why (docs/cards.md "Automatic checks")' }),
});

const FingerView = Type.Object({
  position: Type.Integer({ minimum: 1, maximum: 10 }),
  finger: Type.String({ description: 'ISO/IEC 19794-4 Table 2 name of the position' }),
  format: Nullable(StringEnum(['wsq', 'png', 'jpeg', 'jpeg2000'])),
  width: Nullable(Type.Integer()), height: Nullable(Type.Integer()),
  quality: Nullable(Type.Integer()),
  lowQuality: Type.Boolean({ description: 'NFIQ 2 score below the recapture threshold' }),
  missingReason: Nullable(StringEnum(MISSING_REASONS)),
});

export const ApplicationSchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'printable reference, HS<year>-<number>' }),
  idNumber: Type.String(),
  fullName: Nullable(Type.String({ description: 'from the register (null once the number is no longer in it)' })),
  birthDate: Nullable(Type.String()),
  kind: Kind,
  reissueReason: Nullable(ReissueReason),
  status: StringEnum(STATUSES),
  channel: StringEnum(['office', 'online']),
  receivingUnit: Nullable(UnitViewSchema),
  declaredChanges: Type.Record(Type.String(), Type.Unknown()),
  photo: Nullable(Type.Object({ width: Type.Integer(), height: Type.Integer(), bytes: Type.Integer() })),
  fingerprints: Type.Array(FingerView),
  appointment: Nullable(Type.Object({ unitId: Type.String(), date: Type.String(), released: Type.Boolean() })),
  lastCheck: Nullable(CheckResultSchema),
  createdBy: Type.String(), createdAt: Type.String({ format: 'date-time' }),
  decidedBy: Nullable(Type.String()), decidedAt: Nullable(Type.String({ format: 'date-time' })), decisionNote: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ApplicationView = Static<typeof ApplicationSchema>;

export const ApplicationsSchema = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.String(), reference: Type.String(), idNumber: Type.String(), fullName: Nullable(Type.String()),
    kind: Kind, status: StringEnum(STATUSES), channel: StringEnum(['office', 'online']),
    receivingUnitId: Type.String(), createdAt: Type.String({ format: 'date-time' }),
  })),
  offset: Type.Integer(), limit: Type.Integer(),
});

export const ChecksSchema = Type.Object({ ...CheckResultSchema.properties, status: StringEnum(STATUSES) });

export const FingerprintsBody = Type.Object({
  fingers: Type.Array(Type.Object({
    position: Type.Integer({ minimum: 1, maximum: 10, description: 'ISO/IEC 19794-4 finger position: 1 right thumb … 5 right little, 6 left thumb … 10 left little' }),
    image: Type.Optional(Type.String({ minLength: 8, maxLength: 1_400_000, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'base64 image: WSQ, PNG, JPEG or JPEG 2000 (detected from its magic bytes)' })),
    quality: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'NFIQ 2 score from the capture device' })),
    missingReason: Type.Optional(StringEnum(MISSING_REASONS, { description: 'instead of image and quality: why this finger cannot be captured' })),
  }, { additionalProperties: false }), { minItems: 10, maxItems: 10, description: 'all ten positions, each once' }),
}, { additionalProperties: false });

export const DecisionBody = Type.Object({
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
}, { additionalProperties: false });
export const RejectionBody = Type.Object({
  reason: Type.String({ minLength: 3, maxLength: 1000, description: 'why, as the citizen will be told' }),
}, { additionalProperties: false });
export const CancellationBody = Type.Object({
  reason: Type.String({ minLength: 3, maxLength: 1000 }),
}, { additionalProperties: false });

// ---- appointments ----

export const AvailabilityQuery = Type.Object({
  unit: Type.String({ pattern: '^2:\\d{2}(\\d{3})?$', description: 'the police office: a current commune or province' }),
  from: DateString(), to: DateString(),
}, { additionalProperties: false });

export const AvailabilitySchema = Type.Object({
  unit: UnitViewSchema,
  days: Type.Array(Type.Object({ date: Type.String(), capacity: Type.Integer(), booked: Type.Integer(), available: Type.Integer() })),
});

export const AppointmentBody = Type.Object({
  idNumber: IdNumber,
  birthDate: DateString({ description: 'as in the register: with the ID number and the full name, identifies the citizen until e-ID login' }),
  fullName: Short('full name as in the register', 100),
  phone: Type.String({ pattern: '^(\\+84|0)\\d{9,10}$', description: 'where the office reaches the citizen' }),
  unitId: Type.String({ pattern: '^2:\\d{2}(\\d{3})?$', description: 'the police office' }),
  date: DateString({ description: 'the day, from tomorrow up to 60 days ahead' }),
  kind: Kind,
  reissueReason: Type.Optional(ReissueReason),
  declaredChanges: Type.Optional(DeclaredChanges),
}, { additionalProperties: false });
export type AppointmentInput = Static<typeof AppointmentBody>;

export const AppointmentSchema = Type.Object({
  applicationId: Type.String(), reference: Type.String(), unit: UnitViewSchema, date: Type.String(), status: Type.String(),
});

export const CapacityParams = Type.Object({ unitId: Type.String({ pattern: '^2:\\d{2}(\\d{3})?$' }) });
export const CapacityBody = Type.Object({ perDay: Type.Integer({ minimum: 0, maximum: 10000 }) }, { additionalProperties: false });
export const CapacitySchema = Type.Object({ unitId: Type.String(), perDay: Type.Integer() });

// TypeBox schemas of the register's API: the person resource (the 26 fields of DESIGN.md §6 in
// camelCase JSON, see fields.ts for the column mapping) and the request body of each life event.
// Shared with packages/web; keep them free of server imports beyond the shared helpers.
import Type, { type Static } from 'typebox';
import { DateString, Nullable, StringEnum } from '../schema-primitives.ts';

export const IdNumber = Type.String({ pattern: '^\\d{12}$', description: 'personal ID number, 12 digits `PPP G YY RRRRRR`' });
export const IdNumberParams = Type.Object({ idNumber: IdNumber });

export const PersonName = Type.String({
  minLength: 1, maxLength: 200, pattern: "^[\\p{L}\\p{M}][\\p{L}\\p{M}' .-]*$",
  description: 'letters (with diacritics), spaces, apostrophe, dot, hyphen; stored NFC-normalised',
});
export const LegalBasis = Type.String({
  minLength: 3, maxLength: 500,
  description: 'the legal act the change rests on, e.g. "Trích lục khai tử số 12/2026"',
});
export const SexSchema = StringEnum(['male', 'female']);
export const MaritalStatusSchema = StringEnum(['single', 'married', 'divorced', 'widowed']);
export const UnitId = (description = 'administrative unit id `<generation>:<code>`, e.g. 2:00004') => Type.String({ pattern: '^[12]:\\d{2,5}$', description });
const BloodType = StringEnum(['A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-']);
const Nationality = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 (as in the MRZ), VNM for Vietnamese' });
const Phone = Type.String({ pattern: '^\\+?[0-9]{8,15}$' });
const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 });
const ShortText = (description: string, maxLength = 300) => Type.String({ minLength: 1, maxLength, description });
const RelationshipToHead = Type.String({ minLength: 1, maxLength: 50, description: 'e.g. Chủ hộ, Vợ, Chồng, Con, Cháu, Bố, Mẹ' });

// ---- the person resource ----

const TodayUnit = Type.Object({
  id: Type.String(), name: Type.String(), provinceId: Nullable(Type.String()), provinceName: Nullable(Type.String()),
  partial: Type.Boolean({ description: 'only part of the recorded unit went into this one' }),
});
export const UnitViewSchema = Type.Object({
  id: Type.String(), name: Type.String(), level: StringEnum(['province', 'commune']),
  provinceId: Nullable(Type.String()), provinceName: Nullable(Type.String()),
  current: Type.Boolean({ description: 'false for a unit abolished on 1 July 2025' }),
  today: Type.Array(TodayUnit, { description: "today's unit(s) covering the recorded one" }),
}, { description: 'a unit as recorded, with the unit(s) it lies in today' });

const Residence = Type.Object({ unit: Nullable(UnitViewSchema), address: Nullable(Type.String()) });
const TemporaryResidence = Type.Object({ unit: Nullable(UnitViewSchema), address: Nullable(Type.String()), until: Nullable(Type.String()) });
export const RelativeSchema = Type.Object({
  idNumber: Nullable(Type.String()), fullName: Nullable(Type.String()), nationality: Nullable(Type.String()),
});
// A child as the parent's record holds them (field 15: name, ID number, nationality), eldest
// first. Their birth date, sex or residence is the child's own record, read through theirs.
const Child = Type.Object({ idNumber: Type.String(), fullName: Type.String(), nationality: Type.String() });
const PreviousCard = Type.Object({
  issueDate: Type.Optional(DateString()), issuePlace: Type.Optional(Type.String({ maxLength: 200 })), expiryDate: Type.Optional(DateString()),
}, { additionalProperties: false });

export const PersonSchema = Type.Object({
  idNumber: Type.String(),
  fullName: Type.String(),
  otherNames: Type.Array(Type.String()),
  birthDate: Type.String(),
  sex: SexSchema,
  placeOfBirth: Nullable(Type.String()),
  birthRegistrationUnit: Nullable(UnitViewSchema),
  nativePlace: Nullable(Type.String()),
  ethnicity: Type.String(),
  religion: Type.String(),
  nationality: Type.String(),
  bloodType: Nullable(Type.String()),
  oldIdNumber: Nullable(Type.String()),
  previousCard: Nullable(PreviousCard),
  father: Nullable(RelativeSchema),
  mother: Nullable(RelativeSchema),
  spouse: Nullable(RelativeSchema),
  legalRepresentative: Nullable(RelativeSchema),
  children: Type.Array(Child),
  permanentResidence: Nullable(Residence),
  temporaryResidence: Nullable(TemporaryResidence),
  currentResidence: Nullable(Residence),
  temporaryAbsence: Nullable(Type.Record(Type.String(), Type.Unknown())),
  household: Nullable(Type.Object({
    id: Type.String(), fileNumber: Type.String({ description: 'residence file number (số hồ sơ cư trú)' }),
    head: Nullable(Type.Object({ idNumber: Type.String(), fullName: Nullable(Type.String()) })),
    unit: Nullable(UnitViewSchema), address: Type.String(),
  })),
  relationshipToHead: Nullable(Type.String()),
  maritalStatus: MaritalStatusSchema,
  deathDate: Nullable(Type.String()),
  missingSince: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
  legalBasis: Type.String(),
}, { $id: 'Person', description: 'a person as the register holds them today' });
export type Person = Static<typeof PersonSchema>;

// ---- requests ----

const ResidenceInput = Type.Object({
  unitId: UnitId(), address: ShortText('street address within the commune'),
}, { additionalProperties: false });

export const BirthBody = Type.Object({
  fullName: PersonName,
  otherNames: Type.Optional(Type.Array(PersonName, { maxItems: 10 })),
  birthDate: DateString(),
  sex: SexSchema,
  placeOfBirth: ShortText('place of birth as written on the birth certificate (health facility, commune, province)'),
  birthRegistrationUnitId: UnitId('the unit that registers the birth; in force on registrationDate; its province gives the ID prefix'),
  registrationDate: Type.Optional(DateString({ description: 'date of registration; default today (Asia/Ho_Chi_Minh)' })),
  nativePlace: Type.Optional(ShortText('native place (quê quán); default the father\'s, else the mother\'s')),
  ethnicity: Type.Optional(ShortText('one of the 54 groups; default the father\'s, else the mother\'s', 50)),
  religion: Type.Optional(ShortText('default Không', 100)),
  nationality: Type.Optional(Nationality),
  fatherIdNumber: Type.Optional(IdNumber),
  motherIdNumber: Type.Optional(IdNumber),
  fatherName: Type.Optional(PersonName),
  motherName: Type.Optional(PersonName),
  permanentResidence: Type.Optional(ResidenceInput),
  householdId: Type.Optional(Type.String({ pattern: '^\\d{1,18}$', description: 'household to add the child to; default the mother\'s (else the father\'s)' })),
  relationshipToHead: Type.Optional(RelationshipToHead),
  legalBasis: LegalBasis,
}, { additionalProperties: false });
export type BirthInput = Static<typeof BirthBody>;

export const CorrectionBody = Type.Object({
  fullName: Type.Optional(PersonName),
  otherNames: Type.Optional(Type.Array(PersonName, { maxItems: 10 })),
  placeOfBirth: Type.Optional(ShortText('place of birth')),
  nativePlace: Type.Optional(ShortText('native place')),
  ethnicity: Type.Optional(ShortText('ethnicity', 50)),
  religion: Type.Optional(ShortText('religion', 100)),
  nationality: Type.Optional(Nationality),
  bloodType: Type.Optional(Nullable(BloodType)),
  oldIdNumber: Type.Optional(Nullable(Type.String({ pattern: '^(\\d{9}|\\d{12})$' }))),
  previousCard: Type.Optional(Nullable(PreviousCard)),
  legalRepresentativeIdNumber: Type.Optional(Nullable(IdNumber)),
  legalRepresentativeName: Type.Optional(Nullable(PersonName)),
  temporaryAbsence: Type.Optional(Nullable(Type.Object({
    from: DateString(), until: Type.Optional(DateString()), destination: Type.Optional(ShortText('where to')), reason: Type.Optional(ShortText('why')),
  }, { additionalProperties: false }))),
  phone: Type.Optional(Nullable(Phone)),
  email: Type.Optional(Nullable(Email)),
  legalBasis: LegalBasis,
}, { additionalProperties: false, minProperties: 2 });
export type CorrectionInput = Static<typeof CorrectionBody>;

export const ResidenceBody = Type.Object({
  kind: StringEnum(['permanent', 'temporary', 'current'], { description: 'which residence changes' }),
  unitId: UnitId('commune in force on the event date'),
  address: ShortText('street address within the commune'),
  date: DateString({ description: 'date the residence was registered' }),
  until: Type.Optional(DateString({ description: 'end of a temporary residence' })),
  alsoCurrent: Type.Optional(Type.Boolean({ description: 'a permanent or temporary move also moves the current residence (default true)' })),
  householdId: Type.Optional(Type.String({ pattern: '^\\d{1,18}$', description: 'household to join (permanent moves)' })),
  relationshipToHead: Type.Optional(RelationshipToHead),
  legalBasis: LegalBasis,
}, { additionalProperties: false });
export type ResidenceInput = Static<typeof ResidenceBody>;

export const MarriageBody = Type.Object({
  spouseIdNumber: IdNumber,
  date: DateString({ description: 'date of the marriage registration' }),
  legalBasis: LegalBasis,
}, { additionalProperties: false });

export const DivorceBody = Type.Object({
  date: DateString({ description: 'date the divorce took legal effect' }),
  legalBasis: LegalBasis,
}, { additionalProperties: false });

export const DeathBody = Type.Object({
  date: DateString({ description: 'date of death' }),
  legalBasis: LegalBasis,
}, { additionalProperties: false });

export const HouseholdBody = Type.Object({
  headIdNumber: IdNumber,
  unitId: UnitId('commune in force on the date'),
  address: ShortText('street address within the commune'),
  date: Type.Optional(DateString({ description: 'default today' })),
  legalBasis: LegalBasis,
}, { additionalProperties: false });

export const HouseholdMemberBody = Type.Object({
  idNumber: IdNumber,
  relationshipToHead: RelationshipToHead,
  date: Type.Optional(DateString({ description: 'default today' })),
  legalBasis: LegalBasis,
}, { additionalProperties: false });

export const HouseholdRemoveBody = Type.Object({
  date: Type.Optional(DateString({ description: 'default today' })),
  legalBasis: LegalBasis,
}, { additionalProperties: false });

export const HouseholdSchema = Type.Object({
  id: Type.String(),
  fileNumber: Type.String(),
  unit: Nullable(UnitViewSchema),
  address: Type.String(),
  head: Nullable(Type.Object({ idNumber: Type.String(), fullName: Nullable(Type.String()) })),
  members: Type.Array(Type.Object({
    idNumber: Type.String(), fullName: Type.String(), birthDate: Type.String(), sex: SexSchema,
    relationshipToHead: Nullable(Type.String()), deathDate: Nullable(Type.String()),
  }), { description: 'the members you may read (they live in your jurisdiction)' }),
  membersElsewhere: Type.Integer({ minimum: 0, description: 'members living outside your jurisdiction, not listed' }),
});

// ---- history, events, search ----

export const VersionSchema = Type.Object({
  version: Type.Integer(),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Nullable(Type.String({ format: 'date-time' })),
  recordedBy: Type.String({ description: 'who recorded this version (officer:<uuid>, cli:…)' }),
  legalBasis: Type.String(),
  changed: Type.Array(Type.String(), { description: 'fields that differ from the previous version (all fields for version 1)' }),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'the person as this version held them (JSON names)' }),
});

export const EventSchema = Type.Object({
  id: Type.String(),
  idNumber: Type.String({ description: 'the number the event was recorded under (a survivor lists the events of the numbers merged into it)' }),
  kind: Type.String(), date: Type.String(), legalBasis: Type.String(),
  recordedBy: Type.String(), recordedAt: Type.String({ format: 'date-time' }), details: Type.Record(Type.String(), Type.Unknown()),
});

export const SearchQuerySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'full name or any of its syllables, of any length ("Lê", "Vũ Thị"); diacritics and case ignored, typos tolerated' }),
  birthDate: Type.Optional(DateString()),
  province: Type.Optional(Type.String({ pattern: '^2:\\d{2}$', description: 'province (generation 2) of current residence' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1000, default: 0, description: 'results to skip: the next page starts at offset + limit' }),
}, { additionalProperties: false });

export const SearchResultSchema = Type.Object({
  items: Type.Array(Type.Object({
    idNumber: Type.String(), fullName: Type.String(), birthDate: Type.String(), sex: SexSchema,
    currentResidence: Nullable(UnitViewSchema), deathDate: Nullable(Type.String()),
    score: Type.Number({ description: 'trigram similarity of the names, 0–1' }),
    wholeWords: Type.Boolean({ description: 'every word asked for is a whole word of the name; these rank first' }),
  }), { description: 'ranked: whole-word matches first, then by similarity, then name, province, commune, ID number' }),
  offset: Type.Integer(),
  limit: Type.Integer(),
});

export const MergedInto = Type.Optional(Type.String({ description: 'when the number was retired by a merge: the number whose record holds the person now' }));

// ---- merges ----

export const MergeSchema = Type.Object({
  id: Type.String(),
  survivor: Type.String({ description: 'the record that holds the person' }),
  retired: Type.String({ description: 'the number retired by the merge; it answers person-merged from then on' }),
  mergedAt: Type.String({ format: 'date-time' }),
  mergedBy: Type.String(),
  legalBasis: Type.String(),
  undoUntil: Type.String({ format: 'date-time', description: 'until when a central officer can undo it' }),
  survivorFields: Type.Array(Type.String(), { description: 'fields the survivor took from the retired record' }),
  moved: Type.Array(Type.Object({
    kind: StringEnum(['person', 'household']), id: Type.String(), fields: Type.Optional(Type.Array(Type.String())),
  }), { description: 'records and households whose reference to the retired number moved to the survivor' }),
  repointed: Type.Array(Type.String(), { description: 'numbers retired earlier into the retired record, pointing to the survivor now' }),
  modules: Type.Array(Type.String(), { description: 'other modules whose references moved (merge listeners)' }),
  undone: Nullable(Type.Object({ at: Type.String({ format: 'date-time' }), by: Type.String(), legalBasis: Type.String() })),
}, { $id: 'Merge', description: 'a merge of two records of one person' });

export const UndoMergeBody = Type.Object({ legalBasis: LegalBasis }, { additionalProperties: false });

export const OldIdConfirmationSchema = Type.Object({
  idNumber: Type.String(), oldIdNumber: Type.String(), fullName: Type.String(), birthDate: Type.String(),
  statement: Type.String({ description: 'the confirmation as it reads on the certificate' }),
});

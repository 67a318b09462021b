// Schemas of the hand-over and lifecycle routes (TypeBox: validation, serialisation and OpenAPI
// from one source).
import Type from 'typebox';
import { DateString, Nullable, StringEnum } from '../schema-primitives.ts';
import { IdNumber } from '../registry/schemas.ts';

const CARD_STATUSES = ['personalised', 'qc_failed', 'quality_checked', 'shipped', 'ready', 'active', 'lost', 'stolen', 'revoked', 'expired', 'replaced', 'destroyed'] as const;

/**
 * A card number in a path. Its shape and check digit are checked in code (lifecycle.ts
 * checkCardNumber) so that every malformed number gets the one problem type invalid-card-number.
 */
export const CardNumberParams = Type.Object({
  cardNumber: Type.String({ minLength: 1, maxLength: 32, description: 'card number: 10 digits, the last the ICAO 9303-3 §4.9 check digit of the first nine' }),
});

export const CardSchema = Type.Object({
  cardNumber: Type.String(),
  idNumber: Type.String({ description: 'the holder\'s personal ID number' }),
  status: StringEnum(CARD_STATUSES, { description: 'state today: an active card past its expiry date reads expired' }),
  recordedStatus: StringEnum(CARD_STATUSES, { description: 'state as recorded (the expiry sweep records expired cards within the hour)' }),
  issueDate: Type.String({ format: 'date' }),
  expiryDate: Nullable(Type.String({ format: 'date', description: 'null: never expires (issued at 60 or later)' })),
  handedOverAt: Nullable(Type.String({ format: 'date-time' })),
  handedOverBy: Nullable(Type.String()),
  statusChangedAt: Type.String({ format: 'date-time' }),
  statusReason: Nullable(Type.String()),
  replacedBy: Nullable(Type.String({ description: 'the card that replaced this one at its hand-over' })),
  application: Type.Object({ id: Type.String(), reference: Type.String(), kind: Type.String(), receivingUnitId: Type.String() }),
});

export const HandOverBody = Type.Object({
  note: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. "old card collected and cut"' })),
}, { additionalProperties: false });

export const HandOverSchema = Type.Object({
  ...CardSchema.properties,
  retired: Nullable(Type.String({ description: 'the holder\'s previous card, collected and now replaced' })),
});

const LossKind = StringEnum(['lost', 'stolen'] as const);

export const LossBody = Type.Object({
  kind: LossKind,
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

export const CitizenLossBody = Type.Object({
  kind: LossKind,
  idNumber: IdNumber,
  birthDate: DateString({ description: 'the holder\'s date of birth as on the card' }),
}, { additionalProperties: false });

export const CitizenLossSchema = Type.Object({ cardNumber: Type.String(), status: LossKind });

export const RevocationBody = Type.Object({
  reason: Type.String({ minLength: 5, maxLength: 500, description: 'why, with its legal basis (decision number)' }),
}, { additionalProperties: false });

export const PersonCardsSchema = Type.Object({ idNumber: Type.String(), items: Type.Array(CardSchema) });

export const PublicStatusSchema = Type.Object({
  cardNumber: Type.String(),
  valid: Type.Boolean({ description: 'true: the card is in its holder\'s hands and within its validity' }),
  reason: Nullable(StringEnum(['lost-or-stolen', 'revoked', 'replaced', 'expired', 'not-issued'] as const, { description: 'why it is not valid (a class, nothing more)' })),
  issueDate: Type.String({ format: 'date' }),
  expiryDate: Nullable(Type.String({ format: 'date', description: 'valid through this day; null: no expiry' })),
  checkedAt: Type.String({ format: 'date-time' }),
}, { additionalProperties: false, description: 'minimal disclosure: no name, no ID number, no photo' });

const Counts = {
  received: Type.Integer({ description: 'applications received (by day of receipt)' }),
  approved: Type.Integer({ description: 'applications approved (by day of decision)' }),
  produced: Type.Integer({ description: 'cards personalised and quality-checked (by day made)' }),
  handedOver: Type.Integer({ description: 'cards handed over (by day of hand-over)' }),
};

export const CardStatsQuery = Type.Object({
  groupBy: Type.Optional(StringEnum(['province'] as const, { default: 'province', description: 'per province (with per-day rows)' })),
  generation: Type.Integer({ enum: [1, 2], default: 2, description: '2: the 34 provinces since 1 July 2025; 1: the 63 before' }),
  from: Type.Optional(DateString({ description: 'first day, default 30 days before `to`' })),
  to: Type.Optional(DateString({ description: 'last day, default today (Asia/Ho_Chi_Minh)' })),
}, { additionalProperties: false });

export const CardStatsSchema = Type.Object({
  generation: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.Literal('province'),
  provinces: Type.Array(Type.Object({ provinceId: Type.String(), provinceName: Type.String(), ...Counts }), { description: 'totals over the period, every province of the generation' }),
  days: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), provinceId: Type.String(), provinceName: Type.String(), ...Counts }), { description: 'per day and province, days with something only' }),
  unplaced: Type.Integer({ description: 'applications whose receiving office maps to no province of this generation' }),
});

// TypeBox schemas of the production stage's API (docs/api.md "Cards: production"; docs/cards.md
// "Production"): the single source of validation, types and the OpenAPI document.
import Type from 'typebox';
import { Nullable, StringEnum } from '../schema-primitives.ts';
import { MAX_BATCH } from './production-service.ts';

const BATCH_STATUSES = ['open', 'personalising', 'quality_checked', 'shipped', 'received'] as const;
const CARD_STATUSES = ['personalised', 'qc_failed', 'quality_checked', 'shipped', 'ready', 'active', 'lost', 'stolen', 'revoked', 'expired', 'replaced', 'destroyed'] as const;
const Unit2 = Type.String({ pattern: '^2:(\\d{2}|\\d{5})$', description: 'a current (generation-2) province or commune: the police office that receives the applications and hands the cards over' });

export const BatchParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CardParams = Type.Object({ cardNumber: Type.String({ pattern: '^[0-9]{10}$', description: 'the 10-digit card number (9 digits and an ICAO 9303-3 check digit)' }) });

export const CreateBatchBody = Type.Object({
  receivingUnitId: Unit2,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BATCH, default: 500, description: 'at most this many applications, oldest approval first' })),
}, { additionalProperties: false });

export const BatchesQuery = Type.Object({
  receivingUnitId: Type.Optional(Unit2),
  status: Type.Optional(StringEnum(BATCH_STATUSES)),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
}, { additionalProperties: false });

export const BatchSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  reference: Type.String({ description: 'LSX-<year>-<sequence>, printed on the shipping documents' }),
  receivingUnitId: Type.String(),
  status: StringEnum(BATCH_STATUSES),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  shippedAt: Nullable(Type.String({ format: 'date-time' })),
  receivedAt: Nullable(Type.String({ format: 'date-time' })),
  applications: Type.Integer({ description: 'applications the batch took' }),
  cards: Type.Record(Type.String(), Type.Integer(), { description: 'cards of the batch by state (destroyed ones included)' }),
});

export const BatchListSchema = Type.Object({ items: Type.Array(BatchSchema), limit: Type.Integer(), offset: Type.Integer() });

export const BatchDetailSchema = Type.Object({
  ...BatchSchema.properties,
  items: Type.Array(Type.Object({
    applicationId: Type.String({ format: 'uuid' }),
    position: Type.Integer(),
    applicationStatus: Type.String(),
    cardNumber: Nullable(Type.String()),
    cardStatus: Nullable(StringEnum(CARD_STATUSES)),
  }), { description: 'the applications in production order, each with its live (not destroyed) card' }),
});

export const PersonaliseBody = Type.Object({
  concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 8, default: 2, description: 'cards made at once' })),
}, { additionalProperties: false });

export const PersonaliseSchema = Type.Object({
  batch: BatchSchema,
  personalised: Type.Array(Type.Object({ applicationId: Type.String(), cardNumber: Type.String(), replaced: Nullable(Type.String({ description: 'the card that failed quality control, now destroyed' })) })),
  skipped: Type.Integer({ description: 'applications that already had a card (a re-run)' }),
  failed: Type.Array(Type.Object({ applicationId: Type.String(), reason: Type.String() }), { description: 'applications no card could be made for; they stay in production' }),
});

const Verdict = Type.Object({
  passed: Type.Boolean(),
  accessProtocol: Type.String(),
  passiveAuthentication: Type.Boolean(),
  chipAuthentication: Type.String(),
  activeAuthentication: Type.String(),
  terminalAuthentication: Type.String({ description: 'Terminal Authentication with the production centre\'s inspection system, which opens DG3 (9303-11 §7)' }),
  differences: Type.Array(Type.String(), { description: 'files read back that differ from what was written' }),
  errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
});

export const QcSchema = Type.Object({
  batch: BatchSchema,
  checked: Type.Array(Type.Object({ cardNumber: Type.String(), passed: Type.Boolean(), verdict: Verdict })),
});

export const ChipSchema = Type.Object({
  cardNumber: Type.String(),
  status: StringEnum(CARD_STATUSES),
  mrz: Type.Array(Type.String(), { description: 'the three TD1 lines (ICAO 9303-5): the BAC key' }),
  can: Nullable(Type.String({ description: 'card access number for PACE (printed on the back)' })),
  files: Type.Record(Type.String(), Type.String(), { description: 'LDS file name → bytes, base64' }),
  chipKeys: Type.Object({ ca: Nullable(Type.String()), aa: Nullable(Type.String()) }, { description: 'the chip\'s private keys (PKCS#8 PEM): the virtual chip needs them to answer Chip and Active Authentication' }),
  eac: Nullable(Type.Object({
    trustPoints: Type.Array(Type.String({ contentEncoding: 'base64' }), { description: 'CVCA certificates (TR-03110-3 C.1) the chip trusts for Terminal Authentication' }),
    date: Type.String({ format: 'date-time', description: 'the chip\'s starting date for Terminal Authentication' }),
  }, { description: 'Extended Access Control (9303-11 §7): DG3 (fingerprints) opens only to an inspection system certified under these CVCAs' })),
}, { description: 'a card image: write it with writeCardDirectory and read it with `cancuoc chip read --card DIR`' });

export const FaceQuery = Type.Object({ side: StringEnum(['front', 'back'], { default: 'front' }) }, { additionalProperties: false });

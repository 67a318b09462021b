-- Card production (docs/cards.md "Production"): which applications a batch holds, what was
-- written to each card's chip and printed on its face, and quality control. Builds on the
-- contract of 050/051 without changing their meaning.

-- A card that fails quality control goes back to production (issue 16 item 3): the re-run makes
-- a new card with a new number and the failed one ends as 'destroyed'. So an application may
-- have several cards over time, but at most one that is not destroyed.
alter table card drop constraint card_application_id_key;
create unique index card_one_live_per_application on card (application_id) where status <> 'destroyed';

-- Batch references: LSX (lô sản xuất) + year + a sequence, printed on the shipping documents.
create sequence card_batch_reference_seq;

-- The applications a batch took. An application is in at most one batch: a batch takes only
-- approved applications and moves them to in_production in the same transaction.
create table card_batch_application (
  batch_id       uuid not null references card_batch (id),
  application_id uuid primary key references card_application (id),
  position       integer not null,
  unique (batch_id, position)
);
comment on table card_batch_application is 'The applications of a production batch, in the order they are personalised.';

-- What a reader needs of a produced card: the chip's files (9303-10 LDS, raw bytes), the chip's
-- private keys (Chip and Active Authentication) and CAN, the MRZ, the card face and the QR text.
-- The chip keys are kept because the chip is virtual here (packages/emrtd): a card printer would
-- write them into the chip and keep nothing. They are served only to authorised officers, audited.
create table card_chip (
  card_number  char(10) primary key references card (card_number),
  mrz          text[] not null check (cardinality(mrz) = 3),
  can          text check (can ~ '^[0-9]{6}$'),
  files        jsonb not null,
  ca_key_pem   text,
  aa_key_pem   text,
  ds_label     text not null,
  qr           text not null,
  face_front   bytea not null,
  face_back    bytea not null,
  face_pdf     bytea not null,
  -- Quality control (9303-11 §5–6 through the virtual chip over BAC): when and what it found.
  qc_at        timestamptz,
  qc_result    jsonb
);
comment on table card_chip is 'Chip content, chip keys, card face and quality-control result of each produced card.';
comment on column card_chip.files is 'LDS file name (EF.COM, EF.SOD, DG1 …) to its bytes, base64.';

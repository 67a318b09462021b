-- Production batches and cards: the contract the production stage (batches, personalisation,
-- quality control, shipping) and the lifecycle stage (hand-over, loss, revocation, expiry,
-- replacement, the public status and revocation list) share. Each stage adds its own tables
-- (the chip files and card faces, the signed status lists) in later migrations.

-- Card numbers: 9 digits from this sequence and an ICAO 9303-3 §4.9 check digit (7-3-1 weights),
-- so a mistyped number is refused before any look-up. A number is taken inside the transaction
-- that creates its card: a rolled-back card leaves a gap, never a number used twice.
create sequence card_number_seq minvalue 1 maxvalue 999999999 no cycle;

create table card_batch (
  id                uuid primary key default gen_random_uuid(),
  reference         text not null unique,
  -- Approved applications are grouped by the office that will hand the cards over.
  receiving_unit_id text not null references admin_unit (id),
  status            text not null default 'open' check (status in ('open', 'personalising', 'quality_checked', 'shipped', 'received')),
  created_by        text not null,
  created_at        timestamptz not null default now(),
  shipped_at        timestamptz,
  received_at       timestamptz,
  updated_at        timestamptz not null default now(),
  check ((status in ('shipped', 'received')) = (shipped_at is not null)),
  check ((status = 'received') = (received_at is not null))
);
comment on table card_batch is 'Production batches of approved applications for one receiving office (docs/cards.md).';

-- Card states (DESIGN.md §6): personalised → quality_checked (or qc_failed, back to production)
-- → shipped → ready (at the receiving office) → active (handed over) → lost | stolen | revoked |
-- expired | replaced. A card that never reached the citizen ends as destroyed.
create table card (
  card_number       char(10) primary key check (card_number ~ '^[0-9]{10}$'),
  application_id    uuid not null unique references card_application (id),
  person_id         char(12) not null references person (id_number),
  batch_id          uuid not null references card_batch (id),
  status            text not null check (status in ('personalised', 'qc_failed', 'quality_checked', 'shipped',
                      'ready', 'active', 'lost', 'stolen', 'revoked', 'expired', 'replaced', 'destroyed')),
  issue_date        date not null,
  -- null: the card never expires (issued at 60 or later, DESIGN.md §6).
  expiry_date       date,
  handed_over_at    timestamptz,
  handed_over_by    text,
  status_changed_at timestamptz not null default now(),
  status_reason     text,
  replaced_by       char(10) references card (card_number),
  created_at        timestamptz not null default now(),
  check (expiry_date is null or expiry_date > issue_date),
  check ((handed_over_at is null) = (handed_over_by is null)),
  check (status not in ('active', 'lost', 'stolen', 'expired', 'replaced') or handed_over_at is not null)
);
comment on table card is 'Identity cards produced from applications, with their lifecycle state (docs/cards.md).';
comment on column card.card_number is '9-digit serial from card_number_seq and its ICAO 9303-3 check digit.';

-- At most one card in a citizen's hand at a time.
create unique index card_one_active on card (person_id) where status = 'active';
create index card_by_person on card (person_id);
create index card_by_batch on card (batch_id, status);
create index card_by_status_change on card (status_changed_at);

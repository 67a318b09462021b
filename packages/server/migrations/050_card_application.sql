-- Card applications (thu nhận hồ sơ) and their biometrics: the cards module's first stage
-- (DESIGN.md §6 "Identity card"). What production, hand-over and the statistics rely on is here;
-- the application stage adds its own tables (appointments, check results) in later migrations.
--
-- Lifecycle of an application (DESIGN.md §6): received → verified (automatic checks passed) →
-- approved | rejected, or cancelled; approved → in_production (in a batch) → produced
-- (personalised and quality-checked) → handed_over (the card is in the citizen's hand).
create table card_application (
  id                  uuid primary key default gen_random_uuid(),
  -- A stable, printable reference an officer reads to the citizen: HS + year + sequence.
  reference           text not null unique,
  person_id           char(12) not null references person (id_number),
  kind                text not null check (kind in ('first', 'renewal', 'reissue', 'lost')),
  -- For reissue: one of the legal reasons of DESIGN.md §6; null for the other kinds.
  reissue_reason      text check (reissue_reason in ('name-change', 'birth-date-change', 'features-change',
                        'sex-redetermination', 'printing-error', 'unit-change', 'new-id-number',
                        'damaged', 'regained-citizenship')),
  status              text not null default 'received' check (status in ('received', 'verified', 'approved',
                        'rejected', 'cancelled', 'in_production', 'produced', 'handed_over')),
  channel             text not null check (channel in ('office', 'online')),
  -- The police office that receives the application and will hand the card over: a current
  -- (generation-2) commune or province unit. Production batches are grouped by it.
  receiving_unit_id   text not null references admin_unit (id),
  -- What the citizen declared as changed from the register (field → value); the rest is read
  -- from the person document when the card is produced.
  declared_changes    jsonb not null default '{}',
  photo_jpeg          bytea,
  photo_width         integer,
  photo_height        integer,
  created_by          text not null,
  created_at          timestamptz not null default now(),
  decided_by          text,
  decided_at          timestamptz,
  decision_note       text,
  updated_at          timestamptz not null default now(),
  version             integer not null default 1,
  check ((kind = 'reissue') = (reissue_reason is not null)),
  check ((status in ('approved', 'rejected', 'in_production', 'produced', 'handed_over')) = (decided_by is not null)),
  -- The four-eyes rule: the officer who took the application never decides it.
  check (decided_by is null or decided_by <> created_by),
  check ((photo_jpeg is null) = (photo_width is null) and (photo_jpeg is null) = (photo_height is null))
);
comment on table card_application is 'Identity card applications (docs/cards.md): one per request for a card, with the face photo.';
comment on column card_application.receiving_unit_id is 'Current commune or province whose police office receives the application and hands the card over.';
comment on column card_application.declared_changes is 'Fields the citizen declared as changed from the register, by person-document field name.';

-- At most one open application per person (received, verified, approved or in production).
create unique index card_application_one_open on card_application (person_id)
  where status in ('received', 'verified', 'approved', 'in_production');
create index card_application_by_unit_status on card_application (receiving_unit_id, status, created_at);
create index card_application_by_day on card_application (created_at);

-- Ten finger positions of ISO/IEC 19794-4 (1 right thumb … 10 left little finger). A finger is
-- either captured (image, its format and an NFIQ-style quality 0..100) or missing with a legal
-- reason; fingerprint matching is not done here.
create table card_application_finger (
  application_id uuid not null references card_application (id) on delete cascade,
  position       smallint not null check (position between 1 and 10),
  image          bytea,
  format         text check (format in ('wsq', 'png', 'jpeg', 'jpeg2000')),
  width          integer,
  height         integer,
  quality        smallint check (quality between 0 and 100),
  missing_reason text check (missing_reason in ('amputated', 'bandaged', 'congenital', 'injured', 'unusable')),
  primary key (application_id, position),
  check ((image is null) = (missing_reason is not null)),
  check ((image is null) = (format is null) and (image is null) = (quality is null))
);
comment on table card_application_finger is 'Fingerprint images of an application by finger position (ISO/IEC 19794-4 Table 2), or the reason a finger is missing.';

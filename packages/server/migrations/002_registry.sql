-- The population register (DESIGN.md §6, the 26 fields of the National Population Database).
--
-- Shape: one row per person holding the CURRENT state (fast lookup, bulk-loadable with COPY),
-- plus append-only history: every change first copies the previous version into
-- person_version, and every life event is recorded with its legal basis and officer. Current
-- residence is kept on the person row in today's (generation-2) units, which is what
-- jurisdiction checks and province filters use; the unit as recorded at the time is kept too.

create table household (
  id            bigint generated always as identity primary key,
  -- Residence file number (số hồ sơ cư trú) of the household.
  file_number   text not null unique,
  unit_id       text not null references admin_unit (id),
  address_line  text not null,
  head_id       char(12),
  created_at    timestamptz not null default now()
);
create index household_head on household (head_id);

create table person (
  id_number                 char(12) primary key check (id_number ~ '^\d{12}$'),
  full_name                 text not null check (full_name = normalize(full_name, NFC) and length(full_name) between 1 and 200),
  -- Diacritic-free, lower-case form used by name search (DESIGN.md §5).
  search_name               text generated always as (immutable_unaccent(lower(full_name))) stored,
  other_names               text[] not null default '{}',
  birth_date                date not null,
  sex                       text not null check (sex in ('male', 'female')),
  place_of_birth            text,
  birth_registration_unit_id text references admin_unit (id),
  native_place              text,
  ethnicity                 text not null,
  religion                  text not null default 'Không',
  nationality               char(3) not null default 'VNM',
  blood_type                text check (blood_type in ('A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-')),
  old_id_number             text check (old_id_number ~ '^(\d{9}|\d{12})$'),
  -- Previous identity card: { "issueDate", "issuePlace", "expiryDate" }.
  previous_card             jsonb,
  father_id                 char(12),
  father_name               text,
  mother_id                 char(12),
  mother_name               text,
  spouse_id                 char(12),
  spouse_name               text,
  legal_representative_id   char(12),
  legal_representative_name text,
  -- Permanent residence (thường trú), as recorded (unit of its time) …
  permanent_unit_id         text references admin_unit (id),
  permanent_address         text,
  -- … temporary residence (tạm trú), current residence (nơi ở hiện tại), temporary absence.
  temporary_unit_id         text references admin_unit (id),
  temporary_address         text,
  temporary_until           date,
  current_unit_id           text references admin_unit (id),
  current_address           text,
  temporary_absence         jsonb,
  -- Where the person lives today in generation-2 units: jurisdiction and filters use these.
  current_commune_id        text references admin_unit (id),
  current_province_id       text references admin_unit (id),
  household_id              bigint references household (id),
  relationship_to_head      text,
  marital_status            text not null default 'single' check (marital_status in ('single', 'married', 'divorced', 'widowed')),
  death_date                date,
  missing_since             date,
  phone                     text check (phone ~ '^\+?[0-9]{8,15}$'),
  email                     text check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  -- Version bookkeeping of the current state.
  version                   integer not null default 1,
  updated_at                timestamptz not null default now(),
  updated_by                text not null,
  legal_basis               text not null
);
comment on table person is 'Current state of each person; previous versions are in person_version.';
create index person_search_name_trgm on person using gin (search_name gin_trgm_ops);
create index person_birth_date on person (birth_date, search_name);
create index person_current_commune on person (current_commune_id);
create index person_current_province on person (current_province_id, birth_date);
create index person_household on person (household_id);
create index person_father on person (father_id) where father_id is not null;
create index person_mother on person (mother_id) where mother_id is not null;
create index person_old_id on person (old_id_number) where old_id_number is not null;

-- Every superseded version of a person, whole, with who replaced it, when and why.
create table person_version (
  id_number    char(12) not null,
  version      integer not null,
  data         jsonb not null,
  valid_from   timestamptz not null,
  valid_to     timestamptz not null,
  recorded_by  text not null,
  legal_basis  text not null,
  primary key (id_number, version)
);

-- Life events: birth registration, change of residence, marriage, divorce, death, …
create table life_event (
  id           bigint generated always as identity primary key,
  id_number    char(12) not null,
  kind         text not null check (kind in ('birth', 'residence-change', 'marriage', 'divorce', 'death', 'missing', 'correction', 'household-change')),
  event_date   date not null,
  legal_basis  text not null,
  recorded_by  text not null,
  recorded_at  timestamptz not null default now(),
  request_id   text,
  details      jsonb not null default '{}'
);
create index life_event_person on life_event (id_number, id);
-- Idempotency: retrying the same request records the event once.
create unique index life_event_request on life_event (request_id, id_number, kind) where request_id is not null;

-- Per-prefix counters for ID number allocation (packages/idnumber: keyed permutation of the
-- counter, DESIGN.md §6). The counter is the only state; the number is a function of it.
create table id_number_counter (
  prefix  char(6) primary key check (prefix ~ '^\d{6}$'),
  next    integer not null check (next between 0 and 1000000)
);

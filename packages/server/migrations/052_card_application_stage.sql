-- The application stage of the cards module (docs/cards.md "Applications and approval"): what it
-- adds to the shared contract of 050 — the reference sequence, who captured the biometrics, the
-- results of the automatic checks, and online appointments with a capacity per office and day.

-- References HS<year>-<n>: n from this sequence, zero-padded to 6 digits (more when it grows).
-- Not per year: one sequence keeps references unique without a counter row everyone locks.
create sequence card_application_ref_seq minvalue 1 no cycle;

-- Who photographed and fingerprinted the citizen. For an online application this officer is the
-- one who received the citizen at the office: the four-eyes rule applies to them as to created_by.
alter table card_application add column biometrics_by text;
-- The request (Idempotency-Key, else X-Request-Id) that created the application: a retry of the
-- same request answers with the application it made instead of creating a second one.
alter table card_application add column created_request text unique;

comment on column card_application.biometrics_by is 'Officer who last stored the photo or fingerprints; never the one who decides (four-eyes).';

-- Every run of the automatic checks (thẩm định), passed or not, with each failure explained.
create table card_application_check (
  id             bigint generated always as identity primary key,
  application_id uuid not null references card_application (id) on delete cascade,
  run_by         text not null,
  run_at         timestamptz not null default now(),
  passed         boolean not null,
  -- [{ code, message }]: empty when passed.
  failures       jsonb not null default '[]',
  check (passed = (jsonb_array_length(failures) = 0))
);
create index card_application_check_by_application on card_application_check (application_id, id desc);
comment on table card_application_check is 'Runs of the automatic checks of a card application against the register (docs/cards.md).';

-- Appointment capacity per police office and day. An office without a row takes the default of
-- the code (cards/appointments.ts DEFAULT_DAILY_CAPACITY).
create table card_office_capacity (
  unit_id    text primary key references admin_unit (id),
  per_day    integer not null check (per_day between 0 and 10000),
  updated_by text not null,
  updated_at timestamptz not null default now()
);
comment on table card_office_capacity is 'Online appointments a police office accepts per day.';

-- One counter row per office and day: a booking increments `booked` with an update whose WHERE
-- requires a free place, and the check below is the last line — two concurrent bookings of the
-- last place serialise on the row and the second finds it full (no double booking).
create table card_appointment_day (
  unit_id  text not null references admin_unit (id),
  day      date not null,
  capacity integer not null check (capacity >= 0),
  booked   integer not null default 0 check (booked >= 0),
  primary key (unit_id, day),
  check (booked <= capacity)
);
comment on table card_appointment_day is 'Bookings per office and day against the capacity in force when the day was last booked.';

-- The appointment of an online application: which office, which day, how to reach the citizen.
create table card_appointment (
  application_id uuid primary key references card_application (id) on delete cascade,
  unit_id        text not null references admin_unit (id),
  day            date not null,
  phone          text not null,
  -- Set when the application is cancelled: the place was given back to the day.
  released_at    timestamptz,
  created_at     timestamptz not null default now(),
  foreign key (unit_id, day) references card_appointment_day (unit_id, day)
);
create index card_appointment_by_day on card_appointment (unit_id, day);
comment on table card_appointment is 'Appointment slot of an online card application (a day at a police office).';

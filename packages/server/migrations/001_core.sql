-- Core schema: extensions, administrative units, officers and their sessions, the audit log,
-- the outbox. Registry tables come in later migrations.

create extension if not exists pgcrypto;
create extension if not exists unaccent;
create extension if not exists pg_trgm;
create extension if not exists btree_gin;

-- unaccent() is only STABLE (its dictionary could change); indexes need an IMMUTABLE function.
-- Pinning the dictionary makes that promise true for our use (DESIGN.md §5: diacritic-insensitive
-- name search over NFC-normalised text).
create or replace function immutable_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Administrative units of both generations (DESIGN.md §6). Codes are national statistics codes
-- and are REUSED across generations (commune 00004 is Trúc Bạch before 1 July 2025 and Ba Đình
-- after), so the key carries the generation: '<generation>:<code>'.
create table admin_unit (
  id          text primary key,
  generation  smallint not null check (generation in (1, 2)),
  level       text not null check (level in ('province', 'commune')),
  code        text not null,
  name        text not null,
  province_id text references admin_unit (id),
  -- Validity in the Asia/Ho_Chi_Minh calendar; null valid_from = in force since before records.
  valid_from  date,
  valid_to    date,
  unique (generation, level, code),
  check ((level = 'province') = (province_id is null))
);
comment on table admin_unit is 'Provinces and communes of generation 1 (until 2025-06-30: 63 provinces, 10,047 communes) and 2 (from 2025-07-01: 34 provinces, 3,321 communes).';
create index admin_unit_province on admin_unit (province_id);

-- Which generation-2 unit(s) a generation-1 unit went into on 1 July 2025.
create table admin_unit_succession (
  predecessor_id text not null references admin_unit (id),
  successor_id   text not null references admin_unit (id),
  -- true when only part of the predecessor's territory went to this successor.
  partial        boolean not null,
  primary key (predecessor_id, successor_id)
);
create index admin_unit_succession_successor on admin_unit_succession (successor_id);

-- Officers: the people who use the register. Jurisdiction is the unit they act in (null for
-- national roles). Passwords are scrypt hashes; tokens are stored only as SHA-256 digests.
create table officer (
  id              uuid primary key default gen_random_uuid(),
  username        text not null unique check (username ~ '^[a-z0-9._-]{3,64}$'),
  display_name    text not null,
  role            text not null check (role in ('admin', 'central', 'province', 'commune', 'auditor')),
  jurisdiction_id text references admin_unit (id),
  password_hash   text not null,
  active          boolean not null default true,
  created_at      timestamptz not null default now(),
  check ((role in ('province', 'commune')) = (jurisdiction_id is not null))
);

create table officer_session (
  token_hash  bytea primary key,
  officer_id  uuid not null references officer (id),
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  revoked_at  timestamptz
);
create index officer_session_officer on officer_session (officer_id);

-- The audit log: append-only and hash-chained. Each row's hash covers its content and the
-- previous row's hash, so a changed, removed or inserted row breaks the chain from that row on
-- (`cancuoc audit verify`). audit_head holds the last seq/hash, so truncating the tail is
-- detected too. Appends lock audit_head, which serialises them into one chain.
create table audit_log (
  seq        bigint primary key,
  at         timestamptz not null,
  actor      text not null,
  action     text not null,
  subject    text,
  request_id text,
  details    jsonb not null,
  prev_hash  bytea not null,
  hash       bytea not null
);
comment on column audit_log.actor is 'officer:<uuid>, system, or cli:<command>';
comment on column audit_log.subject is 'personal ID number the entry is about, when there is one';
create index audit_log_subject on audit_log (subject, seq) where subject is not null;
create index audit_log_actor on audit_log (actor, seq);

create table audit_head (
  singleton boolean primary key default true check (singleton),
  seq       bigint not null,
  hash      bytea not null
);
insert into audit_head (seq, hash) values (0, '\x0000000000000000000000000000000000000000000000000000000000000000');

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- Transactional outbox: events written in the same transaction as the change they announce,
-- delivered later by a worker.
create table outbox_event (
  id           bigint generated always as identity primary key,
  at           timestamptz not null default now(),
  topic        text not null,
  key          text,
  payload      jsonb not null,
  delivered_at timestamptz
);
create index outbox_event_pending on outbox_event (id) where delivered_at is null;

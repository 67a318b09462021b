-- Register security (docs/security.md): per-account login backoff, idempotency keys bound to
-- the request they were first used for, and a word index for name search by whole syllables.

-- Consecutive failed logins per username as typed (auth/login-throttle.ts). Usernames that
-- belong to no account are counted too, so the throttle does not tell which accounts exist.
create table login_failure (
  username     text primary key,
  failures     integer not null check (failures > 0),
  last_failure timestamptz not null
);
create index login_failure_last on login_failure (last_failure);
comment on table login_failure is 'consecutive failed logins per username; cleared by a successful login, forgotten after a day';

-- The first request an idempotency key was used for (registry/idempotency.ts): a retry with the
-- same key must be the same request by the same officer; anything else is refused (422), never
-- answered with the first request's result.
create table idempotency_key (
  key          text primary key,
  officer_id   uuid not null references officer (id),
  fingerprint  bytea not null,
  created_at   timestamptz not null default now()
);
comment on column idempotency_key.fingerprint is 'SHA-256 of the method, route, path parameters and canonical JSON body';

-- Name search by whole syllables ("Lê", "Vũ", "Đỗ": two-letter family names have too few
-- trigrams for similarity search): the distinct names whose words include every word asked for.
create index person_name_words on person_name using gin (string_to_array(search_name, ' '));

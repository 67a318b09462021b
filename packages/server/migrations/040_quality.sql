-- Data quality ("đúng, đủ, sạch, sống", docs/quality.md): the quality module's own tables
-- (packages/server/src/quality). It reads the register only through the register's read
-- interface for quality (migration 041, views registry_quality_*), never its tables.

-- levenshtein_less_equal() for the name comparison of duplicate scoring (contrib, like pg_trgm).
create extension if not exists fuzzystrmatch;

-- One `cancuoc quality run`: which checks it ran, when, and what it found.
create table quality_run (
  id           bigint generated always as identity primary key,
  started_at   timestamptz not null default now(),
  finished_at  timestamptz,
  actor        text not null,
  checks       text[] not null check (checks <@ array['rules', 'duplicates']),
  persons      bigint,
  details      jsonb not null default '{}'
);
comment on table quality_run is 'quality runs; findings of the latest finished run are kept, counts of every run (quality_stat)';

-- What a rule found in the register: a person (id_number) or a household, where they live today
-- (generation-2 commune and province) and the unit their residence is recorded under (for the
-- reports by pre-2025 province). Only the latest finished run's findings are kept.
create table quality_finding (
  run_id        bigint not null references quality_run (id) on delete cascade,
  rule          text not null,
  id_number     char(12),
  household_id  bigint,
  commune_id    text,
  province_id   text,
  unit_id       text,
  details       jsonb not null default '{}',
  check (id_number is not null or household_id is not null)
);
create index quality_finding_commune on quality_finding (run_id, commune_id, rule);
create index quality_finding_province on quality_finding (run_id, province_id, rule);
create index quality_finding_rule on quality_finding (run_id, rule);
create index quality_finding_person on quality_finding (id_number) where id_number is not null;

-- Counts per run, commune (today's), recorded unit's pre-2025 province and rule: the reports over
-- time (GET /stats/quality). `rule` is a rule code or an aggregate: '*' (any rule),
-- 'category:<c>', 'severity:<s>', 'duplicate' (persons in an open duplicate pair).
create table quality_stat (
  run_id           bigint not null references quality_run (id) on delete cascade,
  commune_id       text,
  province_id      text,
  old_province_id  text,
  rule             text not null,
  findings         integer not null,
  persons_affected integer not null
);
create index quality_stat_run on quality_stat (run_id, rule);

-- Residents per cell at the time of the run: the denominators of the rates.
create table quality_population (
  run_id           bigint not null references quality_run (id) on delete cascade,
  commune_id       text,
  province_id      text,
  old_province_id  text,
  persons          integer not null
);
create index quality_population_run on quality_population (run_id);

-- Candidate duplicate pairs (a < b) with their score, band and per-field explanation, where each
-- person lived when the pair was last scored (the review queues), and the decision taken on them.
-- A pair that was rejected, merged or whose merge was undone is never proposed again: re-runs
-- update only open pairs.
create table quality_pair (
  id            bigint generated always as identity primary key,
  a             char(12) not null,
  b             char(12) not null check (a < b),
  score         real not null,
  band          text not null check (band in ('same', 'review')),
  explanation   jsonb not null,
  a_commune     text,
  a_province    text,
  b_commune     text,
  b_province    text,
  -- The smallest jurisdiction holding both: a commune's queue, else a province's, else central.
  scope_commune  text generated always as (case when a_commune = b_commune then a_commune end) stored,
  scope_province text generated always as (case when a_province = b_province then a_province end) stored,
  status        text not null default 'open' check (status in ('open', 'rejected', 'merged', 'undone', 'superseded')),
  first_run     bigint not null,
  last_run      bigint not null,
  decided_by    text,
  decided_at    timestamptz,
  merge_id      bigint,
  survivor      char(12),
  unique (a, b)
);
create index quality_pair_open on quality_pair (band, score desc, id) where status = 'open';
create index quality_pair_commune on quality_pair (scope_commune, band, score desc, id) where status = 'open' and scope_commune is not null;
create index quality_pair_province on quality_pair (scope_province, band, score desc, id) where status = 'open' and scope_province is not null;
create index quality_pair_a on quality_pair (a);
create index quality_pair_b on quality_pair (b);
create index quality_pair_merge on quality_pair (merge_id) where merge_id is not null;

-- Every decision on a pair, append-only: confirm (a merge), reject, and the undo of a merge.
create table quality_decision (
  id           bigint generated always as identity primary key,
  pair_id      bigint not null references quality_pair (id),
  decision     text not null check (decision in ('confirm', 'reject', 'undo')),
  decided_by   text not null,
  decided_at   timestamptz not null default now(),
  legal_basis  text,
  note         text,
  merge_id     bigint,
  request_id   text not null
);
create index quality_decision_pair on quality_decision (pair_id, id);
create unique index quality_decision_request on quality_decision (request_id, pair_id, decision);

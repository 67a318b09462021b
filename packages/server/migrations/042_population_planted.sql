-- The key of what `cancuoc seed --dirty RATE` planted (src/population/dirt.ts, docs/population.md):
-- known duplicates and rule violations, so that the quality module's precision and recall can be
-- measured (bench:dedup, quality tests). Owned by the population module; others read it through
-- population/planted.ts.
create table seed_planted (
  id               bigint generated always as identity primary key,
  seed             bigint not null,
  -- 'duplicate': id_number is a second record of other_id_number; 'violation': of rule `code`.
  kind             text not null check (kind in ('duplicate', 'violation')),
  -- The duplicate's variant (typo, diacritics, swapped-date, married-name, …) or the rule's code.
  code             text not null,
  id_number        char(12),
  other_id_number  char(12),
  household_id     bigint,
  details          jsonb not null default '{}'
);
create index seed_planted_kind on seed_planted (kind, code);

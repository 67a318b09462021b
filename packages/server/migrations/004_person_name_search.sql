-- Name search at national scale (GET /api/v1/persons?name=…, src/registry/sql.ts).
--
-- Measured on 10 million synthetic persons: a trigram GIN index over person.search_name answers a
-- name-only query in 0.35–25 s, because Vietnamese names share a few very common trigrams
-- ("ngu", "guy", "yen", "thi", " va") whose posting lists hold millions of rows, and every
-- candidate must then be fetched from the heap. But those 10 million persons carry only ~130,000
-- distinct names. So the search runs in two steps:
--   1. trigram similarity over the DISTINCT names (person_name, GIN) → the best few dozen names;
--   2. the persons with those names through a btree on (search_name, current_province_id,
--      current_commune_id, id_number): equality on the name and on the jurisdiction, read in
--      index order, stopping at the LIMIT.
-- A date of birth narrows the search differently: person_birth_date (birth_date, search_name)
-- leaves a few hundred rows per day to compare.

create table person_name (
  search_name text primary key
);
comment on table person_name is 'Every distinct person.search_name, for trigram search (kept by the triggers below; never pruned: a name nobody bears any more finds nobody).';
insert into person_name select distinct search_name from person;
create index person_name_trgm on person_name using gin (search_name gin_trgm_ops);

-- Statement-level triggers with transition tables: one set-based insert per statement, so a
-- COPY of millions of rows adds one DISTINCT over them rather than a trigger call per row.
create function person_name_collect() returns trigger language plpgsql as $$
begin
  insert into person_name (search_name) select distinct search_name from new_rows on conflict do nothing;
  return null;
end $$;
create trigger person_name_after_insert after insert on person
  referencing new table as new_rows for each statement execute function person_name_collect();
create trigger person_name_after_update after update on person
  referencing new table as new_rows for each statement execute function person_name_collect();

-- Step 2's index; it replaces the trigram index on person, which no query uses any more.
drop index if exists person_search_name_trgm;
create index person_search_name on person (search_name, current_province_id, current_commune_id, id_number);

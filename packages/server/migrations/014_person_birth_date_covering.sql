-- Name + date-of-birth search (registry/sql.ts byDate) from the index alone. About 370 persons
-- share a date of birth at 10 M; with person_birth_date on (birth_date, search_name) only, the
-- similarity of every one of their names was computed from the heap, one page each. A query
-- the cache had not seen read ~363 heap pages (~100 ms on this machine's disk; bench:search,
-- "first ask"). With the jurisdiction filters, the ranking's tie-breakers and the key in the
-- index, the day's names are ranked by an index-only scan (heap pages are skipped where the
-- visibility map says all-visible, as after the seed's COPY FREEZE), and only the ≤ limit
-- persons returned are read from the heap.
drop index if exists person_birth_date;
create index person_birth_date on person (birth_date, search_name)
  include (current_province_id, current_commune_id, id_number);

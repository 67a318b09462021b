-- The register's read interface for quality (migration 041), continued: an index in the order
-- duplicate detection blocks persons (quality/dedup/blocking.ts), with its keys stored.
--
-- Detection pairs persons of the same date of birth and ID prefix PPPG who share the first letter
-- of the given name or their family and middle names. Computed from search_name for every person
-- of a range, those keys cost ~1 µs per person (split_part, left, length, hashtext: measured at
-- 1 M persons, 100,000 of them read in 14 ms from the index, in 116 ms with the keys computed) —
-- more than the read and the blocking together. Stored here, an index-only scan returns them, in
-- an order whose prefix (birth_date, ID prefix) lets two scans of one range be merge-joined into
-- the blocks without a sort, a hash or a window.
--
-- blocking.ts spells these expressions exactly as here (the planner matches them textually);
-- dedup.test.ts checks that the detection's plan reads this index.
set local maintenance_work_mem = '1GB';
create index person_dedup_block on person (
  birth_date,
  (left(id_number, 4)::int),
  (ascii(split_part(search_name, ' ', -1))),
  (hashtext(left(search_name, length(search_name) - length(split_part(search_name, ' ', -1)))))
) include (search_name, id_number);
comment on index person_dedup_block is 'duplicate detection''s blocking keys (quality/dedup/blocking.ts): date of birth, ID prefix PPPG, first letter of the given name, hash of the family and middle names';

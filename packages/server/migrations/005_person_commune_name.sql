-- Name search by a commune officer (results restricted to their commune): the commune's
-- residents are few (thousands), so comparing every one of their names is cheaper than the
-- national two-step search of migration 004 — provided the names come from an index, not from
-- the heap. This index replaces person_current_commune, whose queries (current_commune_id = …)
-- it serves as well through its leading column.
drop index if exists person_current_commune;
create index person_current_commune_name on person (current_commune_id, search_name, id_number);

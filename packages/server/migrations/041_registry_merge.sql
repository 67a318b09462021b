-- The register: merging duplicate records (registry/merge.ts, docs/data-model.md "Merges"), and
-- the register's read interface for the quality module (views registry_quality_*).

-- ---- merges ----

-- A merge is recorded as life events of every record it touches: 'merge' (the survivor, the
-- retired record, every relative whose reference moved), 'merge-undo' when it is undone.
alter table life_event drop constraint life_event_kind_check;
alter table life_event add constraint life_event_kind_check
  check (kind in ('birth', 'residence-change', 'marriage', 'divorce', 'death', 'spouse-death', 'missing', 'correction',
                  'household-change', 'merge', 'merge-undo'));

-- One merge of two records of the same person: the survivor keeps its number, the retired
-- record's number points to it from then on. Everything the merge changed is kept here so that
-- it can be undone exactly (within undo_until, by a central officer).
create table person_merge (
  id                bigint generated always as identity primary key,
  survivor          char(12) not null,
  retired           char(12) not null check (retired <> survivor),
  merged_at         timestamptz not null default now(),
  merged_by         text not null,
  legal_basis       text not null,
  request_id        text not null,
  undo_until        timestamptz not null,
  -- The retired record's last version: person_version (retired, retired_version) holds it whole.
  retired_version   integer not null,
  -- The survivor's version the merge made.
  survivor_version  integer,
  -- Columns the merge set on the survivor: { column: { "from": …, "to": … } }.
  survivor_changes  jsonb not null default '{}',
  -- References moved from the retired number to the survivor:
  -- [{ "kind": "person", "idNumber", "column" }, { "kind": "household", "id", "to" }].
  moved             jsonb not null default '[]',
  -- Numbers retired earlier into the retired record, now pointing to the survivor.
  repointed         jsonb not null default '[]',
  -- What each merge listener (another module's references: cards, applications) moved.
  listeners         jsonb not null default '{}',
  undone_at         timestamptz,
  undone_by         text,
  undo_legal_basis  text,
  undo_request_id   text
);
create unique index person_merge_request on person_merge (request_id);
create index person_merge_survivor on person_merge (survivor);
create index person_merge_retired on person_merge (retired);
comment on table person_merge is 'merges of duplicate person records (registry/merge.ts); the retired record''s data stays in person_version';

-- Retired numbers and the record each points to now (it follows later merges of the survivor).
-- A retired number is never issued again and answers GET /persons/{id} with person-merged.
create table person_retired (
  id_number  char(12) primary key,
  survivor   char(12) not null,
  merge_id   bigint not null references person_merge (id)
);
create index person_retired_survivor on person_retired (survivor);

-- A merge moves every reference to the retired number: children (person_father, person_mother),
-- households (household_head), spouses and legal representatives (person_spouse,
-- person_legal_representative, from 017_person_document) all have indexes.

-- ---- the register's read interface for the quality module ----
-- The quality module (src/quality) runs set-based checks over tens of millions of persons, so it
-- reads the register in SQL — through these views only. They are the register's contract with it:
-- the register may change its tables as long as these keep their columns and meaning.

-- Persons as recorded (no bookkeeping columns). Selecting only id_number, birth_date and
-- search_name is answered from the index person_birth_date alone.
create view registry_quality_person as
select id_number, full_name, search_name, other_names, birth_date, sex, place_of_birth, birth_registration_unit_id,
       native_place, ethnicity, religion, nationality, blood_type, old_id_number, previous_card,
       father_id, father_name, mother_id, mother_name, spouse_id, spouse_name,
       legal_representative_id, legal_representative_name,
       permanent_unit_id, permanent_address, temporary_unit_id, temporary_address, current_unit_id, current_address,
       current_commune_id, current_province_id, household_id, relationship_to_head, marital_status, death_date, missing_since,
       phone, email
from person;

-- Persons for record linkage: relatives' names as the record shows them (the linked relative's
-- name when only the ID number is stored), ready to compare.
create view registry_quality_match as
select p.id_number, p.full_name, p.search_name, p.birth_date, p.sex, p.place_of_birth, p.native_place, p.ethnicity,
       p.religion, p.blood_type, p.old_id_number, p.phone, p.email, p.current_unit_id, p.current_commune_id,
       p.current_province_id, p.current_address, p.household_id, p.marital_status, p.death_date,
       p.father_id, p.mother_id, p.spouse_id,
       coalesce(p.father_name, case when p.father_id is not null then (select f.full_name from person f where f.id_number = p.father_id) end) as father_name,
       coalesce(p.mother_name, case when p.mother_id is not null then (select m.full_name from person m where m.id_number = p.mother_id) end) as mother_name,
       coalesce(p.spouse_name, case when p.spouse_id is not null then (select s.full_name from person s where s.id_number = p.spouse_id) end) as spouse_name
from person p;

create view registry_quality_household as
select id, unit_id, head_id from household;

-- Marriages as registered (life events), for the marriage-age rule.
create view registry_quality_marriage as
select id_number, event_date from life_event where kind = 'marriage';

-- Equal-count boundaries of birth dates and the number of persons, from the planner's statistics
-- (no scan): the quality run cuts the population into ranges with them.
create view registry_quality_birth_date_bounds as
select s.histogram_bounds::text::date[] as bounds, c.reltuples::float8 as persons
from pg_class c left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'person' and s.attname = 'birth_date'
where c.oid = 'person'::regclass;

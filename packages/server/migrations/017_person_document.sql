-- The person document (docs/data-model.md "The person document"): the full view GET
-- /api/v1/persons/{id} returns is kept as ONE row — the person's own columns plus `document`, the
-- part that comes from other rows: the names and nationalities of father, mother, spouse and legal
-- representative, the children, and the household (file number, head, unit, address). Reads,
-- verification and eKYC read that row by its primary key and join nothing. The write path keeps it
-- current in the same transaction as every change that alters it (registry/documents.ts), the
-- relatives' changes included: a child's birth changes the parents' documents, a head's move the
-- members'.

-- What a person's document is, computed from the tables: the one definition. The write path
-- refreshes documents from it; the tests compare every stored document with it.
create view person_document_view as
select p.id_number, jsonb_build_object(
    'father', case when p.father_id is null then null else jsonb_build_object('fullName', f.full_name, 'nationality', f.nationality) end,
    'mother', case when p.mother_id is null then null else jsonb_build_object('fullName', m.full_name, 'nationality', m.nationality) end,
    'spouse', case when p.spouse_id is null then null else jsonb_build_object('fullName', s.full_name, 'nationality', s.nationality) end,
    'legalRepresentative', case when p.legal_representative_id is null then null
                                else jsonb_build_object('fullName', r.full_name, 'nationality', r.nationality) end,
    -- Children eldest first; a child listed under both parents' columns once.
    'children', coalesce((
      select jsonb_agg(jsonb_build_object('idNumber', c.id_number, 'fullName', c.full_name, 'nationality', c.nationality)
                       order by c.birth_date, c.id_number)
      from (select id_number, full_name, nationality, birth_date from person where father_id = p.id_number
            union all
            select id_number, full_name, nationality, birth_date from person
            where mother_id = p.id_number and father_id is distinct from p.id_number) c), '[]'::jsonb),
    'household', case when p.household_id is null then null else jsonb_build_object(
      'fileNumber', h.file_number, 'headId', h.head_id, 'headName', hh.full_name, 'unitId', h.unit_id, 'address', h.address_line) end
  ) as document
from person p
left join person f on f.id_number = p.father_id
left join person m on m.id_number = p.mother_id
left join person s on s.id_number = p.spouse_id
left join person r on r.id_number = p.legal_representative_id
left join household h on h.id = p.household_id
left join person hh on hh.id_number = h.head_id;
comment on view person_document_view is 'a person''s document computed from the tables (migration 017); person.document must always equal it';

alter table person add column document jsonb;
comment on column person.document is 'the part of the person''s full view that comes from other rows (relatives, children, household); kept current by the write path (registry/documents.ts)';

-- Who names whom as spouse or legal representative: a person's new name shows in the documents
-- they appear in. Spouses are not always mutual: a widowed person who remarried is still named by
-- the deceased's record.
create index person_spouse on person (spouse_id) where spouse_id is not null;
create index person_legal_representative on person (legal_representative_id) where legal_representative_id is not null;

-- Refreshes the documents a change can alter: the persons written, their parents (children lists),
-- spouses, children, the persons they represent, and every member of the households they belonged
-- to before or belong to now, or that the change touched. Writes only documents that differ.
create function refresh_person_documents(p_persons char(12)[], p_households bigint[]) returns integer
language sql as $$
  with written as (
    select id_number, father_id, mother_id, spouse_id, household_id from person where id_number = any(p_persons)
  ), households as (
    select unnest(p_households) as id
    union select household_id from written where household_id is not null
    union select id from household where head_id = any(p_persons)
  ), targets as (
    select id_number as id from written
    union select father_id from written where father_id is not null
    union select mother_id from written where mother_id is not null
    union select id_number from person where father_id = any(p_persons)
    union select id_number from person where mother_id = any(p_persons)
    union select id_number from person where spouse_id = any(p_persons)
    union select id_number from person where legal_representative_id = any(p_persons)
    union select id_number from person where household_id in (select id from households)
  ), changed as (
    update person p set document = v.document
    from person_document_view v
    where v.id_number in (select id from targets) and p.id_number = v.id_number and p.document is distinct from v.document
    returning 1
  )
  select count(*)::int from changed
$$;
comment on function refresh_person_documents is 'keeps person.document current after a write (registry/documents.ts); returns how many documents changed';

-- Every person registered so far gets their document.
update person p set document = v.document from person_document_view v where v.id_number = p.id_number;

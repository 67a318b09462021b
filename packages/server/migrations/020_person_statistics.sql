-- Dashboards (src/registry/statistics.ts): deaths per month. A person's death date is set for a
-- small share of the register, so a partial index keeps "deaths in these months [in this
-- province]" off a scan of every person. Births per month use person_birth_date (national) and
-- person_current_province (per province), which lead with the birth date already.
create index person_death_date on person (death_date, current_province_id) where death_date is not null;

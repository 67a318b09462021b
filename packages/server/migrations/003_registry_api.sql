-- Register API support (src/registry): residence file numbers (số hồ sơ cư trú) for households
-- created through the API, `<commune code>-<8-digit sequence>`.
create sequence household_file_seq;

-- The surviving spouse's record changes when a married person dies ('widowed'); that change is
-- an event of the survivor's own, not a second 'death'.
alter table life_event drop constraint life_event_kind_check;
alter table life_event add constraint life_event_kind_check
  check (kind in ('birth', 'residence-change', 'marriage', 'divorce', 'death', 'spouse-death', 'missing', 'correction', 'household-change'));

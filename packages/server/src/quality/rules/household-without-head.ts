// Sạch: a household with members has a head (chủ hộ, field 17). A head who leaves leaves it
// without one until another is designated (registry/life-events.ts): the campaign finds those.
import type { Rule } from '../rule.ts';

export const householdWithoutHead: Rule = {
  code: 'DQ-010',
  name: 'household-without-head',
  severity: 'error',
  category: 'consistency',
  message: {
    vi: 'Hộ gia đình có thành viên nhưng không có chủ hộ',
    en: 'A household with members has no head',
  },
  // Households without a head are few: their members are counted through person_household.
  sql: `
    select null::char(12) as id_number, h.id as household_id, m.commune_id, m.province_id, h.unit_id,
      jsonb_build_object('members', m.n) as details
    from registry_quality_household h
    cross join lateral (
      select count(*)::int as n, min(x.current_commune_id) as commune_id, min(x.current_province_id) as province_id
      from registry_quality_person x where x.household_id = h.id) m
    where h.head_id is null and m.n > 0`,
};

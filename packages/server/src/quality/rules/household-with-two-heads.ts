// Sạch: a household has one head: two or more members recorded with the relationship
// "Chủ hộ" contradict each other (field 16).
import type { Rule } from '../rule.ts';

export const householdWithTwoHeads: Rule = {
  code: 'DQ-011',
  name: 'household-with-two-heads',
  severity: 'error',
  category: 'consistency',
  message: {
    vi: 'Hộ gia đình có từ hai người là chủ hộ',
    en: 'A household has two or more members recorded as its head',
  },
  sql: `
    select null::char(12) as id_number, x.household_id, min(x.current_commune_id) as commune_id,
      min(x.current_province_id) as province_id, h.unit_id, jsonb_build_object('heads', count(*)) as details
    from registry_quality_person x join registry_quality_household h on h.id = x.household_id
    where x.relationship_to_head = 'Chủ hộ'
    group by x.household_id, h.unit_id
    having count(*) > 1`,
};

// Sạch: a person belongs to one household. Membership is one column of the person's record, so
// the contradiction shows as a person who heads a household other than their own (or two).
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const personInTwoHouseholds: Rule = {
  code: 'DQ-012',
  name: 'person-in-two-households',
  severity: 'error',
  category: 'consistency',
  message: {
    vi: 'Một người là chủ hộ của hộ khác với hộ mình là thành viên',
    en: 'A person heads a household other than the one they belong to',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('heads', h.id::text, 'memberOf', p.household_id::text) as details
    from registry_quality_household h join registry_quality_person p on p.id_number = h.head_id
    where p.household_id is distinct from h.id`,
};

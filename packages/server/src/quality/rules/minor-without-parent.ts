// Đủ: a child's record names its parents (field 15; a birth is registered with at least the
// mother, or a guardian). A living person under 14 with no father, no mother and no legal
// representative on record is incomplete.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const minorWithoutParent: Rule = {
  code: 'DQ-002',
  name: 'minor-without-parent',
  severity: 'error',
  category: 'completeness',
  message: {
    vi: 'Người dưới 14 tuổi không có cha, mẹ hoặc người đại diện theo pháp luật trong hồ sơ',
    en: 'A person under 14 has no father, mother or legal representative on record',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('birthDate', p.birth_date) as details
    from registry_quality_person p
    where p.birth_date > $1::date - interval '14 years' and p.death_date is null
      and p.father_id is null and p.father_name is null and p.mother_id is null and p.mother_name is null
      and p.legal_representative_id is null and p.legal_representative_name is null`,
};

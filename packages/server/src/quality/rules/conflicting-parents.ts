// Sạch: the parents a record names must agree with themselves and with their own records: a
// father is a man and a mother a woman, neither is the person, not one person as both, and a
// parent's name recorded beside the link is that parent's name (diacritics and case aside).
import { eachLinkedParent, PERSON_SUBJECT, type Rule } from '../rule.ts';

const SEX = { father: 'male', mother: 'female' } as const;

export const conflictingParents: Rule = {
  code: 'DQ-013',
  name: 'conflicting-parents',
  severity: 'error',
  category: 'consistency',
  message: {
    vi: 'Thông tin cha mẹ mâu thuẫn (giới tính, tên, hoặc cùng một người)',
    en: 'The parents on record contradict each other or their own records (sex, name, or the same person)',
  },
  sql: `${eachLinkedParent({
    where: (parent) => `par.sex <> '${SEX[parent]}'
      or (p.${parent}_name is not null and immutable_unaccent(lower(p.${parent}_name)) <> par.search_name)`,
    details: (parent) => `jsonb_build_object('parent', '${parent}', 'reason', case when par.sex <> '${SEX[parent]}' then 'sex' else 'name' end)`,
  })}
    union all
    select ${PERSON_SUBJECT}, jsonb_build_object('reason', case when p.father_id = p.mother_id then 'same-person' else 'self' end) as details
    from registry_quality_person p
    where p.father_id = p.mother_id or p.father_id = p.id_number or p.mother_id = p.id_number`,
};

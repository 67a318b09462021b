// Sạch: an old 9- or 12-digit ID (CMND, field 13) belonged to one person; the same number on two
// records is two records of one person, or a wrong number on one of them.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const oldIdShared: Rule = {
  code: 'DQ-014',
  name: 'old-id-shared',
  severity: 'error',
  category: 'uniqueness',
  message: {
    vi: 'Cùng một số CMND cũ trên nhiều người',
    en: 'One old ID (CMND) number is on two or more persons',
  },
  // The shared numbers from person_old_id alone (grouped in index order), then their holders.
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('oldIdNumber', p.old_id_number, 'holders', s.n) as details
    from (select old_id_number, count(*)::int as n from registry_quality_person
          where old_id_number is not null group by old_id_number having count(*) > 1) s
    join registry_quality_person p on p.old_id_number = s.old_id_number`,
};

// Sạch: two records that the duplicate detection scored in the "same person" band and that no
// officer has decided on yet (quality/dedup). Each of the two is reported; the finding names the
// pair, which only officers who may read both persons can open.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const probableDuplicate: Rule = {
  code: 'DQ-017',
  name: 'probable-duplicate',
  severity: 'warning',
  category: 'uniqueness',
  message: {
    vi: 'Có thể trùng với một hồ sơ khác (chờ cán bộ xem xét)',
    en: 'Probably a second record of a person registered twice (awaiting review)',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('pairId', q.id::text, 'score', q.score) as details
    from quality_pair q join registry_quality_person p on p.id_number in (q.a, q.b)
    where q.status = 'open' and q.band = 'same'`,
};

// Sạch: a married person names their spouse (field 15), and a living spouse linked by ID number
// is married to them in return. (A widowed survivor keeps naming the deceased: not reported.)
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const spouseInconsistent: Rule = {
  code: 'DQ-015',
  name: 'spouse-inconsistent',
  severity: 'warning',
  category: 'consistency',
  message: {
    vi: 'Tình trạng hôn nhân không khớp: đã kết hôn mà không có vợ/chồng, hoặc vợ/chồng không ghi nhận lại',
    en: 'Marital status does not add up: married without a spouse, or a spouse whose record does not name them back',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('reason', 'no-spouse') as details
    from registry_quality_person p
    where p.marital_status = 'married' and p.spouse_id is null and p.spouse_name is null
    union all
    select ${PERSON_SUBJECT}, jsonb_build_object('reason', 'not-reciprocal', 'spouseIdNumber', s.id_number) as details
    from registry_quality_person p join registry_quality_person s on s.id_number = p.spouse_id
    where p.marital_status = 'married' and p.death_date is null and s.death_date is null
      and (s.spouse_id is distinct from p.id_number or s.marital_status <> 'married')`,
};

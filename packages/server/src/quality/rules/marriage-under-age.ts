// Đúng: marriage age is 20 for men and 18 for women (Law on Marriage and Family 2014, art. 8).
// A registered marriage before that age, or a record that is married, divorced or widowed while
// the person is still under it today, cannot be right.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

const AGE = `make_interval(years => case p.sex when 'male' then 20 else 18 end)`;

export const marriageUnderAge: Rule = {
  code: 'DQ-008',
  name: 'marriage-under-age',
  severity: 'error',
  category: 'validity',
  message: {
    vi: 'Kết hôn khi chưa đủ tuổi kết hôn (nam 20, nữ 18)',
    en: 'Married under the legal age (men 20, women 18)',
  },
  sql: `
    select distinct on (id_number) * from (
      select ${PERSON_SUBJECT}, jsonb_build_object('marriedOn', e.event_date) as details
      from registry_quality_person p join registry_quality_marriage e on e.id_number = p.id_number
      where e.event_date < p.birth_date + ${AGE}
      union all
      select ${PERSON_SUBJECT}, jsonb_build_object('maritalStatus', p.marital_status) as details
      from registry_quality_person p
      where p.marital_status <> 'single' and p.birth_date > $1::date - ${AGE}
    ) x order by id_number`,
};

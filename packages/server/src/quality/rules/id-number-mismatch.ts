// Đúng: the personal ID number PPP G YY RRRRRR carries the century and sex (G: 1900s male 0,
// female 1; 2000s 2/3; …) and the last two digits of the birth year (DESIGN.md §6). A record
// whose sex or date of birth disagrees with its own number has one of them wrong.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

const YEAR = `date_part('year', p.birth_date)::int`;

export const idNumberMismatch: Rule = {
  code: 'DQ-016',
  name: 'id-number-mismatch',
  severity: 'error',
  category: 'validity',
  message: {
    vi: 'Số định danh không khớp với giới tính hoặc năm sinh',
    en: 'The personal ID number does not match the sex or the year of birth',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('sex', p.sex, 'birthDate', p.birth_date) as details
    from registry_quality_person p
    where substr(p.id_number, 4, 1)::int <> (${YEAR} / 100 - 19) * 2 + (p.sex = 'female')::int
       or substr(p.id_number, 5, 2)::int <> ${YEAR} % 100`,
};

// Đúng: births, deaths and disappearances are recorded after they happen.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const dateInFuture: Rule = {
  code: 'DQ-005',
  name: 'date-in-future',
  severity: 'error',
  category: 'validity',
  message: {
    vi: 'Ngày sinh, ngày chết hoặc ngày mất tích ở tương lai',
    en: 'Date of birth, death or going missing is in the future',
  },
  sql: `
    select ${PERSON_SUBJECT},
      jsonb_build_object('birthDate', p.birth_date, 'deathDate', p.death_date, 'missingSince', p.missing_since) as details
    from registry_quality_person p
    where p.birth_date > $1::date or p.death_date > $1::date or p.missing_since > $1::date`,
};

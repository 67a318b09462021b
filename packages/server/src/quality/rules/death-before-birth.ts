// Đúng: a person cannot die, or go missing, before they were born.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const deathBeforeBirth: Rule = {
  code: 'DQ-004',
  name: 'death-before-birth',
  severity: 'error',
  category: 'validity',
  message: {
    vi: 'Ngày chết hoặc ngày mất tích trước ngày sinh',
    en: 'Date of death or of going missing is before the date of birth',
  },
  sql: `
    select ${PERSON_SUBJECT},
      jsonb_build_object('birthDate', p.birth_date, 'deathDate', p.death_date, 'missingSince', p.missing_since) as details
    from registry_quality_person p
    where p.death_date < p.birth_date or p.missing_since < p.birth_date`,
};

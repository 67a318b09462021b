// Đủ: from 14 a Vietnamese citizen must have an identity card (Law on Identification 2023,
// art. 19; DESIGN.md §6); the card number is the personal ID number. The register records the
// previous card and the old 9-digit CMND (fields 13–14); cards issued by this platform will be
// the cards module's, which does not exist yet — until then a living citizen of 14 or more with
// neither on record is reported, as information for the campaign rather than an error.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const cardMissingAt14: Rule = {
  code: 'DQ-003',
  name: 'card-missing-at-14',
  severity: 'info',
  category: 'completeness',
  message: {
    vi: 'Công dân từ đủ 14 tuổi chưa có thẻ căn cước hoặc CMND trong hồ sơ',
    en: 'A citizen aged 14 or over has no identity card or old ID (CMND) on record',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('birthDate', p.birth_date) as details
    from registry_quality_person p
    where p.birth_date <= $1::date - interval '14 years' and p.death_date is null and p.missing_since is null
      and p.nationality = 'VNM' and p.old_id_number is null and p.previous_card is null`,
};

// Đủ: the birth facts every record holds (DESIGN.md §6, fields 6–8: place of birth, place of
// birth registration, native place), whatever the age.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const missingBirthFields: Rule = {
  code: 'DQ-001',
  name: 'missing-birth-fields',
  severity: 'warning',
  category: 'completeness',
  message: {
    vi: 'Thiếu nơi sinh, nơi đăng ký khai sinh hoặc quê quán',
    en: 'Place of birth, place of birth registration or native place is missing',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('fields', to_jsonb(array_remove(array[
      case when p.place_of_birth is null then 'placeOfBirth' end,
      case when p.birth_registration_unit_id is null then 'birthRegistrationUnit' end,
      case when p.native_place is null then 'nativePlace' end], null))) as details
    from registry_quality_person p
    where p.place_of_birth is null or p.birth_registration_unit_id is null or p.native_place is null`,
};

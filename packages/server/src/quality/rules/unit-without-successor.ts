// Đúng: an address is recorded under a unit in force at the time; a unit abolished since must
// have a successor (the 1 July 2025 reorganisation gave every commune one or more), so that the
// person can be placed in today's units. Reported: residences under an abolished unit without a
// successor, and a current residence that could not be placed in a commune of today.
import { PERSON_SUBJECT, type Rule } from '../rule.ts';

export const unitWithoutSuccessor: Rule = {
  code: 'DQ-009',
  name: 'unit-without-successor',
  severity: 'error',
  category: 'validity',
  message: {
    vi: 'Địa chỉ thuộc đơn vị hành chính đã giải thể mà không có đơn vị kế thừa',
    en: 'An address lies in an administrative unit abolished without a successor',
  },
  sql: `
    select ${PERSON_SUBJECT}, jsonb_build_object('fields', to_jsonb(array_remove(array[
      case when p.permanent_unit_id = any($2::text[]) then 'permanentResidence' end,
      case when p.temporary_unit_id = any($2::text[]) then 'temporaryResidence' end,
      case when p.current_unit_id = any($2::text[]) or (p.current_unit_id is not null and p.current_commune_id is null)
           then 'currentResidence' end], null))) as details
    from registry_quality_person p
    where p.permanent_unit_id = any($2::text[]) or p.temporary_unit_id = any($2::text[]) or p.current_unit_id = any($2::text[])
       or (p.current_unit_id is not null and p.current_commune_id is null)`,
};

// Đúng: a parent linked by ID number is born before the child. (The register refuses such a
// link at birth registration and import; older data, or a wrong number linked later, can hold it.)
import { eachLinkedParent, type Rule } from '../rule.ts';

export const childOlderThanParent: Rule = {
  code: 'DQ-006',
  name: 'child-older-than-parent',
  severity: 'error',
  category: 'validity',
  message: {
    vi: 'Con sinh trước hoặc cùng ngày với cha hoặc mẹ',
    en: 'A child is born before, or on the same day as, their father or mother',
  },
  sql: eachLinkedParent({ where: () => 'par.birth_date >= p.birth_date' }),
};

// Đúng: a mother is alive at the birth; a father may have died up to 300 days before it
// (gestation; the same rule the register applies at birth registration, registry/births.ts).
import { eachLinkedParent, type Rule } from '../rule.ts';

export const parentDeadBeforeBirth: Rule = {
  code: 'DQ-007',
  name: 'parent-dead-before-birth',
  severity: 'error',
  category: 'validity',
  message: {
    vi: 'Mẹ chết trước ngày sinh của con, hoặc cha chết quá 300 ngày trước ngày sinh của con',
    en: 'The mother died before the child was born, or the father more than 300 days before',
  },
  sql: eachLinkedParent({ where: (parent) => (parent === 'father' ? 'par.death_date < p.birth_date - 300' : 'par.death_date < p.birth_date') }),
};

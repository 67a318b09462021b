// The catalogue of data-quality rules (docs/quality.md), in code order. A rule's code is stable:
// a rule that is dropped leaves its code unused, never given to another.
import type { Rule } from '../rule.ts';
import { cardMissingAt14 } from './card-missing-at-14.ts';
import { childOlderThanParent } from './child-older-than-parent.ts';
import { conflictingParents } from './conflicting-parents.ts';
import { dateInFuture } from './date-in-future.ts';
import { deathBeforeBirth } from './death-before-birth.ts';
import { householdWithTwoHeads } from './household-with-two-heads.ts';
import { householdWithoutHead } from './household-without-head.ts';
import { idNumberMismatch } from './id-number-mismatch.ts';
import { marriageUnderAge } from './marriage-under-age.ts';
import { minorWithoutParent } from './minor-without-parent.ts';
import { missingBirthFields } from './missing-birth-fields.ts';
import { oldIdShared } from './old-id-shared.ts';
import { parentDeadBeforeBirth } from './parent-dead-before-birth.ts';
import { personInTwoHouseholds } from './person-in-two-households.ts';
import { probableDuplicate } from './probable-duplicate.ts';
import { spouseInconsistent } from './spouse-inconsistent.ts';
import { unitWithoutSuccessor } from './unit-without-successor.ts';

export const RULES: readonly Rule[] = [
  missingBirthFields, minorWithoutParent, cardMissingAt14, deathBeforeBirth, dateInFuture, childOlderThanParent,
  parentDeadBeforeBirth, marriageUnderAge, unitWithoutSuccessor, householdWithoutHead, householdWithTwoHeads,
  personInTwoHouseholds, conflictingParents, oldIdShared, spouseInconsistent, idNumberMismatch, probableDuplicate,
];

export const RULE_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.code, r]));

// Schemas shared by several modules.
import Type from 'typebox';

export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), message: Type.String() }))),
}, {
  $id: 'Problem',
  description: 'RFC 9457 problem document; see docs/problems.md',
  // Extension members (RFC 9457 §3.2) of particular problem types pass through.
  additionalProperties: true,
});

/** A calendar date, YYYY-MM-DD (legal dates are calendar days, DESIGN.md §5). */
export const DateString = (opts: { description?: string } = {}) =>
  Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', ...opts });

/** Today's date in the Asia/Ho_Chi_Minh calendar. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

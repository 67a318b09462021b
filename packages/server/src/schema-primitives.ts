// TypeBox building blocks every module's schemas use. Part of the ground: any module may import
// it; it imports nothing of ours.
import Type, { type Static, type TSchema, type TUnsafe } from 'typebox';

// Nullable values and string enums are written as a type list and an `enum` (JSON Schema 2020-12
// §6.1.1–6.1.2, which OpenAPI 3.1 uses) instead of `anyOf`: fast-json-stringify serialises an
// anyOf by running a validator on every branch for every value it writes, which on the person
// resource (two dozen nullable fields, nested unit views) was 16 % of the server's CPU per read.
// A type list costs it a typeof check.

/** `T | null` as `type: [T's type, "null"]`. T must have a single `type`. */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  if (typeof type !== 'string') throw new Error('Nullable() needs a schema with a single type');
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}) });
}

/** One of a fixed set of strings, as `{ type: "string", enum }`. */
export function StringEnum<const V extends string>(values: readonly V[], options: { description?: string; default?: V } = {}): TUnsafe<V> {
  return Type.Unsafe<V>({ type: 'string', enum: [...values], ...options });
}

/** A calendar date, YYYY-MM-DD (legal dates are calendar days, DESIGN.md §5). */
export const DateString = (opts: { description?: string } = {}) =>
  Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', ...opts });

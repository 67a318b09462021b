// Form state for the register's acts: values as typed, checked against the API's schema as the
// officer types (src/forms/validate.ts), then sent; the problem document the API may still answer
// puts each error next to its field (by JSON Pointer) and anything else above the form.
import { useMemo, useState, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Problem } from '../api/types.ts';
import { parseDate } from '../format.ts';
import { fieldErrors } from './problems.ts';
import { ruleFor, validate, type Issue } from './validate.ts';

export interface FormSpec<V extends Record<string, string>> {
  /** "METHOD /api/v1/path" of the operation whose body schema applies. */
  operation: string;
  initial: V;
  /** Fields typed as dd/mm/yyyy and sent as YYYY-MM-DD. */
  dates?: (keyof V & string)[];
  /** Extra fields of the body that the form sets itself. */
  fixed?: Record<string, unknown>;
}

/** 'permanentResidence.unitId' → '/body/permanentResidence/unitId'. */
const pointerOf = (field: string) => `/body/${field.split('.').join('/')}`;

export function bodyOf<V extends Record<string, string>>(values: V, dates: string[], fixed: Record<string, unknown> = {}) {
  const body: Record<string, unknown> = { ...fixed };
  const dateIssues: Record<string, Issue> = {};
  for (const [field, raw] of Object.entries(values)) {
    const text = raw.trim();
    if (!text) continue;
    let value: string = text;
    if (dates.includes(field)) {
      const iso = parseDate(text);
      if (!iso) {
        dateIssues[pointerOf(field)] = { key: 'badDate' };
        continue;
      }
      value = iso;
    }
    const path = field.split('.');
    let at = body;
    for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]!] = value;
  }
  return { body, dateIssues };
}

/** The input of the field a pointer names (inputs carry `data-field`, see input()). */
const fieldElement = (pointer: string) =>
  document.querySelector<HTMLElement>(`[data-field="${CSS.escape(pointer.replace(/^\/body\//, '').split('/').join('.'))}"]`);
const focusField = (pointer: string) => fieldElement(pointer)?.focus();

export function useRuleForm<V extends Record<string, string>>(spec: FormSpec<V>) {
  const { t } = useTranslation();
  const [values, setValues] = useState<V>(spec.initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const schema = useMemo(() => ruleFor(spec.operation), [spec.operation]);

  const { body, issues } = useMemo(() => {
    const { body, dateIssues } = bodyOf(values, spec.dates ?? [], spec.fixed);
    return { body, issues: { ...validate(schema, body), ...dateIssues } };
  }, [values, schema, spec.dates, spec.fixed]);

  const message = (i: Issue) => t(i.key === 'choose' ? 'form.choose' : `form.${i.key}`, { n: i.n });

  function error(field: string): string | undefined {
    const pointer = pointerOf(field);
    if (serverErrors[pointer]) return serverErrors[pointer];
    const issue = issues[pointer];
    return issue && (submitted || touched.has(field)) ? message(issue) : undefined;
  }

  function set(field: keyof V & string, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setTouched((s) => (s.has(field) ? s : new Set(s).add(field)));
    setServerErrors((e) => {
      const pointer = pointerOf(field);
      if (!(pointer in e)) return e;
      const { [pointer]: _gone, ...rest } = e;
      return rest;
    });
  }

  /** Props for a Mantine input bound to `field`. */
  function input(field: keyof V & string) {
    return {
      name: field,
      'data-field': field,
      value: values[field],
      onChange: (e: { currentTarget: { value: string } } | string | null) => set(field, typeof e === 'string' ? e : e === null ? '' : e.currentTarget.value),
      onBlur: (_e?: FocusEvent) => setTouched((s) => (s.has(field) ? s : new Set(s).add(field))),
      error: error(field),
    };
  }

  async function submit(send: (body: Record<string, unknown>) => Promise<void>): Promise<void> {
    setSubmitted(true);
    setProblem(null);
    if (Object.keys(issues).length > 0) {
      // Focus the first field the officer has to correct.
      focusField(Object.keys(issues)[0]!);
      return;
    }
    setBusy(true);
    try {
      await send(body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const byField = fieldErrors(err.problem);
      setServerErrors(byField);
      const known = Object.keys(byField).filter((p) => fieldElement(p));
      // A problem about no field on the form (a conflict, a refusal) is shown above the form.
      if (known.length === 0 || known.length < Object.keys(byField).length) setProblem(err.problem);
      if (known[0]) focusField(known[0]);
    } finally {
      setBusy(false);
    }
  }

  return { values, set, input, error, submit, busy, problem, invalid: submitted && Object.keys(issues).length > 0 };
}

// fast-check with the failing assertion's own message: fc.assert reports only the counterexample.
import fc from 'fast-check';

export async function holds<T>(property: fc.IAsyncProperty<T>, options: fc.Parameters<T>): Promise<void> {
  const run = await fc.check(property, options);
  if (run.failed) throw new Error(`${(run.errorInstance as Error | undefined)?.message ?? 'property failed'}\ncounterexample: ${fc.stringify(run.counterexample)}`);
}

// Argument parsers for commander: each rejects bad input with a precise message (exit 2 via
// commander's error handling) instead of letting NaN or an empty string reach the code.
import { InvalidArgumentError } from 'commander';

export function integerOption(name: string, min: number, max: number) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw)) throw new InvalidArgumentError(`${name} must be a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

export const portOption = integerOption('port', 1, 65535);

export function dateOption(name: string) {
  return (raw: string): string => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
    const d = m ? new Date(`${raw}T00:00:00Z`) : undefined;
    if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) {
      throw new InvalidArgumentError(`${name} must be a date YYYY-MM-DD, got "${raw}"`);
    }
    return raw;
  };
}

/** A share in (0, 0.5], as a decimal ("0.01"). */
export function rateOption(name: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || !(n > 0) || n > 0.5) throw new InvalidArgumentError(`${name} must be a share above 0 and at most 0.5, e.g. 0.01; got "${raw}"`);
    return n;
  };
}

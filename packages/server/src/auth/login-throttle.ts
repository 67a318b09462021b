// Per-account login backoff, beside the per-address rate limit of the login route (OWASP
// Authentication Cheat Sheet, "Login Throttling"): the per-address limit alone lets a password
// guesser who spreads over many addresses try one account without end. After FREE_FAILURES
// consecutive failures for a username, each further attempt waits 2^(failures − FREE_FAILURES)
// seconds after the last failure, at most MAX_WAIT_SECONDS; a successful login clears the count.
// Kept per username as typed, whether or not such an account exists, so that the throttle does
// not tell which accounts exist. The table is in migration 015.
import type { Sql } from '../db/connect.ts';

export const FREE_FAILURES = 5;
export const MAX_WAIT_SECONDS = 15 * 60;
/** Failure counts older than this are forgotten (and pruned). */
const FORGET_AFTER = '1 day';

export class LoginThrottle {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Seconds before this username may try again; 0 when it may try now. */
  async secondsToWait(username: string): Promise<number> {
    const [row] = await this.#sql<{ wait: number }[]>`
      select greatest(0, ceil(extract(epoch from
               last_failure + make_interval(secs => least(${MAX_WAIT_SECONDS}, power(2, failures - ${FREE_FAILURES})::int)) - now())))::int as wait
      from login_failure
      where username = ${username} and failures >= ${FREE_FAILURES} and last_failure > now() - ${FORGET_AFTER}::interval`;
    return row?.wait ?? 0;
  }

  async failed(username: string): Promise<void> {
    await this.#sql`
      insert into login_failure (username, failures, last_failure) values (${username}, 1, now())
      on conflict (username) do update set
        failures = case when login_failure.last_failure > now() - ${FORGET_AFTER}::interval then login_failure.failures + 1 else 1 end,
        last_failure = now()`;
    // Usernames nobody has are counted too; forget stale counts now and then.
    if (Math.random() < 0.01) await this.#sql`delete from login_failure where last_failure < now() - ${FORGET_AFTER}::interval`;
  }

  async succeeded(username: string): Promise<void> {
    await this.#sql`delete from login_failure where username = ${username}`;
  }
}

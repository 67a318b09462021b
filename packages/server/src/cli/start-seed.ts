// Seeding at start (`cancuoc start --seed-people N`, default 20,000): a synthetic population is
// loaded when the register holds no person, so a fresh installation has data to work with.
// `--seed-people 0` starts with an empty register.
import type { Config } from '../config.ts';
import { todayInVietnam } from '../calendar.ts';
import type { Services } from '../services.ts';
import { runSeed } from './seed.ts';

export async function seedOnStart(services: Services, config: Config, people: number, say: (m: string) => void): Promise<void> {
  void config;
  if (people <= 0) return;
  const [{ empty }] = await services.sql<{ empty: boolean }[]>`select not exists (select 1 from person) as empty`;
  if (!empty) return;
  say(`seed: the register is empty, loading a synthetic population of ${people.toLocaleString('en')} persons`);
  const r = await runSeed(services.sql, { people, seed: 1, asOf: todayInVietnam(), key: services.idNumberKey, progress: true, actor: 'cli:start' });
  say(`seed: ${r.people.toLocaleString('en')} persons in ${r.households.toLocaleString('en')} households in ${r.seconds} s`);
}

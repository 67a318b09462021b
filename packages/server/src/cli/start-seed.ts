// Seeding at start: wired to the synthetic population generator once the register exists.
import type { Config } from '../config.ts';
import type { Services } from '../services.ts';

export async function seedOnStart(services: Services, config: Config, people: number, say: (m: string) => void): Promise<void> {
  void services; void config; void people; void say;
}

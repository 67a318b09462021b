// What the web console needs to know about the platform before anyone signs in: whether this is a
// development or a production start, and on a development start which bootstrap account to use
// (its username and the file that keeps the password; the password itself never leaves the
// server). Production mode is NODE_ENV=production (docs/operations.md): no hint is given then.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Type from 'typebox';
import type { Config } from '../config.ts';
import { Nullable, StringEnum } from '../schema-primitives.ts';

export interface ConsoleSettings {
  production: boolean;
  /** The bootstrap administrator on a development start (null in production or when unknown). */
  signInHint: { username: string; passwordFile: string } | null;
}

export const isProduction = (env: NodeJS.ProcessEnv = process.env) => env.NODE_ENV === 'production';

/** The settings of a start from its configuration (each worker process derives the same). */
export function consoleSettings(config: Pick<Config, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): ConsoleSettings {
  const production = isProduction(env);
  const file = path.join(config.dataDir, 'bootstrap-admin.json');
  if (production || !existsSync(file)) return { production, signInHint: null };
  const { username } = JSON.parse(readFileSync(file, 'utf8')) as { username: string };
  return { production, signInHint: { username, passwordFile: file } };
}

const ConsoleConfigSchema = Type.Object({
  mode: StringEnum(['development', 'production']),
  signInHint: Nullable(Type.Object({
    username: Type.String({ description: 'the bootstrap administrator' }),
    passwordFile: Type.String({ description: 'where `cancuoc start` keeps its password (also printed at start)' }),
  }, { description: 'development starts only: which account to sign in with' })),
});

export const consoleConfigRoutes: FastifyPluginAsyncTypebox<{ settings: ConsoleSettings }> = async (app, { settings }) => {
  app.get('/console/config', {
    config: { public: true },
    schema: {
      operationId: 'getConsoleConfig',
      tags: ['system'], summary: 'What the web console shows before sign-in (development or production start, sign-in hint)', security: [],
      response: { 200: ConsoleConfigSchema },
    },
  }, async () => ({ mode: settings.production ? 'production' as const : 'development' as const, signInHint: settings.signInHint }));
};

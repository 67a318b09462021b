// The dashboards' figures over HTTP (docs/api.md "Statistics"): aggregates only, never a person.
// Provincial officers get their province, central officers and administrators the whole country;
// commune officers and auditors are refused (403 forbidden): a commune's figures are its search.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { todayInVietnam } from '../calendar.ts';
import { problemResponses } from '../problems.ts';
import { invalid } from './service.ts';
import type { ModuleOptions } from '../services.ts';
import { completenessByProvince, populationByProvince, statisticsScope, vitalEventsByMonth } from './statistics.ts';

const tags = ['statistics'];
const Generation = Type.Object({
  generation: Type.Integer({ enum: [1, 2], default: 2, description: '2: the 34 provinces since 1 July 2025; 1: the 63 before' }),
}, { additionalProperties: false });
const Month = (description: string) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description });
const ProvinceRow = { provinceId: Type.String(), provinceName: Type.String() };
const errors = problemResponses(400, 401, 403, 429);

const MAX_MONTHS = 120;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

export const statisticsRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.get('/statistics/population', {
    schema: {
      operationId: 'getPopulationByProvince', tags,
      summary: 'Living and deceased persons per province, by where they live today',
      description: 'Generation 2 counts by today\'s province. Generation 1 traces each recorded residence back to the province of before 1 July 2025; `approximate` counts persons living in one of the 8 communes that straddle two old provinces (given to the one most of the commune came from). A provincial officer gets only the persons living in their province.',
      querystring: Generation,
      response: {
        200: Type.Object({
          generation: Type.Integer(),
          items: Type.Array(Type.Object({ ...ProvinceRow, living: Type.Integer(), deceased: Type.Integer() })),
          approximate: Type.Integer({ description: 'persons attributed to a generation-1 province through a straddling commune' }),
          unplaced: Type.Integer({ description: 'living persons with no current residence (nationwide callers only)' }),
        }),
        ...errors,
      },
    },
  }, async (request) => populationByProvince(services.sql, request.query.generation as 1 | 2, statisticsScope(request.officer)));

  app.get('/statistics/vital-events', {
    schema: {
      operationId: 'getVitalEventsByMonth', tags,
      summary: 'Births (by date of birth) and deaths (by date of death) per month',
      querystring: Type.Object({
        from: Type.Optional(Month('first month, YYYY-MM; default 23 months before `to`')),
        to: Type.Optional(Month('last month, YYYY-MM; default this month (Asia/Ho_Chi_Minh)')),
        province: Type.Optional(Type.String({ pattern: '^2:\\d{2}$', description: 'only persons living in this province today (nationwide callers)' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          from: Type.String(), to: Type.String(),
          months: Type.Array(Type.Object({ month: Type.String(), births: Type.Integer(), deaths: Type.Integer() })),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const own = statisticsScope(request.officer);
    const q = request.query;
    if (own && q.province && q.province !== own) throw invalid('/querystring/province', `your figures are those of ${own}`);
    const to = q.to ?? todayInVietnam().slice(0, 7);
    const from = q.from ?? monthOf(monthIndex(to) - 23);
    const span = monthIndex(to) - monthIndex(from) + 1;
    if (span < 1) throw invalid('/querystring/from', 'must not be after `to`');
    if (span > MAX_MONTHS) throw invalid('/querystring/from', `at most ${MAX_MONTHS} months at once`);
    return vitalEventsByMonth(services.sql, from, to, own ?? q.province ?? null);
  });

  app.get('/statistics/completeness', {
    schema: {
      operationId: 'getCompletenessByProvince', tags,
      summary: 'Per province, how many living persons have each field the law requires filled',
      description: '`fields` says which persons each field applies to (src/registry/statistics.ts COMPLETENESS_FIELDS); per province, `applicable` and `filled` count living persons.',
      querystring: Generation,
      response: {
        200: Type.Object({
          generation: Type.Integer(),
          fields: Type.Array(Type.Object({ field: Type.String(), appliesTo: Type.String() })),
          items: Type.Array(Type.Object({
            ...ProvinceRow, persons: Type.Integer(),
            fields: Type.Record(Type.String(), Type.Object({ applicable: Type.Integer(), filled: Type.Integer() })),
          })),
        }),
        ...errors,
      },
    },
  }, async (request) => completenessByProvince(services.sql, request.query.generation as 1 | 2, statisticsScope(request.officer)));
};

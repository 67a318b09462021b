import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { todayInVietnam } from '../calendar.ts';
import { DateString, Nullable, StringEnum } from '../schema-primitives.ts';
import { problemResponses, ProblemError } from '../problems.ts';
import type { ModuleOptions } from '../services.ts';
import { listUnits, predecessorsOf, successorsOf, unitById } from './service.ts';

export const AdminUnitSchema = Type.Object({
  id: Type.String({ description: '<generation>:<code>; codes are reused across generations' }),
  generation: Type.Integer({ description: '1: until 2025-06-30, 2: from 2025-07-01' }),
  level: StringEnum(['province', 'commune']),
  code: Type.String(),
  name: Type.String(),
  provinceId: Nullable(Type.String()),
  validFrom: Nullable(Type.String()),
  validTo: Nullable(Type.String()),
});
const Related = Type.Array(Type.Object({ id: Type.String(), name: Type.String(), partial: Type.Boolean() }));

export const adminUnitRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.get('/admin-units', {
    schema: {
      operationId: 'listAdminUnits', tags: ['admin-units'], summary: 'Administrative units in force on a date',
      querystring: Type.Object({
        level: StringEnum(['province', 'commune'], { default: 'province' }),
        at: Type.Optional(DateString({ description: 'date the units must be in force on; default today' })),
        province: Type.Optional(Type.String({ pattern: '^[12]:\\d{2}$', description: 'only communes of this province id' })),
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the name, diacritics ignored' })),
        limit: Type.Integer({ minimum: 1, maximum: 5000, default: 1000 }),
        offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'units to skip (there are about 13,400 in all)' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ at: Type.String(), total: Type.Integer(), items: Type.Array(AdminUnitSchema) }) },
    },
  }, async (request) => {
    const at = request.query.at ?? todayInVietnam();
    const { total, items } = await listUnits(services.sql, { ...request.query, at, provinceId: request.query.province });
    return { at, total, items };
  });

  app.get('/admin-units/:id', {
    schema: {
      operationId: 'getAdminUnit', tags: ['admin-units'], summary: 'One unit, with the units it became (successors) or came from (predecessors)',
      params: Type.Object({ id: Type.String({ pattern: '^[12]:\\d{2,5}$' }) }),
      response: { 200: Type.Object({ ...AdminUnitSchema.properties, successors: Related, predecessors: Related }), ...problemResponses(404) },
    },
  }, async (request) => {
    const unit = await unitById(services.sql, request.params.id);
    if (!unit) throw new ProblemError('not-found', `no administrative unit ${request.params.id}`);
    const [successors, predecessors] = await Promise.all([successorsOf(services.sql, unit.id), predecessorsOf(services.sql, unit.id)]);
    return { ...unit, successors, predecessors };
  });
};

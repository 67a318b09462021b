// Domain modules' route plugins, each mounted under /api/v1. One line per module.
import type { FastifyInstance } from 'fastify';
import { applicationRoutes } from '../cards/application-routes.ts';
import { productionRoutes } from '../cards/production-routes.ts';
import { lifecycleRoutes } from '../cards/lifecycle-routes.ts';
import { pkiRoutes } from '../pki/routes.ts';
import { qualityRoutes } from '../quality/routes.ts';
import { registryRoutes } from '../registry/routes.ts';
import { statisticsRoutes } from '../registry/statistics-routes.ts';
import type { Services } from '../services.ts';

export async function registerModuleRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(registryRoutes, { prefix: '/api/v1', services });
  await app.register(pkiRoutes, { prefix: '/api/v1', services });
  await app.register(statisticsRoutes, { prefix: '/api/v1', services });
  await app.register(qualityRoutes, { prefix: '/api/v1', services });
  await app.register(applicationRoutes, { prefix: '/api/v1', services });
  await app.register(productionRoutes, { prefix: '/api/v1', services });
  await app.register(lifecycleRoutes, { prefix: '/api/v1', services });
}

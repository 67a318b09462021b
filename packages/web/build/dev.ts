// `npm run dev -w @cancuoc/web`: generates the API types, form rules and map data as the build
// does, then starts Vite's dev server (hot reload), proxying /api to CANCUOC_API (default
// http://127.0.0.1:8080, a running `npm start`).
import path from 'node:path';
import { createServer } from 'vite';
import { generateSources } from './generate.ts';
import { WEB } from './inputs.ts';
import { readOpenApi } from './openapi.ts';

await generateSources(JSON.parse(readOpenApi()) as Record<string, unknown>);
const server = await createServer({ root: WEB, configFile: path.join(WEB, 'vite.config.ts') });
await server.listen();
server.printUrls();

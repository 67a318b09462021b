// The console's generated sources (src/generated, not in git): the API's TypeScript types, the form
// rules, and the schematic map. Made by the build and by the dev server from the same document.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { GENERATED } from './inputs.ts';
import { buildMapData } from './map-data.ts';
import { formRules } from './rules.ts';

export async function generateSources(doc: Record<string, unknown>): Promise<void> {
  mkdirSync(GENERATED, { recursive: true });
  const types = astToString(await openapiTS(doc as never));
  writeFileSync(path.join(GENERATED, 'api.d.ts'), `// Generated from the API's OpenAPI document by build/generate.ts. Do not edit.\n${types}`);
  writeFileSync(path.join(GENERATED, 'rules.json'), JSON.stringify(formRules(doc)));
  writeFileSync(path.join(GENERATED, 'map.json'), JSON.stringify(buildMapData()));
}

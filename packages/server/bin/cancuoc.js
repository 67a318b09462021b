#!/usr/bin/env node
// The `cancuoc` command. The sources are TypeScript run through tsx, so there is no build step
// between `npm ci` and a working command.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

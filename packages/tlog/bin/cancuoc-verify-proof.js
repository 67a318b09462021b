#!/usr/bin/env node
// `cancuoc-verify-proof`: the standalone proof verifier (src/verify-proof.ts), run through tsx so
// there is no build step, like the `cancuoc` command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/verify-proof.ts');
process.exitCode = main(process.argv.slice(2));

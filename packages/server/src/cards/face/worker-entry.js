// Entry of a card-face worker thread (workers.ts). The sources are TypeScript run through tsx,
// whose loader hooks belong to the thread that registered them (bin/cancuoc.js registers them
// for the main thread), so the worker registers its own before loading the renderer.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');

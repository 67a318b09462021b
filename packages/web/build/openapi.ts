// The API's OpenAPI document, from the server's `cancuoc openapi` command (a child process: the
// console never imports server code) or from a file `cancuoc start` already wrote.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SERVER_BIN } from './inputs.ts';

export function readOpenApi(file?: string): string {
  if (file) return readFileSync(file, 'utf8');
  return execFileSync(process.execPath, [SERVER_BIN, 'openapi'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

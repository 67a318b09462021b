// The console's only way to the server: fetch on /api/v1 with the officer's bearer token.
// Errors arrive as RFC 9457 problem documents and are thrown as ApiError carrying the document,
// so a form can put each `errors[].pointer` next to its field. A 401 on any call but the login
// means the session ended (expired, revoked): the session layer sends the officer to sign in
// and back to where they were (src/session.tsx).
import type { Problem } from './types.ts';

export const API = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

let token: string | null = null;
let onUnauthenticated: () => void = () => {};

export function setToken(value: string | null): void {
  token = value;
}
export function onSessionEnded(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, o: RequestOptions = {}): Promise<{ data: T; etag: string | null }> {
  const qs = o.query ? new URLSearchParams(Object.entries(o.query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString() : '';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...o.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  // A Blob (a photo) is sent as itself, with the content type the caller names; anything else as JSON.
  const raw = o.body instanceof Blob;
  if (o.body !== undefined && !raw) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${API}${path}${qs ? `?${qs}` : ''}`, { method, headers, body: o.body === undefined ? undefined : raw ? o.body as Blob : JSON.stringify(o.body), signal: o.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({ type: 'about:blank', title: 'network', status: 0, code: 'NETWORK', detail: (err as Error).message });
  }
  if (res.status === 204) return { data: undefined as T, etag: res.headers.get('etag') };
  const text = await res.text();
  const json = text ? JSON.parse(text) as unknown : undefined;
  if (!res.ok) {
    const problem = (json && typeof json === 'object' ? json : { type: 'about:blank', title: res.statusText, status: res.status, code: String(res.status) }) as Problem;
    if (res.status === 401 && token) onUnauthenticated();
    throw new ApiError(problem);
  }
  return { data: json as T, etag: res.headers.get('etag') };
}

export const get = async <T>(path: string, o?: RequestOptions) => (await call<T>('GET', path, o)).data;

/** An image the API serves behind the login (a card face): fetched with the token, as a Blob. */
export async function getBlob(path: string, o: RequestOptions = {}): Promise<Blob> {
  const headers: Record<string, string> = { accept: 'image/png, application/problem+json', ...o.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const qs = o.query ? new URLSearchParams(Object.entries(o.query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString() : '';
  const res = await fetch(`${API}${path}${qs ? `?${qs}` : ''}`, { headers, signal: o.signal });
  if (!res.ok) {
    const text = await res.text();
    const problem = (text ? JSON.parse(text) : { type: 'about:blank', title: res.statusText, status: res.status, code: String(res.status) }) as Problem;
    if (res.status === 401 && token) onUnauthenticated();
    throw new ApiError(problem);
  }
  return res.blob();
}

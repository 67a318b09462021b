// The audit of refused requests: an officer's request answered with a problem (403, 404, 409,
// 422, 400 …) leaves one `request.refused` entry naming the operation, the status and the
// problem type, plus a `person.reference` entry for every other person whose data the request
// consulted before it was refused (trail.ts). Written outside the refused transaction, which
// rolled back, and durable before the answer leaves: probing the register is itself a trace.
import type { FastifyRequest } from 'fastify';
import { problems, type ProblemKind } from '../problems.ts';
import type { AuditEntry } from './chain.ts';
import type { AuditWriter } from './log.ts';
import type { AuditTrail } from './trail.ts';

declare module 'fastify' {
  interface FastifyRequest { auditTrail: AuditTrail }
}

const ID_NUMBER = /^\d{12}$/;

export function refusalEntries(request: FastifyRequest, kind: ProblemKind): AuditEntry[] {
  const actor = `officer:${request.officer.id}`;
  const idNumber = (request.params as { idNumber?: unknown } | undefined)?.idNumber;
  const subject = typeof idNumber === 'string' && ID_NUMBER.test(idNumber) ? idNumber : null;
  const entries: AuditEntry[] = [{
    actor, action: 'request.refused', subject, requestId: request.id,
    details: { method: request.method, route: request.routeOptions.url ?? null, status: problems[kind].status, problem: kind },
  }];
  for (const use of request.auditTrail?.uses ?? []) {
    if (use.subject === subject) continue;
    entries.push({ actor, action: 'person.reference', subject: use.subject, requestId: request.id, details: { role: use.role, refused: true } });
  }
  return entries;
}

export async function auditRefusal(audit: AuditWriter, request: FastifyRequest, kind: ProblemKind): Promise<void> {
  if (request.auditTrail?.outcomeRecorded) return;
  await audit.record(...refusalEntries(request, kind));
  if (request.auditTrail) request.auditTrail.outcomeRecorded = true;
}

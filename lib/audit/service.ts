// The audit log: one row per mutating request, whatever its outcome.
import type { Principal } from '../auth/principal';
import { principalLabel } from '../auth/principal';
import { db } from '../db';

export interface AuditEntry {
  principal?: Principal;
  action: string;
  method: string;
  path: string;
  sourceIp?: string;
  params: unknown;
  status: number;
}

export function outcomeOf(status: number): 'success' | 'denied' | 'invalid' | 'error' {
  if (status < 400) return 'success';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  if (status < 500) return 'invalid';
  return 'error';
}

/** Parameters as JSON of at most 8,000 characters: a larger body (a 10,000-image job) is kept
 *  as its beginning in a wrapper, so the stored text always parses. */
export function boundedParams(params: unknown, max = 8_000): string {
  const json = JSON.stringify(params ?? {});
  return json.length <= max
    ? json
    : JSON.stringify({ truncated: true, bytes: json.length, start: json.slice(0, max - 100) });
}

export async function writeAudit(e: AuditEntry): Promise<void> {
  await db().auditLog.create({
    data: {
      actorType: e.principal?.kind ?? 'anonymous',
      actorId: e.principal?.id,
      actorLabel: principalLabel(e.principal),
      action: e.action,
      method: e.method,
      path: e.path,
      sourceIp: e.sourceIp,
      params: boundedParams(e.params),
      outcome: outcomeOf(e.status),
      status: e.status,
    },
  });
}

export async function listAudit(page: number, pageSize: number, filter: { actor?: string; outcome?: string }) {
  const where = {
    ...(filter.actor ? { actorLabel: { contains: filter.actor } } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
  };
  const [data, count] = await db().$transaction([
    db().auditLog.findMany({ where, orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
    db().auditLog.count({ where }),
  ]);
  return { data: data.map((r) => ({ ...r, params: JSON.parse(r.params) as unknown })), count, page, pageSize };
}

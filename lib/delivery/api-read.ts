// The images API's hot read — GET /api/optimization/images?action=optimize with an API token — is
// answered by the custom server before Next.js, like /d/: a cached variant is a file read, and
// Next's route machinery cost more than the read (276 req/s against /d/'s 1,100 on 2026-12-07).
// The checks are the route wrapper's (token, role, the query's schema, images.enabled), and so are
// the trace, the timing point, the bytes and the headers; the route (app/api/optimization/images)
// answers everything else: cookie sessions, as=json, the other actions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateBearer } from '../api/authn';
import { ApiError } from '../api/errors';
import { REQUEST_OBSERVER } from '../api/observer';
import { toErrorResponse } from '../api/respond';
import { hasRole } from '../auth/roles';
import { imagesGetQuery } from '../compat/optimization-images';
import { encodeSlot } from '../images/encode-slot';
import { type Reply, variantReply } from '../images/respond';
import { optimize } from '../images/service';
import { runAs, traceResponse } from '../observability/context';
import { peek } from '../process/registry';
import { liveSetting } from '../settings/live';
import { send } from './reply';

export const IMAGES_API_PATH = '/api/optimization/images';

/** Pure: the query of a request the lean path answers, or undefined when Next's route should. */
export function leanImageRead(
  method: string | undefined,
  url: string,
  authorization: unknown,
): URLSearchParams | undefined {
  if ((method !== 'GET' && method !== 'HEAD') || typeof authorization !== 'string') return undefined;
  if (!url.startsWith(`${IMAGES_API_PATH}?`)) return undefined;
  const query = new URLSearchParams(url.slice(IMAGES_API_PATH.length + 1));
  return query.get('action') === 'optimize' && query.get('as') !== 'json' ? query : undefined;
}

async function variant(req: IncomingMessage, query: URLSearchParams): Promise<Reply> {
  const principal = await authenticateBearer(String(req.headers.authorization));
  if (!hasRole(principal.role, 'viewer'))
    throw new ApiError('forbidden', `This needs the viewer role; you are ${principal.role}`);
  const q = imagesGetQuery.parse(Object.fromEntries(query));
  if (!q.src) throw new ApiError('validation_failed', `action=${q.action} needs src`, { src: 'required' });
  if (!liveSetting('images.enabled'))
    throw new ApiError(
      'conflict',
      'Image optimization is turned off (images.enabled); turn it on in Settings → Runtime',
    );
  const out = await optimize(q.src, q, req.headers.accept ?? null, { encodeSlot });
  return variantReply(
    req.headers['if-none-match'] ?? null,
    typeof req.headers.range === 'string' ? req.headers.range : null,
    out,
    q.format === 'auto',
  );
}

async function errorReply(err: unknown): Promise<Reply> {
  const r = toErrorResponse(err, `GET ${IMAGES_API_PATH}`);
  return { status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()) };
}

export async function serveImageRead(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const started = performance.now();
  const observer = peek(REQUEST_OBSERVER);
  const parent = req.headers.traceparent;
  const trace = observer?.begin(new Headers(typeof parent === 'string' ? { traceparent: parent } : undefined));
  await runAs({ route: IMAGES_API_PATH, trace }, async () => {
    const reply = await variant(req, query).catch(errorReply);
    observer?.end(trace, {
      method: req.method ?? 'GET',
      route: IMAGES_API_PATH,
      path: IMAGES_API_PATH,
      status: reply.status,
      ms: performance.now() - started,
    });
    if (trace) reply.headers.traceresponse = traceResponse(trace);
    reply.headers['cache-control'] ??= 'private, no-store';
    send(res, reply.status, reply.headers, req.method === 'HEAD' ? undefined : reply.body);
  });
}

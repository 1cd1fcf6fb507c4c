// The one route-handler wrapper: parse and validate, authenticate and authorize, refuse
// cross-site mutations, map errors to one envelope, time every request, audit every mutation.
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { config } from '../config';
import { runAs, traceResponse } from '../observability/context';
import { peek } from '../process/registry';
import type { Principal } from '../auth/principal';
import { hasRole, type Role } from '../auth/roles';
import { authenticateRequest, checkCsrf } from './authn';
import { readJsonBody, readJsonBytes } from './body';
import { REQUEST_OBSERVER } from './observer';
import { toErrorResponse } from './respond';
import { ApiError } from './errors';
import { withMeta } from './route-meta';
import { CLIENT_IP_HEADER, crossSiteReason, MUTATING, redact, requestOrigin, routePattern } from './request';

type Access = Role | 'public';
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
type Out<R> = R extends z.ZodType ? z.input<R> : object;
type RouteParams = Record<string, string | string[]>;

export interface RouteOptions<Q, P, B, A extends Access, R = undefined> {
  role: A;
  query?: Q;
  params?: P;
  body?: B;
  /**
   * A JSON body the handler parses itself (off the main thread): the wrapper checks its type,
   * encoding and size and hands over the bytes as `raw`; the schema documents it.
   */
  rawJson?: z.ZodType;
  /** The answer's JSON shape: the handler must return it (or a Response); documented in the OpenAPI reference. */
  response?: R;
  /** Documentation only: status of a success (default 200), and non-JSON content types. */
  status?: number;
  produces?: string;
  consumes?: string;
  maxBodyBytes?: number | (() => number);
  /** Audit action name; defaults to "METHOD /api/route/[param]". */
  action?: string;
  /** false only for data-plane writes (metric ingestion), which are counted as metrics instead. */
  audit?: boolean;
  /** false for the trace receivers: tracing every export would double the spans written. */
  trace?: boolean;
}

export interface RouteContext<Q, P, B, A extends Access> {
  req: NextRequest;
  query: Infer<Q>;
  params: Infer<P>;
  body: Infer<B>;
  /** the body's bytes, with `rawJson` */
  raw: Buffer | undefined;
  principal: A extends 'public' ? Principal | undefined : Principal;
  ip: string | undefined;
}

const NO_QUERY = z.strictObject({});

export function route<
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  A extends Access = Access,
  R extends z.ZodType | undefined = undefined,
>(opts: RouteOptions<Q, P, B, A, R>, handler: (ctx: RouteContext<Q, P, B, A>) => Promise<Response | Out<R>>) {
  const handle = async (req: NextRequest, context: { params: Promise<RouteParams> }): Promise<Response> => {
    const started = performance.now();
    const rawParams = (await context?.params) ?? {};
    const pattern = routePattern(req.nextUrl.pathname, rawParams);
    const ip = req.headers.get(CLIENT_IP_HEADER) ?? undefined;
    const mutating = MUTATING.has(req.method);
    let principal: Principal | undefined;
    let rawBody: unknown;
    // Everything the request does, authentication and audit included, is attributed to its route.
    const observer = peek(REQUEST_OBSERVER);
    const trace = opts.trace === false ? undefined : observer?.begin(req.headers);
    return runAs({ route: pattern, trace }, async () => {
      let response: Response;
      try {
        principal = await authenticateRequest(req);
        if (mutating) {
          const reason = crossSiteReason(req.headers, requestOrigin(req.nextUrl, req.headers), allowedOrigins());
          if (reason) throw new ApiError('cross_site', reason);
        }
        if (opts.role !== 'public') {
          if (!principal) throw new ApiError('unauthorized', 'Sign in or send an API token');
          if (!hasRole(principal.role, opts.role)) {
            throw new ApiError('forbidden', `This needs the ${opts.role} role; you are ${principal.role}`, {
              required: opts.role,
              actual: principal.role,
            });
          }
        }
        if (mutating && principal?.kind === 'user') checkCsrf(req, principal);
        const query = (opts.query ?? NO_QUERY).parse(Object.fromEntries(req.nextUrl.searchParams));
        const params = opts.params ? opts.params.parse(rawParams) : undefined;
        if (opts.body) rawBody = await readJsonBody(req, bodyLimit(opts.maxBodyBytes));
        const body = opts.body ? opts.body.parse(rawBody) : undefined;
        const raw = opts.rawJson ? await readJsonBytes(req, bodyLimit(opts.maxBodyBytes)) : undefined;
        const ctx = { req, query, params, body, raw, principal, ip } as RouteContext<Q, P, B, A>;
        const result = await handler(ctx);
        response = result instanceof Response ? result : Response.json(result);
        if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
      } catch (err) {
        response = toErrorResponse(err, `${req.method} ${pattern}`);
      }
      const status = response.status;
      observer?.end(trace, {
        method: req.method,
        route: pattern,
        path: req.nextUrl.pathname,
        status,
        ms: performance.now() - started,
      });
      // After end: the tail decision, made there, says whether the trace is stored.
      if (trace) response.headers.set('traceresponse', traceResponse(trace));
      if (mutating && opts.audit !== false && observer) {
        await observer
          .audit({
            principal,
            action: opts.action ?? `${req.method} ${pattern}`,
            method: req.method,
            path: req.nextUrl.pathname,
            sourceIp: ip,
            params: redact({ params: rawParams, query: Object.fromEntries(req.nextUrl.searchParams), body: rawBody }),
            status,
          })
          .catch((e: Error) => console.error(`[audit] write failed: ${e.message}`));
      }
      return response;
    });
  };
  return withMeta(handle, {
    role: opts.role,
    query: opts.query,
    params: opts.params,
    body: opts.body ?? opts.rawJson,
    response: opts.response,
    status: opts.status,
    produces: opts.produces,
    consumes: opts.consumes,
    action: opts.action,
  });
}

function bodyLimit(limit: number | (() => number) | undefined): number {
  if (typeof limit === 'function') return limit();
  return limit ?? config().MAX_BODY_BYTES;
}

function allowedOrigins(): string[] {
  return config()
    .ALLOWED_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

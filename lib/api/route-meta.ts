// What route() records about each handler, for the OpenAPI document (lib/api/openapi): the same
// schemas the wrapper validates with, so the reference cannot drift from what is enforced.
import type { z } from 'zod';
import type { Role } from '../auth/roles';

export interface RouteMeta {
  role: Role | 'public';
  query?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType;
  /** the JSON the handler answers with, when it is one typed shape */
  response?: z.ZodType;
  /** status of a successful answer (default 200) */
  status?: number;
  /** content type of the answer when it is not JSON (files, streams, exposition formats) */
  produces?: string;
  /** content type of the request body when it is not JSON (uploads) */
  consumes?: string;
  /** audit action name */
  action?: string;
}

const META = Symbol.for('redline.route-meta');

export function withMeta<F extends object>(handler: F, meta: RouteMeta): F {
  Object.defineProperty(handler, META, { value: meta, enumerable: false });
  return handler;
}

export function routeMeta(handler: unknown): RouteMeta | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as unknown as { [META]?: RouteMeta })[META];
}

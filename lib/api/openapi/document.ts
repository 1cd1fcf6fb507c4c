// Pure: the OpenAPI 3.1 document of the HTTP API, built from the route files' exported handlers and
// the zod schemas route() validates them with (zod's own JSON Schema output).
import { z } from 'zod';
import { type RouteMeta, routeMeta } from '../route-meta';

type Json = Record<string, unknown>;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface RouteEntry {
  path: string;
  file: string;
  module: Readonly<Record<string, unknown>>;
  summaries: Readonly<Partial<Record<(typeof METHODS)[number], string>>>;
}

/** Routes served outside Next.js's route handlers (the custom server answers them first). */
export interface ExtraOperation {
  path: string;
  method: (typeof METHODS)[number];
  operation: Json;
}

const ROLE_TEXT: Record<RouteMeta['role'], string> = {
  public: 'No sign-in needed.',
  viewer: 'Needs the viewer role (or higher).',
  operator: 'Needs the operator role (or admin).',
  admin: 'Needs the admin role.',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  return out;
}

/** The object branches of a query schema: one for a plain object, several for a union on `action`. */
function objectBranches(s: Json): Json[] {
  const union = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (union) return union.flatMap(objectBranches);
  if (Array.isArray(s.allOf)) return (s.allOf as Json[]).flatMap(objectBranches);
  return s.type === 'object' || s.properties ? [s] : [];
}

/** Query or path parameters from an object schema (a union's branches merged: a name is required only in all). */
function parameters(schema: z.ZodType, where: 'query' | 'path'): Json[] {
  const branches = objectBranches(jsonSchema(schema, 'input'));
  const names = new Map<string, { schemas: Json[]; required: number }>();
  for (const b of branches) {
    const req = new Set((b.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries((b.properties as Record<string, Json> | undefined) ?? {})) {
      const e = names.get(name) ?? { schemas: [], required: 0 };
      e.schemas.push(prop);
      if (req.has(name)) e.required++;
      names.set(name, e);
    }
  }
  return [...names].map(([name, e]) => {
    const enums = e.schemas.flatMap((p) => (p.const !== undefined ? [p.const] : ((p.enum as unknown[]) ?? [])));
    const merged: Json =
      e.schemas.length > 1 && enums.length >= e.schemas.length
        ? { type: 'string', enum: [...new Set(enums)] }
        : (e.schemas[0] ?? {});
    const { description, ...schemaOnly } = merged;
    return {
      name,
      in: where,
      required: where === 'path' || (e.required === branches.length && merged.default === undefined),
      schema: schemaOnly,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

const errorRef = { $ref: '#/components/responses/Error' };

function operation(method: string, entry: RouteEntry, meta: RouteMeta, summary: string): Json {
  const responses: Json = {};
  const status = String(meta.status ?? 200);
  responses[status] = meta.produces
    ? { description: 'Success', content: { [meta.produces]: { schema: {} } } }
    : {
        description: 'Success',
        content: { 'application/json': { schema: meta.response ? jsonSchema(meta.response, 'output') : {} } },
      };
  const errorStatuses = ['400', '429', '500'];
  if (meta.role !== 'public') errorStatuses.push('401', '403');
  if (meta.params) errorStatuses.push('404');
  if (meta.body) errorStatuses.push('413', '415');
  for (const s of errorStatuses.sort()) responses[s] = errorRef;
  const op: Json = {
    operationId: `${method.toLowerCase()}${entry.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: summary || `${method} ${entry.path}`,
    description: `${ROLE_TEXT[meta.role]}${meta.action ? ` Audited as \`${meta.action}\`.` : ''}`,
    tags: [entry.path.split('/')[2] ?? 'api'],
    'x-redline-role': meta.role,
    responses,
  };
  const params = [
    ...(meta.params ? parameters(meta.params, 'path') : []),
    ...(meta.query ? parameters(meta.query, 'query') : []),
  ];
  if (params.length) op.parameters = params;
  if (meta.body)
    op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(meta.body, 'input') } } };
  else if (meta.consumes) op.requestBody = { required: true, content: { [meta.consumes]: { schema: {} } } };
  op.security = meta.role === 'public' ? [{}, { bearer: [] }, { session: [] }] : [{ bearer: [] }, { session: [] }];
  return op;
}

export interface DocumentInfo {
  version: string;
  serverUrl?: string;
}

export function openApiDocument(
  routes: readonly RouteEntry[],
  extra: readonly ExtraOperation[],
  info: DocumentInfo,
): Json {
  const paths: Record<string, Json> = {};
  for (const entry of routes) {
    for (const method of METHODS) {
      const handler = entry.module[method];
      const meta = routeMeta(handler);
      if (!meta) continue;
      paths[entry.path] ??= {};
      (paths[entry.path] as Json)[method.toLowerCase()] = operation(method, entry, meta, entry.summaries[method] ?? '');
    }
  }
  for (const x of extra) {
    paths[x.path] ??= {};
    (paths[x.path] as Json)[x.method.toLowerCase()] = x.operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redline API',
      version: info.version,
      description:
        'Every route of the console, generated from the schemas it validates with. Errors always have the shape `{ "error": { "code", "message", "details" } }`. Changes from a browser session need its CSRF token in `x-csrf-token` and a same-origin request.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (Settings → API tokens): rl_…' },
        session: { type: 'apiKey', in: 'cookie', name: 'redline_session', description: 'A signed-in console session' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
      responses: {
        Error: {
          description: 'An error, in the one envelope',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}

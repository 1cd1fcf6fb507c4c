// Pure: Zipkin's v2 JSON (POST /api/v2/spans, a list of spans) read into the plain shape OTLP
// exports become, so Zipkin reporters take the same validation, storage and views. Mapping as
// the OpenTelemetry Collector's Zipkin receiver does: 64-bit trace ids left-padded with zeros,
// tags as attributes, annotations as events, an `error` tag as an error status, the remote
// endpoint as peer.service / server.address, the local endpoint's service as service.name.
import { z } from 'zod';
import { OtlpDecodeError, type PlainKv, type PlainResourceSpans, type PlainSpan } from './otlp';

const hexId = z.string().max(32);
const endpoint = z
  .object({
    serviceName: z.string().max(512).optional(),
    ipv4: z.string().max(64).optional(),
    ipv6: z.string().max(64).optional(),
    port: z.number().int().min(0).max(65535).optional(),
  })
  .nullish();
const zipkinSpan = z.object({
  traceId: hexId,
  id: hexId,
  parentId: hexId.nullish(),
  name: z.string().max(4_096).nullish(),
  kind: z.enum(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']).nullish(),
  timestamp: z.number().int().nonnegative().nullish(),
  duration: z.number().int().nonnegative().nullish(),
  localEndpoint: endpoint,
  remoteEndpoint: endpoint,
  annotations: z
    .array(z.object({ timestamp: z.number().int().nonnegative(), value: z.string().max(4_096) }))
    .max(1_000)
    .nullish(),
  tags: z.record(z.string().max(256), z.string().max(65_536)).nullish(),
  debug: z.boolean().nullish(),
  shared: z.boolean().nullish(),
});
export const zipkinSpans = z.array(zipkinSpan).max(100_000);
type ZipkinSpan = z.infer<typeof zipkinSpan>;

const KINDS = { SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
const kv = (key: string, value: string | number): PlainKv => ({ key, value });

/** A shared server span (Zipkin v1's habit) reuses its client's id: it gets its own, the client as parent. */
function sharedId(id: string): string {
  return (BigInt(`0x${id}`) ^ 0x5a5a5a5a5a5a5a5an).toString(16).padStart(16, '0');
}

function toPlain(s: ZipkinSpan): PlainSpan {
  const id = s.id.toLowerCase();
  const shared = s.shared === true && s.kind === 'SERVER' && /^[0-9a-f]{16}$/.test(id);
  const start = s.timestamp ?? 0;
  const attributes: PlainKv[] = Object.entries(s.tags ?? {})
    .filter(([k]) => k !== 'error')
    .map(([k, v]) => kv(k, v));
  const remote = s.remoteEndpoint;
  if (remote?.serviceName) attributes.push(kv('peer.service', remote.serviceName));
  if (remote?.ipv4 ?? remote?.ipv6) attributes.push(kv('server.address', (remote.ipv4 ?? remote.ipv6) as string));
  if (remote?.port) attributes.push(kv('server.port', remote.port));
  const error = s.tags?.error;
  return {
    traceId: s.traceId.toLowerCase().padStart(32, '0'),
    spanId: shared ? sharedId(id) : id,
    parentSpanId: shared ? id : (s.parentId ?? '').toLowerCase(),
    name: s.name ?? '',
    kind: s.kind ? KINDS[s.kind] : 0,
    // Nanoseconds since the epoch exceed a double's exact integers: BigInt, or µs come back one off.
    startNs: BigInt(start) * 1000n,
    endNs: BigInt(start + (s.duration ?? 0)) * 1000n,
    attributes,
    events: (s.annotations ?? []).map((a) => ({ timeNs: BigInt(a.timestamp) * 1000n, name: a.value, attributes: [] })),
    links: [],
    status: error === undefined ? { code: 0, message: '' } : { code: 2, message: error },
  };
}

export function decodeZipkin(body: unknown): PlainResourceSpans[] {
  const parsed = zipkinSpans.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OtlpDecodeError(
      `not a Zipkin v2 span list: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const byService = new Map<string, PlainSpan[]>();
  for (const s of parsed.data) {
    const service = s.localEndpoint?.serviceName || 'unknown_service';
    const list = byService.get(service);
    if (list) list.push(toPlain(s));
    else byService.set(service, [toPlain(s)]);
  }
  return [...byService].map(([service, spans]) => ({
    resource: [kv('service.name', service)],
    scopes: [{ scope: { name: 'zipkin', version: '2' }, spans }],
  }));
}

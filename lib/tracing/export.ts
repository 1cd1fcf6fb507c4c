// Pure: stored spans back out as an OTLP/JSON ExportTraceServiceRequest (a trace's download), which
// any OTLP/JSON reader — Redline's own receiver included — takes as it is.
import type { Attributes, AttrValue, SpanRecord } from './model';

type AnyValue = Record<string, unknown>;

function anyValue(v: AttrValue): AnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (v && typeof v === 'object') return { kvlistValue: { values: keyValues(v) } };
  return {};
}

const keyValues = (a: Attributes) => Object.entries(a).map(([key, value]) => ({ key, value: anyValue(value) }));
const nanos = (us: number) => `${BigInt(Math.round(us)) * 1000n}`;

export function toOtlpJson(spans: readonly SpanRecord[]) {
  const byResource = new Map<string, { resource: Attributes; spans: SpanRecord[] }>();
  for (const s of spans) {
    const key = JSON.stringify(s.resource);
    const entry = byResource.get(key) ?? { resource: s.resource, spans: [] };
    entry.spans.push(s);
    byResource.set(key, entry);
  }
  return {
    resourceSpans: [...byResource.values()].map(({ resource, spans: list }) => ({
      resource: { attributes: keyValues(resource) },
      // One ScopeSpans per instrumentation scope, as the exporter sent them.
      scopeSpans: byScope(list).map(({ scope, spans: scoped }) => ({
        ...(scope ? { scope: { name: scope.name, ...(scope.version ? { version: scope.version } : {}) } } : {}),
        spans: scoped.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.parentId ? { parentSpanId: s.parentId } : {}),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: nanos(s.startUs),
          endTimeUnixNano: nanos(s.startUs + s.durationUs),
          attributes: keyValues(s.attributes),
          events: s.events.map((e) => ({
            timeUnixNano: nanos(e.timeUs),
            name: e.name,
            attributes: keyValues(e.attributes),
          })),
          links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes) })),
          status: { code: s.status, ...(s.statusMessage ? { message: s.statusMessage } : {}) },
        })),
      })),
    })),
  };
}

function byScope(spans: readonly SpanRecord[]): { scope: SpanRecord['scope']; spans: SpanRecord[] }[] {
  const groups = new Map<string, { scope: SpanRecord['scope']; spans: SpanRecord[] }>();
  for (const s of spans) {
    const key = s.scope ? `${s.scope.name}\u0000${s.scope.version}` : '';
    const g = groups.get(key) ?? { scope: s.scope, spans: [] };
    g.spans.push(s);
    groups.set(key, g);
  }
  return [...groups.values()];
}

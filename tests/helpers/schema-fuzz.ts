// Request bodies generated from an OpenAPI (JSON Schema) description: mostly shaped like what the
// endpoint asks for, with hostile values mixed in at every level (wrong types, huge and odd strings,
// extreme numbers, __proto__ keys, deep nesting, unknown fields). Seeded, so a failure repeats.

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
};

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

const HOSTILE: (() => unknown)[] = [
  () => null,
  () => true,
  () => -1,
  () => 0,
  () => 1e308,
  () => -1e308,
  () => 2 ** 53 + 1,
  () => 0.5,
  () => '',
  () => 'x'.repeat(100_000),
  () => '\u0000\ud800',
  () => '../../../../etc/passwd',
  () => '<script>alert(1)</script>',
  () => 'http://169.254.169.254/latest/meta-data/',
  () => '1e999',
  () => 'NaN',
  () => [],
  () => ({}),
  () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  () => deep(2_000),
  () => Array.from({ length: 5_000 }, (_, i) => i),
];

const STRINGS: Record<string, () => string> = {
  email: () => `fuzz${Date.now() % 1e6}@redline.test`,
  uri: () => 'http://127.0.0.1:9/fuzz',
  'date-time': () => new Date().toISOString(),
  uuid: () => '00000000-0000-4000-8000-000000000000',
};

export class SchemaFuzzer {
  constructor(
    private readonly components: Record<string, JsonSchema>,
    private readonly random: () => number,
  ) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)] as T;
  }

  private int(min: number, max: number): number {
    return Math.floor(min + this.random() * (max - min + 1));
  }

  /** A value for `schema`; at each level a hostile one with probability `hostility`. */
  value(schema: JsonSchema | undefined, hostility = 0.2, depth = 0): unknown {
    if (!schema || depth > 8) return this.pick(HOSTILE)();
    if (this.random() < hostility) return this.pick(HOSTILE)();
    if (schema.$ref) return this.value(this.components[schema.$ref.split('/').pop() ?? ''], hostility, depth + 1);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return this.pick(schema.enum);
    const choices = schema.anyOf ?? schema.oneOf;
    if (choices) return this.value(this.pick(choices), hostility, depth + 1);
    if (schema.allOf) return this.value(Object.assign({}, ...schema.allOf), hostility, depth + 1);
    const type = Array.isArray(schema.type) ? this.pick(schema.type) : schema.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(schema.properties ?? {}))
          if (schema.required?.includes(k) || this.random() < 0.5) out[k] = this.value(s, hostility, depth + 1);
        if (this.random() < 0.1) out.unexpectedField = this.pick(HOSTILE)();
        return out;
      }
      case 'array': {
        const n = this.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4));
        return Array.from({ length: n }, (_, i) =>
          this.value(schema.prefixItems?.[i] ?? schema.items, hostility, depth + 1),
        );
      }
      case 'integer':
        return this.int(schema.minimum ?? -5, Math.min(schema.maximum ?? 1_000, (schema.minimum ?? -5) + 100_000));
      case 'number':
        return (
          (schema.minimum ?? 0) + this.random() * Math.min(1_000, (schema.maximum ?? 1_000) - (schema.minimum ?? 0))
        );
      case 'boolean':
        return this.random() < 0.5;
      case 'null':
        return null;
      case 'string': {
        const f = schema.format ? STRINGS[schema.format] : undefined;
        if (f) return f();
        const n = this.int(schema.minLength ?? 0, Math.min(schema.maxLength ?? 24, (schema.minLength ?? 0) + 24));
        return Array.from({ length: n }, () => this.pick([...'abcxyz019-_./ ;:%é'])).join('');
      }
      default:
        return this.pick(HOSTILE)();
    }
  }

  /** A path segment for a parameter: an id that does not exist, or something worse. */
  segment(): string {
    return encodeURIComponent(
      this.pick(['x', '1', '0', '-1', 'does-not-exist', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(500), '%00', 'null']),
    );
  }
}

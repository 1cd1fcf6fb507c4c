// Pure: the Prometheus text exposition format (0.0.4) → samples with their family type.
// Malformed lines are reported with their number and reason; the rest is kept. Reasons are
// Redline's own words and never quote the text: a scraped body is the remote end's, and what a
// target says (a token in a label, a page instead of metrics) must not reach the console.
export type PromType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
  type: PromType;
  family: string;
}
export interface ParseResult {
  samples: Sample[];
  errors: { line: number; reason: string }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

function familyOf(name: string, types: Map<string, PromType>): { family: string; type: PromType } {
  if (types.has(name)) return { family: name, type: types.get(name) as PromType };
  for (const s of SUFFIXES) {
    if (name.endsWith(s)) {
      const base = name.slice(0, -s.length);
      const t = types.get(base);
      if (t) return { family: base, type: t };
    }
  }
  return { family: name, type: 'untyped' };
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const n = Number(text);
  return text.trim() !== '' && !Number.isNaN(n) ? n : undefined;
}

/** Parses `{a="x",b="y\"z"}` starting at `i` (the `{`); returns labels and the index after `}`. */
function parseLabels(line: string, i: number): { labels: Record<string, string>; end: number } | string {
  const labels: Record<string, string> = {};
  let j = i + 1;
  while (j < line.length) {
    while (line[j] === ' ' || line[j] === ',') j++;
    if (line[j] === '}') return { labels, end: j + 1 };
    const eq = line.indexOf('=', j);
    if (eq < 0) return 'label without "="';
    const name = line.slice(j, eq).trim();
    if (!LABEL.test(name)) return 'a label name is not an identifier';
    if (line[eq + 1] !== '"') return 'a label value is not quoted';
    let value = '';
    let k = eq + 2;
    for (; k < line.length && line[k] !== '"'; k++) {
      if (line[k] === '\\') {
        const next = line[++k];
        value += next === 'n' ? '\n' : (next ?? '');
      } else value += line[k];
    }
    if (k >= line.length) return 'a label value is not terminated';
    labels[name] = value;
    j = k + 1;
  }
  return 'unterminated label set';
}

export function parsePrometheusText(text: string, maxSamples = 100_000): ParseResult {
  const types = new Map<string, PromType>();
  const samples: Sample[] = [];
  const errors: ParseResult['errors'] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] ?? '').trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const m = /^#\s+TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m) {
        const t = m[2] as PromType;
        if (['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(t)) types.set(m[1] as string, t);
        else errors.push({ line: n + 1, reason: 'unknown metric type' });
      }
      continue;
    }
    if (samples.length >= maxSamples) {
      errors.push({ line: n + 1, reason: `more than ${maxSamples} samples; the rest is ignored` });
      break;
    }
    const brace = line.indexOf('{');
    const space = line.search(/\s/);
    const nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
    const name = nameEnd < 0 ? line : line.slice(0, nameEnd);
    if (!NAME.test(name)) {
      errors.push({ line: n + 1, reason: 'the metric name is not valid' });
      continue;
    }
    let labels: Record<string, string> = {};
    let rest = line.slice(nameEnd < 0 ? line.length : nameEnd);
    if (nameEnd === brace) {
      const parsed = parseLabels(line, brace);
      if (typeof parsed === 'string') {
        errors.push({ line: n + 1, reason: parsed });
        continue;
      }
      labels = parsed.labels;
      rest = line.slice(parsed.end);
    }
    const [valueText, tsText, extra] = rest.trim().split(/\s+/);
    const value = valueText === undefined ? undefined : parseValue(valueText);
    if (value === undefined || extra !== undefined) {
      errors.push({ line: n + 1, reason: 'expected "<value> [timestamp]" after the metric' });
      continue;
    }
    const ts = tsText === undefined ? undefined : Number(tsText);
    if (ts !== undefined && !Number.isInteger(ts)) {
      errors.push({ line: n + 1, reason: 'timestamp must be integer milliseconds' });
      continue;
    }
    samples.push({ name, labels, value, timestampMs: ts, ...familyOf(name, types) });
  }
  return { samples, errors };
}

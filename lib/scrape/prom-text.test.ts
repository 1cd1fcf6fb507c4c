import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prom-text';

const TEXT = `# HELP http_requests_total Requests.
# TYPE http_requests_total counter
http_requests_total{method="GET",path="/a\\"b"} 1027 1700000000000
http_requests_total{method="POST"} 3
# TYPE temp gauge
temp 21.5
# TYPE lat histogram
lat_bucket{le="0.1"} 5
lat_bucket{le="+Inf"} 9
lat_sum 1.7
lat_count 9
plain_value 4
`;

describe('parsePrometheusText', () => {
  it('reads samples with their family type, labels (escapes included) and timestamps', () => {
    const { samples, errors } = parsePrometheusText(TEXT);
    expect(errors).toEqual([]);
    expect(samples).toHaveLength(8);
    expect(samples[0]).toEqual({
      name: 'http_requests_total',
      labels: { method: 'GET', path: '/a"b' },
      value: 1027,
      timestampMs: 1700000000000,
      type: 'counter',
      family: 'http_requests_total',
    });
    expect(samples.find((s) => s.name === 'lat_bucket' && s.labels.le === '+Inf')).toMatchObject({
      type: 'histogram',
      family: 'lat',
      value: 9,
    });
    expect(samples.find((s) => s.name === 'plain_value')?.type).toBe('untyped');
  });

  it.each([
    ['9bad 1', 'metric name'],
    ['ok{bad-label="x"} 1', 'not an identifier'],
    ['ok{a=x} 1', 'not quoted'],
    ['ok{a="x} 1', 'not terminated'],
    ['ok one', 'expected "<value> [timestamp]"'],
    ['ok 1 2 3', 'expected'],
    ['ok 1 1.5', 'integer milliseconds'],
    ['# TYPE ok weird', 'unknown metric type'],
  ])('reports %j with its line and keeps the valid lines', (bad, reason) => {
    const { samples, errors } = parsePrometheusText(`good 1\n${bad}\nalso_good 2`);
    expect(errors).toEqual([{ line: 2, reason: expect.stringContaining(reason) }]);
    // A reason never repeats what the target sent (its text may carry a secret).
    for (const word of bad.split(/[\s{}=",]+/).filter((w) => w.length > 1 && !['ok', 'TYPE'].includes(w)))
      expect(errors[0]?.reason).not.toContain(word);
    expect(samples.map((s) => s.name)).toEqual(
      bad.startsWith('#') ? ['good', 'ok', 'also_good'].filter((n) => n !== 'ok') : ['good', 'also_good'],
    );
  });
});

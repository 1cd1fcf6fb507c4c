import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prom-text';
import { toPoints } from './to-points';

const scrape = (text: string) => parsePrometheusText(text).samples;

describe('toPoints', () => {
  it('turns counters into increments, keeps gauges, and labels everything with the target', () => {
    const first = toPoints(
      scrape('# TYPE reqs counter\nreqs{code="200"} 100\n# TYPE temp gauge\ntemp 20'),
      new Map(),
      { target: 'shop' },
      1_000,
    );
    expect(first.points).toEqual([{ name: 'temp', labels: { target: 'shop' }, value: 20, ts: 1_000, type: 'gauge' }]); // baseline only for the counter
    const second = toPoints(
      scrape('# TYPE reqs counter\nreqs{code="200"} 130\n# TYPE temp gauge\ntemp 21'),
      first.next,
      { target: 'shop' },
      2_000,
    );
    expect(second.points).toContainEqual({
      name: 'reqs',
      labels: { code: '200', target: 'shop' },
      value: 30,
      ts: 2_000,
      type: 'counter',
    });
    const restarted = toPoints(
      scrape('# TYPE reqs counter\nreqs{code="200"} 5'),
      second.next,
      { target: 'shop' },
      3_000,
    );
    expect(restarted.points).toEqual([
      { name: 'reqs', labels: { code: '200', target: 'shop' }, value: 5, ts: 3_000, type: 'counter' },
    ]);
  });

  it('the target label cannot be overridden by the scraped service', () => {
    const r = toPoints(scrape('up{target="evil"} 1'), new Map(), { target: 'shop' }, 0);
    expect(r.points[0]?.labels.target).toBe('shop');
  });
});

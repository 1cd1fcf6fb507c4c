import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';
import { binOf, eachBin, encodeBins, memoizedMergeBins, mergeBins, quantilesFromBins } from './sketch';

const read = (text: string) => {
  const out: [number, number][] = [];
  eachBin(text, (b, c) => out.push([b, c]));
  return out;
};

describe('stored sketches', () => {
  it('round-trips bins, including negative and zero bins', () => {
    const bins = new Map([
      [binOf(12.5), 3],
      [binOf(-4), 1],
      [binOf(0), 2],
      [binOf(0.001), 7],
    ]);
    expect(read(encodeBins(bins))).toEqual([...bins]);
    expect(read('{}')).toEqual([]);
  });

  it('reads PostgreSQL jsonb text (spaces after separators)', () => {
    expect(read('{"403": 2, "-7": 1, "2000000": 12}')).toEqual([
      [403, 2],
      [-7, 1],
      [2000000, 12],
    ]);
  });

  it('merges by adding counts, so two writers never lose each other’s observations', () => {
    const merged = new Map(read(mergeBins('{"1":2,"5":1}', '{"5":4,"9":1}')));
    expect(merged).toEqual(
      new Map([
        [1, 2],
        [5, 5],
        [9, 1],
      ]),
    );
  });

  it('merges the same with its memory of earlier results, whoever else changed the stored text', () => {
    const merge = memoizedMergeBins(2);
    const batches = ['{"1":1}', '{"1":2,"4":1}', '{"9":3}', '{"4":1,"2":5}', '{"1":1}'];
    let memo = '{"3":1}';
    let plain = memo;
    for (const b of batches) {
      memo = merge(memo, b);
      plain = mergeBins(plain, b);
      expect(memo).toBe(plain);
    }
    // A rolled-back transaction: the stored text is the one before the last merge.
    const before = mergeBins('{"3":1}', batches[0] as string);
    expect(merge(before, '{"7":1}')).toBe(mergeBins(before, '{"7":1}'));
    // Another writer merged meanwhile: its text is parsed afresh.
    const other = mergeBins(plain, '{"8":2}');
    expect(merge(other, '{"1":1}')).toBe(mergeBins(other, '{"1":1}'));
    // Past its capacity it forgets, and still agrees.
    for (let i = 0; i < 10; i++) merge(`{"${i}":1}`, '{"1":1}');
    expect(merge(plain, '{"1":1}')).toBe(mergeBins(plain, '{"1":1}'));
  });

  it('agrees with JSON.parse and gives the same quantiles after a round trip', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 1 + ((i * 7919) % 1000) / 3);
    const bins = new Map<number, number>();
    for (const v of values) bins.set(binOf(v), (bins.get(binOf(v)) ?? 0) + 1);
    const text = encodeBins(bins);
    expect(new Map(read(text))).toEqual(
      new Map(Object.entries(JSON.parse(text) as Record<string, number>).map(([b, c]) => [Number(b), c])),
    );
    expect(quantilesFromBins(read(text), [0.5, 0.99])).toEqual(quantilesFromBins(bins, [0.5, 0.99]));
  });

  it('gives exactly DDSketch’s quantiles, negatives and zeros included', () => {
    const values = Array.from({ length: 3001 }, (_, i) => (i % 7 === 0 ? 0 : ((i * 7919) % 2001) - 600) / 3);
    const sketch = new DDSketch({ relativeAccuracy: 0.01 });
    const bins = new Map<number, number>();
    for (const v of values) {
      sketch.accept(v);
      bins.set(binOf(v), (bins.get(binOf(v)) ?? 0) + 1);
    }
    const qs = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];
    expect(quantilesFromBins(bins, qs)).toEqual(qs.map((q) => sketch.getValueAtQuantile(q)));
    expect(quantilesFromBins([], [0.5])).toEqual([undefined]);
  });
});

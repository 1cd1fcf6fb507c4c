// Pure: values ↔ DDSketch bins (logarithmic mapping, 1% relative accuracy), and quantiles from
// stored bin counts. Bins of positive values are the mapping's keys; negatives and zero are
// shifted into their own ranges so one integer column holds all three.
import { DDSketch } from '@datadog/sketches-js';

export const RELATIVE_ACCURACY = 0.01;
const mapping = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY }).mapping;
const NEGATIVE_OFFSET = 1_000_000;
const ZERO_BIN = 2_000_000;

export function binOf(value: number): number {
  if (Math.abs(value) < mapping.minPossible) return ZERO_BIN;
  const key = mapping.key(Math.abs(value));
  return value > 0 ? key : key + NEGATIVE_OFFSET;
}

/** The value a bin stands for (within the relative accuracy of every value mapped to it). */
export function valueOfBin(bin: number): number {
  if (bin === ZERO_BIN) return 0;
  if (bin > NEGATIVE_OFFSET / 2) return -mapping.value(bin - NEGATIVE_OFFSET);
  return mapping.value(bin);
}

/** Quantiles (0..1) of the distribution the bins describe; undefined when there are none. */
export function quantilesFromBins(bins: Iterable<readonly [number, number]>, qs: readonly number[]): (number | undefined)[] {
  const sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
  let any = false;
  for (const [bin, count] of bins) {
    if (count > 0) {
      sketch.accept(valueOfBin(bin), count);
      any = true;
    }
  }
  return qs.map((q) => (any ? sketch.getValueAtQuantile(q) : undefined));
}

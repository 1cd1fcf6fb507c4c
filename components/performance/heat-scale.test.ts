import { rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { heatColor } from './heat-scale';

// WCAG relative luminance and contrast ratio.
const lum = (c: string) => {
  const { r, g, b } = rgb(c);
  const ch = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
};
const contrast = (a: string, b: string) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

describe('heatmap colours', () => {
  it.each([
    ['light', '#ffffff'],
    ['dark', '#121212'],
  ] as const)('a single request is visible on the %s page; an empty cell is not drawn', (mode, page) => {
    const color = heatColor(5_000, mode);
    expect(color(0)).toBeNull();
    const low = color(1) as string;
    expect(contrast(low, page)).toBeGreaterThan(2);
    // Higher counts are further from the page than lower ones.
    expect(contrast(color(5_000) as string, page)).toBeGreaterThan(contrast(low, page));
  });
});

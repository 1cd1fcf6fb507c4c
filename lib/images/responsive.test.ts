import { describe, expect, it } from 'vitest';
import { parseAspectRatio, responsiveSet } from './responsive';

describe('responsiveSet', () => {
  const url = (w: number, h: number) => `/v?w=${w}&h=${h}`;
  it('offers the standard widths up to the source and the maximum, at the asked ratio', () => {
    const r = responsiveSet(
      { src: '/a.jpg', sourceWidth: 1600, sourceHeight: 1200, aspectRatio: '16/9', maxWidth: 1200 },
      url,
    );
    expect(r.variants.map((v) => v.width)).toEqual([320, 640, 768, 1024]);
    expect(r.variants[0]).toEqual({ width: 320, height: 180, url: '/v?w=320&h=180' });
    expect(r.srcset).toBe('/v?w=320&h=180 320w, /v?w=640&h=360 640w, /v?w=768&h=432 768w, /v?w=1024&h=576 1024w');
    expect(r.html).toContain('loading="lazy"');
    expect(r.html).toContain('&amp;');
  });
  it('keeps a small source at its own size', () => {
    expect(responsiveSet({ src: '/a.png', sourceWidth: 200, sourceHeight: 100 }, url).variants).toEqual([
      { width: 200, height: 100, url: '/v?w=200&h=100' },
    ]);
  });
  it('parses ratios and refuses nonsense', () => {
    expect(parseAspectRatio('4:3')).toBeCloseTo(4 / 3);
    expect(parseAspectRatio('1.5')).toBe(1.5);
    expect(parseAspectRatio(undefined)).toBeUndefined();
    expect(() => parseAspectRatio('wide')).toThrow(/aspectRatio/);
    expect(() => parseAspectRatio('1/0')).toThrow(/between/);
  });
});

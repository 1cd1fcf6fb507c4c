import { describe, expect, it } from 'vitest';
import { preloadAs } from '../delivery/urls';
import { assetMetaBody, decodeTags, encodeTags, tagSchema } from './asset-meta';

describe('asset tags and marks', () => {
  it('store tags delimited on both sides, without repeats, and read them back', () => {
    expect(encodeTags(['hero', 'home', 'hero'])).toBe(',hero,home,');
    expect(encodeTags([])).toBe('');
    expect(decodeTags(',hero,home,')).toEqual(['hero', 'home']);
    expect(decodeTags('')).toEqual([]);
  });
  it("refuse tags that could not travel in a Cache-Tag header, and Redline's own prefix", () => {
    for (const bad of ['', 'a b', 'a,b', '-x', 'rl-mine', 'RL-x', 'x'.repeat(65), 'é'])
      expect(tagSchema.safeParse(bad).success).toBe(false);
    for (const good of ['hero', 'v2.1', 'home_page', 'A-1']) expect(tagSchema.safeParse(good).success).toBe(true);
    expect(assetMetaBody.safeParse({ src: 'photos/a.jpg', critical: true }).success).toBe(false); // paths start with /
    expect(
      assetMetaBody.safeParse({ src: '/a.jpg', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }).success,
    ).toBe(false);
  });
  it('preload each asset as what it is', () => {
    expect(['/a.css', '/b.js', '/c.mjs', '/f.woff2', '/d.json', '/e.jpg', '/g.svg'].map(preloadAs)).toEqual([
      'style',
      'script',
      'script',
      'font',
      'fetch',
      'image',
      'image',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseEncoding, isTextAsset } from './text-assets';

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['identity', 'identity'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['', 'identity'],
  ])('%s → %s', (header, expected) => {
    expect(chooseEncoding(header, true)).toBe(expected);
  });
  it('sends identity when compression is off', () => {
    expect(chooseEncoding('br', false)).toBe('identity');
  });
});

describe('isTextAsset', () => {
  it('knows text types by extension', () => {
    expect(isTextAsset('/css/main.css')).toBe(true);
    expect(isTextAsset('/logo.SVG')).toBe(true);
    expect(isTextAsset('/photo.jpg')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { negotiateFormat, resolveTransform, transformKey, transformSchema } from './options';

const policy = {
  formats: ['webp', 'avif', 'jpeg', 'png'] as const,
  quality: { webp: 80, avif: 75, jpeg: 85, png: 90 },
  maxWidth: 1920,
  maxHeight: 1080,
};

describe('negotiateFormat', () => {
  it('prefers AVIF, then WebP, when accepted and allowed; PNG for transparency; JPEG otherwise', () => {
    expect(negotiateFormat('image/avif,image/webp,*/*', policy.formats, false)).toBe('avif');
    expect(negotiateFormat('image/avif,image/webp,*/*', ['webp', 'jpeg'], false)).toBe('webp');
    expect(negotiateFormat('image/webp', policy.formats, true)).toBe('webp');
    expect(negotiateFormat('*/*', policy.formats, true)).toBe('png');
    expect(negotiateFormat(undefined, policy.formats, false)).toBe('jpeg');
  });
});

describe('resolveTransform', () => {
  it('applies presets, caps to the maximum, and bounds unsized requests without enlarging', () => {
    expect(
      resolveTransform(transformSchema.parse({ preset: 'medium', format: 'webp' }), policy, null, false),
    ).toMatchObject({ width: 800, quality: 80, format: 'webp' });
    expect(
      resolveTransform(transformSchema.parse({ width: 5000, height: 4000, format: 'jpeg' }), policy, null, false),
    ).toMatchObject({ width: 1920, height: 1080, quality: 85 });
    expect(resolveTransform(transformSchema.parse({ format: 'avif', quality: 40 }), policy, null, false)).toMatchObject(
      { width: 1920, height: 1080, fit: 'inside', quality: 40 },
    );
  });
  it('gives one key per distinct output', () => {
    const a = resolveTransform(transformSchema.parse({ width: 300 }), policy, 'image/webp', false);
    const b = resolveTransform(transformSchema.parse({ width: 300 }), policy, 'image/avif', false);
    expect(transformKey(a)).not.toBe(transformKey(b));
    expect(transformKey(a)).toBe('w300_h_cover_q80_webp_still');
  });
  it('refuses what cannot be served', () => {
    expect(transformSchema.safeParse({ width: 0 }).success).toBe(false);
    expect(transformSchema.safeParse({ width: '12px' }).success).toBe(false);
    expect(transformSchema.safeParse({ format: 'gif' }).success).toBe(false);
    expect(transformSchema.safeParse({ quality: 101 }).success).toBe(false);
    expect(transformSchema.safeParse({ fit: 'stretch' }).success).toBe(false);
  });
});

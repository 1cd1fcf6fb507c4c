// Pure: what an image request may ask for (the images API's parameters), validated and normalized, and the
// output format chosen for `format=auto` from the client's Accept header.
import { z } from 'zod';

export const OUTPUT_FORMATS = ['webp', 'avif', 'jpeg', 'png'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
/** Presets: the longer edge for each name. */
export const PRESETS = { thumbnail: 150, small: 400, medium: 800, large: 1920 } as const;
export type Preset = keyof typeof PRESETS;

const dimension = z.coerce
  .number({ error: 'expected a number of pixels' })
  .int('expected whole pixels')
  .min(1, 'at least 1 pixel')
  .max(16_384, 'at most 16384 pixels');

export const transformSchema = z.strictObject({
  width: dimension.optional(),
  height: dimension.optional(),
  fit: z.enum(FITS, { error: `fit is one of ${FITS.join(', ')}` }).default('cover'),
  quality: z.coerce.number().int().min(1, 'quality is 1…100').max(100, 'quality is 1…100').optional(),
  format: z
    .enum([...OUTPUT_FORMATS, 'auto'], { error: `format is one of ${OUTPUT_FORMATS.join(', ')}, auto` })
    .default('auto'),
  preset: z
    .enum(Object.keys(PRESETS) as [Preset, ...Preset[]], {
      error: `preset is one of ${Object.keys(PRESETS).join(', ')}`,
    })
    .optional(),
  /** every frame of an animation (GIF/WebP); the first frame only by default */
  animated: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false),
});
export type TransformInput = z.input<typeof transformSchema>;
export type Transform = z.output<typeof transformSchema>;

export interface ImagePolicy {
  formats: readonly OutputFormat[];
  quality: Record<OutputFormat, number>;
  maxWidth: number;
  maxHeight: number;
}

/** A transform with everything decided: the same resolved transform always gives the same bytes. */
export interface ResolvedTransform {
  width?: number;
  height?: number;
  fit: (typeof FITS)[number];
  quality: number;
  format: OutputFormat;
  animated: boolean;
}

/**
 * `format=auto`: AVIF, then WebP, when the client accepts them and the configuration allows them;
 * otherwise JPEG (or PNG for images with transparency).
 */
export function negotiateFormat(
  accept: string | null | undefined,
  allowed: readonly OutputFormat[],
  hasAlpha: boolean,
): OutputFormat {
  const a = (accept ?? '').toLowerCase();
  if (allowed.includes('avif') && a.includes('image/avif')) return 'avif';
  if (allowed.includes('webp') && a.includes('image/webp')) return 'webp';
  if (hasAlpha && allowed.includes('png')) return 'png';
  return allowed.includes('jpeg') || !allowed.length ? 'jpeg' : (allowed[0] as OutputFormat);
}

/** Applies presets, caps to the configured maximum and picks the format and quality. */
export function resolveTransform(
  t: Transform,
  policy: ImagePolicy,
  accept: string | null | undefined,
  hasAlpha: boolean,
): ResolvedTransform {
  let { width, height } = t;
  let fit = t.fit;
  if (t.preset && width === undefined && height === undefined) width = PRESETS[t.preset];
  if (width === undefined && height === undefined) {
    // No size asked: the configured maximum bounds the output (never enlarged).
    width = policy.maxWidth;
    height = policy.maxHeight;
    fit = 'inside';
  }
  if (width !== undefined) width = Math.min(width, policy.maxWidth);
  if (height !== undefined) height = Math.min(height, policy.maxHeight);
  const format = t.format === 'auto' ? negotiateFormat(accept, policy.formats, hasAlpha) : t.format;
  return { width, height, fit, quality: t.quality ?? policy.quality[format], format, animated: t.animated };
}

/** A stable text form of a resolved transform, for cache keys and variant URLs. */
export function transformKey(r: ResolvedTransform): string {
  return [
    `w${r.width ?? ''}`,
    `h${r.height ?? ''}`,
    r.fit,
    `q${r.quality}`,
    r.format,
    r.animated ? 'anim' : 'still',
  ].join('_');
}

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  webp: 'image/webp',
  avif: 'image/avif',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

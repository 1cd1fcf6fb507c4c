// Compatibility API: GET/POST/PUT /api/optimization/images with its `action` parameter, in the
// shape the optimization API contract gives it (docs/api.md). Queries, bodies and the map from its
// `config` to runtime settings.
import { z } from 'zod';
import type { SettingsPatch } from '../config/runtime-settings';
import { jobItemsSchema } from '../images/jobs';
import { OUTPUT_FORMATS, transformSchema } from '../images/options';

const src = z.string().min(1, 'src is required').max(2_048, 'src is at most 2048 characters');

export const imagesGetQuery = transformSchema.extend({
  action: z.enum(['config', 'optimize', 'responsive', 'stats', 'describe', 'source', 'jobs', 'job'], {
    error: 'action is one of config, optimize, responsive, stats, describe, source, jobs, job',
  }),
  src: src.optional(),
  /** action=job: the background job's id */
  id: z.uuid('id is a job id').optional(),
  /** optimize: the bytes (default) or a JSON description of the variant */
  as: z.enum(['bytes', 'json']).default('bytes'),
  aspectRatio: z.string().max(20).optional(),
  maxWidth: z.coerce.number().int().min(1).max(16_384).optional(),
  sizes: z.string().max(500).optional(),
  lazy: z.enum(['true', 'false']).optional(),
});

export const MAX_BATCH = 100;
/** optimize: up to 100 now, answered in the response; job: up to 10,000 in the background; cancel: stop a job. */
export const imagesPostBody = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('optimize'),
      images: z
        .array(z.strictObject({ src, options: transformSchema.partial().default({}) }))
        .min(1, 'images must not be empty')
        .max(MAX_BATCH, `at most ${MAX_BATCH} images per request; send larger sets as a background job (action=job)`),
    }),
    z.strictObject({ action: z.literal('job'), images: jobItemsSchema }),
    z.strictObject({ action: z.literal('cancel'), id: z.uuid('id is a job id') }),
  ],
  { error: 'action is one of optimize, job, cancel' },
);

const quality = z.number().int().min(1).max(100);
export const imagesPutBody = z.strictObject({
  config: z
    .strictObject({
      enabled: z.boolean().optional(),
      formats: z.array(z.enum(OUTPUT_FORMATS)).min(1).optional(),
      qualities: z
        .strictObject({
          webp: quality.optional(),
          avif: quality.optional(),
          jpeg: quality.optional(),
          png: quality.optional(),
        })
        .optional(),
      maxWidth: z.number().int().min(1).max(16_384).optional(),
      maxHeight: z.number().int().min(1).max(16_384).optional(),
    })
    .refine((c) => Object.keys(c).length > 0, 'config must change something'),
});
/** The `config` shape → runtime setting keys. */
export function imagesConfigPatch(c: z.infer<typeof imagesPutBody>['config']): SettingsPatch {
  const patch: SettingsPatch = {};
  if (c.enabled !== undefined) patch['images.enabled'] = c.enabled;
  if (c.formats) patch['images.formats'] = c.formats;
  if (c.maxWidth !== undefined) patch['images.maxWidth'] = c.maxWidth;
  if (c.maxHeight !== undefined) patch['images.maxHeight'] = c.maxHeight;
  for (const f of ['webp', 'avif', 'jpeg', 'png'] as const) {
    const q = c.qualities?.[f];
    if (q !== undefined) patch[`images.quality.${f}`] = q;
  }
  return patch;
}

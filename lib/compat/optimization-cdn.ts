// Compatibility API: GET/DELETE /api/optimization/cdn with its `action` and `type` parameters, in the
// shape the optimization API contract gives it (docs/api.md).
import { isIP } from 'node:net';
import { z } from 'zod';
import { tagSchema } from '../images/asset-meta';
import { OUTPUT_FORMATS, FITS } from '../images/options';
import { RANGE_OPTIONS, rangeQueryShape } from '../time-range';

const dim = z.coerce.number().int().min(1).max(16_384);
export const cdnGetQuery = z.strictObject({
  action: z.enum(['config', 'url', 'optimize', 'stats', 'purges', 'health', 'preload'], {
    error: 'action is one of config, url, optimize, stats, purges, health, preload',
  }),
  path: z.string().min(1).max(2_048).optional(),
  width: dim.optional(),
  height: dim.optional(),
  fit: z.enum(FITS).optional(),
  quality: z.coerce.number().int().min(1).max(100).optional(),
  format: z.enum([...OUTPUT_FORMATS, 'auto']).optional(),
  /** seconds the URL stays valid; DELIVERY_URL_TTL by default */
  ttl: z.coerce.number().int().min(1).max(31_536_000).optional(),
  /** optimize: Brotli-compress a text asset (default true) */
  compress: z.enum(['true', 'false']).optional(),
  /** stats: the range (custom with from/to) */
  ...rangeQueryShape,
  range: z.enum(RANGE_OPTIONS).default('24h'),
  /** bind the URL to this client address */
  bindIp: z
    .string()
    .refine((v) => isIP(v) !== 0, 'bindIp is an IPv4 or IPv6 address')
    .optional(),
});

export const cdnDeleteQuery = z
  .strictObject({
    type: z.enum(['path', 'prefix', 'tag', 'all'], { error: 'type is one of path, prefix, tag, all' }),
    path: z.string().min(1).max(2_048).optional(),
    tag: tagSchema.optional(),
  })
  .refine((q) => q.type === 'all' || q.type === 'tag' || q.path?.startsWith('/') === true, {
    message: 'type=path and type=prefix need a path starting with /',
    path: ['path'],
  })
  .refine((q) => q.type !== 'tag' || q.tag !== undefined, { message: 'type=tag needs a tag', path: ['tag'] });

import { z } from 'zod';
import { labelsSchema } from '../metrics/model';

export const targetBody = z.strictObject({
  name: z
    .string()
    .trim()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  intervalMs: z.number().int().min(5_000).max(3_600_000).default(15_000),
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  labels: labelsSchema.default({}),
  enabled: z.boolean().default(true),
});
export type TargetBody = z.infer<typeof targetBody>;

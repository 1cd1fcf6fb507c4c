// Pure: the global time range (15m … 7d or custom) shared by the URL, the UI and the API.
import { z } from 'zod';

export const RANGE_PRESETS = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const RANGE_OPTIONS = [...(Object.keys(RANGE_PRESETS) as RangePreset[]), 'custom'] as const;
export type RangeOption = (typeof RANGE_OPTIONS)[number];
export const REFRESH_OPTIONS = { off: 0, '5s': 5_000, '30s': 30_000, '1m': 60_000 } as const;
export type RefreshOption = keyof typeof REFRESH_OPTIONS;

const instant = z.string().transform((v, ctx) => {
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO date or epoch milliseconds' });
    return z.NEVER;
  }
  return n;
});

/** Query fields every time-ranged endpoint accepts. */
export const rangeQueryShape = {
  range: z.enum(RANGE_OPTIONS).default('1h'),
  from: instant.optional(),
  to: instant.optional(),
};

export function resolveRange(
  q: { range: RangeOption; from?: number; to?: number },
  now = Date.now(),
): { fromMs: number; toMs: number } {
  if (q.range === 'custom') {
    if (q.from === undefined || q.to === undefined) throw new RangeError('a custom range needs from and to');
    if (q.from >= q.to) throw new RangeError('from must be before to');
    if (q.to - q.from > 400 * 86_400_000) throw new RangeError('a range can span at most 400 days');
    return { fromMs: q.from, toMs: q.to };
  }
  return { fromMs: now - RANGE_PRESETS[q.range], toMs: now };
}

// zod helpers for environment strings: each says, in its error, what the variable accepts.
import { z } from 'zod';

export const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const int = (def: number, min: number, max: number) =>
  z
    .string()
    .default(String(def))
    .transform((v, ctx) => {
      const n = Number(v);
      if (!/^-?\d+$/.test(v.trim()) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Pure: "30d" (or "30 d") → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+) ?(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** Pure: milliseconds in the largest unit that holds them whole ("30d", "15m", "250ms"), as parseDuration reads it. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const)
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${ms}ms`;
}

export const duration = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 90s, 15m, 12h or 30d' });
        return z.NEVER;
      }
      return ms;
    });

export const list = <T extends string>(def: string, allowed: readonly [T, ...T[]]) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const items = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
      if (bad.length || items.length === 0) {
        ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return items as T[];
    });

export const oneOf = <T extends string>(def: T, allowed: readonly [T, ...T[]]) =>
  z.enum(allowed, { error: `expected one of ${allowed.join(', ')}` }).default(def);

export const url = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      try {
        const u = new URL(v);
        if (protocols.includes(u.protocol)) return v;
      } catch {
        /* reported below */
      }
      ctx.addIssue({ code: 'custom', message: `expected a URL starting with ${protocols.join(' or ')}` });
      return z.NEVER;
    });

/** "primary=https://a/health,backup=https://b/health" → targets in failover order; null when malformed. */
export function parseHealthTargets(text: string): { name: string; url: string }[] | null {
  const out: { name: string; url: string }[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const url = part.slice(eq + 1).trim();
    if (eq <= 0 || !/^[\w.-]{1,64}$/.test(name)) return null;
    try {
      if (!['http:', 'https:'].includes(new URL(url).protocol)) return null;
    } catch {
      return null;
    }
    if (out.some((t) => t.name === name)) return null;
    out.push({ name, url });
  }
  return out;
}

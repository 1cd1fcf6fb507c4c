// Pure: is a rule silenced now? One-off windows, or recurring ones (a cron start and a duration).
import { Cron } from 'croner';

export interface SilenceCore {
  ruleId: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  cron: string | null;
  durationMs: number | null;
}

export function silenceActive(s: SilenceCore, now: number): boolean {
  if (s.cron && s.durationMs) {
    // Active when a window started within the last `durationMs`: the first start after
    // (now − duration) is not later than now.
    const next = new Cron(s.cron, { paused: true }).nextRun(new Date(now - s.durationMs));
    return next !== null && next.getTime() <= now;
  }
  return (s.startsAt === null || s.startsAt.getTime() <= now) && (s.endsAt === null || now < s.endsAt.getTime());
}

export function isSilenced(silences: readonly SilenceCore[], ruleId: string, now: number): boolean {
  return silences.some((s) => (s.ruleId === null || s.ruleId === ruleId) && silenceActive(s, now));
}

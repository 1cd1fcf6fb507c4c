import { describe, expect, it } from 'vitest';
import { isSilenced } from './silence';
import { type RuleCore, type StateCore, step } from './state-machine';

const rule: RuleCore = { comparator: '>', threshold: 80, forMs: 5 * 60_000, hysteresis: 5, cooldownMs: 5 * 60_000 };
const ok: StateCore = { state: 'ok', since: 0, lastNotifiedAt: null };
const min = 60_000;

/** Runs values one per minute through the machine; returns the transitions. */
function run(values: (number | null)[], r = rule, silencedAt: (t: number) => boolean = () => false) {
  let s = ok;
  const out: string[] = [];
  values.forEach((v, i) => {
    const res = step(r, s, v, i * min, silencedAt(i * min));
    s = res.next;
    if (res.transition) out.push(`${i}:${res.transition}${res.notify ? '!' : ''}`);
  });
  return out;
}

describe('alert state machine', () => {
  it('fires only after the breach lasted `for` (CPU > 80% for 5m)', () => {
    expect(run([50, 90, 90, 90, 90, 90, 90, 90])).toEqual(['1:pending', '6:fired!']);
  });

  it('cancels a pending alert that recovers before `for` elapses', () => {
    expect(run([90, 90, 70, 90])).toEqual(['0:pending', '2:cancelled', '3:pending']);
  });

  it('needs the value back past threshold − hysteresis to resolve, so flapping does not spam', () => {
    const fastRule = { ...rule, forMs: 0 };
    expect(run([90, 79, 81, 78, 79, 74], fastRule)).toEqual(['0:fired!', '5:resolved!']);
  });

  it('holds back re-notification inside the cooldown', () => {
    const fastRule = { ...rule, forMs: 0 };
    // fires at 0, resolves at 1, fires again at 2 (inside 5 min cooldown: silent), again at 8 (notified)
    expect(run([90, 50, 90, 50, 50, 50, 50, 50, 90], fastRule)).toEqual([
      '0:fired!',
      '1:resolved!',
      '2:fired',
      '3:resolved!',
      '8:fired!',
    ]);
  });

  it('keeps its state when data stops, instead of resolving', () => {
    expect(run([90, null, null], { ...rule, forMs: 0 })).toEqual(['0:fired!']);
  });

  it('does not notify while silenced, but still tracks the state', () => {
    expect(run([90, 90, 50], { ...rule, forMs: 0 }, (t) => t < 2 * min)).toEqual(['0:fired', '2:resolved!']);
  });

  it.each([
    ['<', 10, 5, true],
    ['<=', 10, 10, true],
    ['>=', 10, 10, true],
    ['<', 10, 15, false],
  ] as const)('comparator %s threshold %d value %d breaches: %s', (comparator, threshold, value, expected) => {
    const r = step({ ...rule, comparator, threshold, forMs: 0 }, ok, value, 0, false);
    expect(r.transition === 'fired').toBe(expected);
  });
});

describe('silences', () => {
  const at = (iso: string) => Date.parse(iso);
  it('one-off windows', () => {
    const s = {
      ruleId: 'r1',
      startsAt: new Date(at('2026-01-01T10:00:00Z')),
      endsAt: new Date(at('2026-01-01T11:00:00Z')),
      cron: null,
      durationMs: null,
    };
    expect(isSilenced([s], 'r1', at('2026-01-01T10:30:00Z'))).toBe(true);
    expect(isSilenced([s], 'r1', at('2026-01-01T11:00:00Z'))).toBe(false);
    expect(isSilenced([s], 'r2', at('2026-01-01T10:30:00Z'))).toBe(false);
    expect(isSilenced([{ ...s, ruleId: null }], 'r2', at('2026-01-01T10:30:00Z'))).toBe(true);
  });
  it('recurring windows (every night 02:00 for 2 hours, in UTC)', () => {
    const s = { ruleId: null, startsAt: null, endsAt: null, cron: '0 2 * * *', durationMs: 2 * 3_600_000 };
    const tz = process.env.TZ;
    process.env.TZ = 'UTC';
    expect(isSilenced([s], 'x', at('2026-01-05T03:00:00Z'))).toBe(true);
    expect(isSilenced([s], 'x', at('2026-01-05T04:30:00Z'))).toBe(false);
    expect(isSilenced([s], 'x', at('2026-01-05T01:59:00Z'))).toBe(false);
    process.env.TZ = tz;
  });
});

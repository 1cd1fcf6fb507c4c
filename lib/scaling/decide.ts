// Pure: one autoscaler evaluation. Every policy says what it asks for and why; the highest ask
// wins (any policy may scale up, scale-down needs them all); then schedules, min/max, cooldowns,
// the scale-down stabilization window and the step limit have their say, each recorded when it
// changed the outcome. The result explains itself: values, asks, limits, before and after.
import { Cron } from 'croner';
import type { Policy, ScalingConfig, Schedule, Step } from './policy';

export interface Sample {
  t: number;
  v: number;
}

export interface PolicyOutcome {
  id: string;
  name: string;
  metric: string;
  /** the value the policy looked at, null without data */
  value: number | null;
  asked: number | null;
  why: string;
}

export type LimitKind =
  | 'maintenance'
  | 'override'
  | 'disabled'
  | 'schedule'
  | 'min'
  | 'max'
  | 'cooldown'
  | 'stabilization'
  | 'max-step';
export interface Limit {
  kind: LimitKind;
  detail: string;
}

export interface Decision {
  at: number;
  before: number;
  /** the highest ask of the policies (the count itself without any) */
  recommended: number;
  after: number;
  direction: 'up' | 'down' | 'none';
  policies: PolicyOutcome[];
  limits: Limit[];
  summary: string;
}

export interface DecideInput {
  now: number;
  /** instances wanted now */
  current: number;
  config: ScalingConfig;
  /** samples per policy metric key (see metricKey), oldest first */
  readings: ReadonlyMap<string, readonly Sample[]>;
  lastAction: { at: number; direction: 'up' | 'down' } | null;
  /** earlier recommendations (after min/max and schedules), for the stabilization window */
  recommendations: readonly { t: number; n: number }[];
}

export const metricKey = (p: Pick<Policy, 'metric' | 'customMetric'>): string =>
  p.metric === 'custom' ? `custom:${p.customMetric ?? ''}` : p.metric;

const SAMPLE_GAP_MS = 30_000; // a window counts as covered when samples reach back to within this of its start

function applyChange(current: number, s: Step): number {
  if (s.change.type === 'add') return current + s.change.value;
  if (s.change.type === 'set') return s.change.value;
  const n = current * s.change.value;
  return s.change.value >= 1 ? Math.ceil(n) : Math.floor(n);
}

/** Whether the condition held over the whole window (and the samples cover it). */
function held(samples: readonly Sample[], s: Step, now: number): boolean {
  const from = now - s.forMs;
  const inWindow = samples.filter((x) => x.t >= from - SAMPLE_GAP_MS && x.t <= now);
  if (!inWindow.length || (inWindow[0] as Sample).t > from + SAMPLE_GAP_MS) return false;
  return inWindow
    .filter((x) => x.t >= from || x === inWindow[0])
    .every((x) => (s.comparator === '>=' ? x.v >= s.threshold : x.v <= s.threshold));
}

const fmtMs = (ms: number) => (ms % 60_000 === 0 && ms >= 60_000 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);
const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10);

export function evaluatePolicy(p: Policy, samples: readonly Sample[], current: number, now: number): PolicyOutcome {
  const base = { id: p.id, name: p.name, metric: metricKey(p) };
  const recent = samples.filter((s) => s.t >= now - 60_000);
  if (!recent.length) return { ...base, value: null, asked: null, why: 'no data in the last minute' };
  const latest = (recent.at(-1) as Sample).v;
  if (p.kind === 'target') {
    const inWindow = recent.filter((s) => s.t >= now - p.windowMs);
    const window = inWindow.length ? inWindow : [recent.at(-1) as Sample];
    const avg = window.reduce((n, s) => n + s.v, 0) / window.length;
    const target = p.target as number;
    const asked = Math.max(current === 0 ? (avg > 0 ? 1 : 0) : Math.ceil((current * avg) / target - 1e-9), 0);
    return {
      ...base,
      value: round(avg),
      asked,
      why: `average ${round(avg)} over ${fmtMs(p.windowMs)} against target ${target}: ${current} × ${round(avg)} / ${target} → ${asked}`,
    };
  }
  // Steps: scale-up steps first; the first one whose condition held over its window applies.
  const ordered = [...p.steps].sort((a, b) => (a.comparator === b.comparator ? 0 : a.comparator === '>=' ? -1 : 1));
  for (const s of ordered) {
    if (held(samples, s, now)) {
      const asked = Math.max(0, applyChange(current, s));
      const change =
        s.change.type === 'add'
          ? `${s.change.value >= 0 ? '+' : ''}${s.change.value}`
          : s.change.type === 'set'
            ? `set ${s.change.value}`
            : `×${s.change.value}`;
      return {
        ...base,
        value: round(latest),
        asked,
        why: `${round(latest)} ${s.comparator} ${s.threshold} for ${fmtMs(s.forMs)}: ${change} → ${asked}`,
      };
    }
  }
  return {
    ...base,
    value: round(latest),
    asked: current,
    why: `${round(latest)}: no step's condition held over its window; keep ${current}`,
  };
}

/** Schedule windows open at `now`: a cron run within the last durationMs. */
export function activeSchedules(schedules: readonly Schedule[], now: number): Schedule[] {
  return schedules.filter((s) => {
    try {
      const prev = new Cron(s.cron, { paused: true }).previousRuns(1, new Date(now + 1))[0];
      return prev !== undefined && now - prev.getTime() < s.durationMs;
    } catch {
      return false;
    }
  });
}

export function decide(i: DecideInput): Decision {
  const { now, current, config: c } = i;
  const limits: Limit[] = [];
  const policies = c.policies
    .filter((p) => p.enabled)
    .map((p) => evaluatePolicy(p, i.readings.get(metricKey(p)) ?? [], current, now));
  const asks = policies.map((p) => p.asked).filter((a): a is number => a !== null);
  const recommended = asks.length ? Math.max(...asks) : current;
  const done = (after: number): Decision => {
    const direction = after > current ? 'up' : after < current ? 'down' : 'none';
    const lim = limits.map((l) => `${l.kind}: ${l.detail}`).join('; ');
    const summary = `${direction === 'none' ? `Hold at ${current}` : `Scale ${direction} ${current} → ${after}`}${asks.length ? ` (policies ask ${recommended})` : ' (no policy has data)'}${lim ? `; ${lim}` : ''}`;
    return { at: now, before: current, recommended, after, direction, policies, limits, summary };
  };

  if (c.maintenance && c.maintenance.until > now) {
    limits.push({
      kind: 'maintenance',
      detail: `disabled for maintenance by ${c.maintenance.by} until ${new Date(c.maintenance.until).toISOString()}: ${c.maintenance.reason}`,
    });
    return done(current);
  }
  if (c.override && c.override.until > now) {
    const n = Math.min(c.maxInstances, Math.max(0, c.override.instances));
    limits.push({
      kind: 'override',
      detail: `held at ${n} by ${c.override.by} until ${new Date(c.override.until).toISOString()}`,
    });
    return done(n);
  }
  if (!c.enabled) {
    limits.push({ kind: 'disabled', detail: 'auto-scaling is off' });
    return done(current);
  }

  let target = recommended;
  const open = activeSchedules(c.schedules, now);
  const floor = Math.max(0, ...open.map((s) => s.minInstances));
  if (floor > target) {
    limits.push({ kind: 'schedule', detail: `schedule ${open.map((s) => s.id).join(', ')} keeps at least ${floor}` });
    target = floor;
  }
  if (target < c.minInstances) {
    limits.push({ kind: 'min', detail: `at least ${c.minInstances}` });
    target = c.minInstances;
  }
  if (target > c.maxInstances) {
    limits.push({ kind: 'max', detail: `at most ${c.maxInstances}` });
    target = c.maxInstances;
  }

  const since = i.lastAction ? now - i.lastAction.at : Number.POSITIVE_INFINITY;
  if (target > current) {
    if (since < c.scaleUpCooldownMs) {
      limits.push({
        kind: 'cooldown',
        detail: `last action ${Math.round(since / 1000)} s ago; scale-up waits ${fmtMs(c.scaleUpCooldownMs)}`,
      });
      return done(current);
    }
    if (target - current > c.maxStepUp) {
      limits.push({ kind: 'max-step', detail: `at most ${c.maxStepUp} new instances at once` });
      target = current + c.maxStepUp;
    }
    return done(target);
  }
  if (target < current) {
    // Stabilization: the highest recommendation in the window wins, so a dip does not remove capacity.
    const windowMax = Math.max(
      target,
      ...i.recommendations.filter((r) => r.t >= now - c.stabilizationMs).map((r) => r.n),
    );
    if (windowMax > target) {
      limits.push({
        kind: 'stabilization',
        detail: `${windowMax} was recommended within the last ${fmtMs(c.stabilizationMs)}`,
      });
      target = Math.min(current, windowMax);
    }
    if (target < current && since < c.scaleDownCooldownMs) {
      limits.push({
        kind: 'cooldown',
        detail: `last action ${Math.round(since / 1000)} s ago; scale-down waits ${fmtMs(c.scaleDownCooldownMs)}`,
      });
      return done(current);
    }
    return done(target);
  }
  return done(current);
}

/** What the stabilization window remembers of an evaluation: the recommendation after schedules and min/max. */
export function boundedRecommendation(d: Decision, c: ScalingConfig): number {
  return Math.min(c.maxInstances, Math.max(c.minInstances, d.recommended));
}

// Pure: one evaluation step of an alert rule. ok → pending (breach) → firing (breach lasted
// `forMs`) → resolved/ok (value back past the threshold by `hysteresis`). Cooldown only limits
// notifications; the state itself follows the measurements.
export type Comparator = '>' | '>=' | '<' | '<=';
export type AlertStatus = 'ok' | 'pending' | 'firing';

export interface RuleCore {
  comparator: Comparator;
  threshold: number;
  forMs: number;
  hysteresis: number;
  cooldownMs: number;
}
export interface StateCore {
  state: AlertStatus;
  since: number; // when the current state began
  lastNotifiedAt: number | null;
}
export type Transition = 'pending' | 'fired' | 'resolved' | 'cancelled' | null;

export function breaches(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** Recovered: past the threshold on the good side by the hysteresis margin. */
export function recovered(value: number, rule: Pick<RuleCore, 'comparator' | 'threshold' | 'hysteresis'>): boolean {
  const above = rule.comparator === '>' || rule.comparator === '>=';
  return above ? value < rule.threshold - rule.hysteresis : value > rule.threshold + rule.hysteresis;
}

export interface Step {
  next: StateCore;
  transition: Transition;
  /** Send notifications for this transition (false inside the cooldown or while silenced). */
  notify: boolean;
}

export function step(rule: RuleCore, prev: StateCore, value: number | null, now: number, silenced: boolean): Step {
  // No data: keep the state; an alert does not resolve because its source went quiet.
  if (value === null) return { next: prev, transition: null, notify: false };
  const breach = breaches(value, rule.comparator, rule.threshold);
  if (prev.state === 'ok') {
    if (!breach) return { next: prev, transition: null, notify: false };
    if (rule.forMs > 0)
      return { next: { ...prev, state: 'pending', since: now }, transition: 'pending', notify: false };
    return fire(rule, prev, now, silenced);
  }
  if (prev.state === 'pending') {
    if (!breach) return { next: { ...prev, state: 'ok', since: now }, transition: 'cancelled', notify: false };
    if (now - prev.since >= rule.forMs) return fire(rule, prev, now, silenced);
    return { next: prev, transition: null, notify: false };
  }
  if (recovered(value, rule))
    return { next: { ...prev, state: 'ok', since: now }, transition: 'resolved', notify: !silenced };
  return { next: prev, transition: null, notify: false };
}

function fire(rule: RuleCore, prev: StateCore, now: number, silenced: boolean): Step {
  const cooling = prev.lastNotifiedAt !== null && now - prev.lastNotifiedAt < rule.cooldownMs;
  const notify = !silenced && !cooling;
  return {
    next: { state: 'firing', since: now, lastNotifiedAt: notify ? now : prev.lastNotifiedAt },
    transition: 'fired',
    notify,
  };
}

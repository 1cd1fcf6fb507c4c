import { describe, expect, it } from 'vitest';
import { Breaker, DEFAULT_BREAKER } from './breaker';
import { DEFAULT_PASSIVE, initialHealth, initialPassive, isEjected, observeProbe, observeTraffic } from './health';

describe('active health checks', () => {
  it('go down after `fall` failures in a row and up after `rise` passes', () => {
    const cfg = { rise: 2, fall: 3 };
    let s = observeProbe(initialHealth(0), true, cfg, 1);
    expect(s.status).toBe('up'); // the first pass is enough for a new backend
    s = observeProbe(s, false, cfg, 2, { error: 'timeout' });
    s = observeProbe(s, false, cfg, 3);
    expect(s.status).toBe('up');
    s = observeProbe(s, false, cfg, 4, { error: 'HTTP 500' });
    expect(s).toMatchObject({ status: 'down', since: 4, lastError: 'HTTP 500' });
    s = observeProbe(s, true, cfg, 5);
    expect(s.status).toBe('down');
    s = observeProbe(s, true, cfg, 6);
    expect(s).toMatchObject({ status: 'up', since: 6 });
  });
});

describe('passive checks', () => {
  it('eject after consecutive connection failures, for a back-off that doubles, reset by serving', () => {
    let s = initialPassive();
    for (let i = 0; i < 3; i++) s = observeTraffic(s, false, DEFAULT_PASSIVE, 1_000);
    expect(isEjected(s, 1_001)).toBe(true);
    expect(s.ejectedUntil).toBe(6_000);
    for (let i = 0; i < 3; i++) s = observeTraffic(s, false, DEFAULT_PASSIVE, 7_000);
    expect(s.ejectedUntil).toBe(17_000); // 10 s the second time
    s = observeTraffic(s, true, DEFAULT_PASSIVE, 20_000);
    expect(s).toEqual({ failures: 0, ejections: 0, ejectedUntil: 0 });
  });
});

describe('circuit breaker', () => {
  it('opens on the error rate, then admits 10%, 50% and all traffic in stages', () => {
    const b = new Breaker(DEFAULT_BREAKER);
    for (let i = 0; i < 9; i++) b.record(i % 2 === 0, 0);
    expect(b.state).toBe('closed'); // not enough samples yet
    b.record(false, 0);
    expect(b.state).toBe('open');
    expect(b.share(4_999)).toBe(0);
    expect(b.share(5_000)).toBe(0.1);
    expect(b.admits(5_000, 0.05)).toBe(true);
    expect(b.admits(5_000, 0.5)).toBe(false);
    expect(b.share(10_000)).toBe(0.5);
    expect(b.share(15_000)).toBe(1);
    expect(b.transitions.map((t) => t.to)).toEqual(['open', 'ramp-10', 'ramp-50', 'closed']);
  });

  it('reopens for twice as long when errors come back while ramping', () => {
    const b = new Breaker(DEFAULT_BREAKER);
    for (let i = 0; i < 10; i++) b.record(false, 0);
    expect(b.share(5_000)).toBe(0.1);
    for (let i = 0; i < 3; i++) b.record(false, 5_100);
    expect(b.state).toBe('open');
    expect(b.share(5_100 + 9_999)).toBe(0);
    expect(b.share(5_100 + 10_000)).toBe(0.1);
  });
});

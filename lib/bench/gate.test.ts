import { describe, expect, it } from 'vitest';
import { gateExitCode, judge, MAX_NOISE } from './gate';

const floor = { floor: 1, reason: 'test' };

describe('judge', () => {
  it('passes a ratio above the floor by more than the noise', () => {
    const r = judge({ value: 1200, peers: [1000, 1050] }, floor);
    expect(r.verdict).toBe('pass');
    expect(r.ratio).toBeCloseTo(1200 / 1025);
    expect(r.noise).toBeCloseTo(0.05);
  });

  it('fails a ratio below the floor by more than the noise', () => {
    const r = judge({ value: 600, peers: [1000, 1020] }, floor);
    expect(r.verdict).toBe('fail');
    expect(r.detail).toMatch(/below the floor/);
  });

  it('is inconclusive within the noise of the floor, either side', () => {
    expect(judge({ value: 980, peers: [1000, 1100] }, floor).verdict).toBe('inconclusive');
    expect(judge({ value: 1070, peers: [1000, 1100] }, floor).verdict).toBe('inconclusive');
  });

  it('says nothing when the peer moved more than MAX_NOISE, however far the ratio is', () => {
    const r = judge({ value: 100, peers: [1000, 1000 * (1 + MAX_NOISE) + 1] }, floor);
    expect(r.verdict).toBe('inconclusive');
    expect(r.detail).toMatch(/busy/);
  });

  it('is inconclusive when a figure is missing', () => {
    expect(judge({ value: Number.NaN, peers: [1, 1] }, floor).verdict).toBe('inconclusive');
    expect(judge({ value: 1, peers: [0, 1] }, floor).verdict).toBe('inconclusive');
  });
});

it('fails the run on a failure only', () => {
  expect(gateExitCode(['pass', 'inconclusive'])).toBe(0);
  expect(gateExitCode(['pass', 'fail'])).toBe(1);
});

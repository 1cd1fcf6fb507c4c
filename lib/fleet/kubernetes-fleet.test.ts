import { describe, expect, it } from 'vitest';
import type { PodView } from './kubernetes';
import { podInstance, podUsage } from './kubernetes-fleet';

const pod = (o: Partial<PodView> = {}): PodView => ({
  id: 'web-1',
  ip: '10.1.0.7',
  phase: 'Running',
  ready: true,
  restarts: 1,
  startedAt: 1_000,
  port: 8080,
  terminating: false,
  ...o,
});

describe('pods as instances', () => {
  it('maps readiness, phase and deletion to the fleet’s states', () => {
    expect(podInstance(pod(), 80)).toMatchObject({
      id: 'web-1',
      host: '10.1.0.7',
      port: 8080,
      state: 'running',
      pid: null,
      restarts: 1,
    });
    expect(podInstance(pod({ ready: false, phase: 'Pending', ip: null, port: null }), 80)).toMatchObject({
      state: 'starting',
      host: '',
      port: 80,
    });
    expect(podInstance(pod({ ready: false, phase: 'Failed' }), 80).state).toBe('failed');
    expect(podInstance(pod({ terminating: true }), 80).state).toBe('stopping');
    expect(podInstance(pod(), 80, true).state).toBe('stopping');
  });
  it('reads usage as % of one core and bytes, none without a reading', () => {
    expect(podUsage({ cpuCores: 0.25, memoryBytes: 64 * 1_048_576 })).toEqual({ cpuPct: 25, rssBytes: 64 * 1_048_576 });
    expect(podUsage(undefined)).toBeNull();
  });
});

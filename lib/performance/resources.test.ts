import { describe, expect, it } from 'vitest';
import { parseEnv } from '../config/env-schema';
import { envDefaults } from '../config/runtime-settings';
import { cards, type Stats } from './service';

const stats: Stats = {
  api: null,
  database: null,
  cacheHitRate: null,
  cpuPercent: 92.8,
  memoryPercent: 40,
  slowQueries: 0,
};

describe('CPU and memory cards say what they measure', () => {
  it('by default the thresholds watch Redline’s own process, and the cards say so', () => {
    const c = cards(stats, envDefaults(parseEnv({})));
    const cpu = c.find((x) => x.key === 'cpuUsage');
    expect(cpu?.title).toBe('Redline CPU');
    expect(cpu?.measures).toMatch(/Redline's own process/);
    expect(c.find((x) => x.key === 'memoryUsage')?.title).toBe('Redline memory');
  });

  it('a host scope says it is every program on the machine', () => {
    const s = envDefaults(
      parseEnv({ PERFORMANCE_MONITORING_CPU_SCOPE: 'host', PERFORMANCE_MONITORING_MEMORY_SCOPE: 'host' }),
    );
    const cpu = cards(stats, s).find((x) => x.key === 'cpuUsage');
    expect(cpu).toMatchObject({ title: 'Host CPU', state: 'breach' });
    expect(cpu?.measures).toMatch(/every program/);
    expect(cards(stats, s).find((x) => x.key === 'memoryUsage')?.title).toBe('Host memory');
  });

  it('every card names what it measures', () => {
    for (const c of cards(stats, envDefaults(parseEnv({})))) expect(c.measures.length).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, redisUrlOf } from './env-schema';

describe('parseEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    const env = parseEnv({});
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.PORT).toBe(3000);
    expect(env.IMAGE_OPTIMIZATION_QUALITY_WEBP).toBe(80);
    expect(env.IMAGE_OPTIMIZATION_FORMATS).toEqual(['webp', 'avif', 'jpeg', 'png']);
    expect(env.PERFORMANCE_MONITORING_RETENTION_METRICS).toBe(30 * 86_400_000);
    expect(env.PERFORMANCE_MONITORING_RETENTION_ALERTS).toBe(90 * 86_400_000);
    expect(env.PERFORMANCE_MONITORING_RETENTION_SLOW_QUERIES).toBe(7 * 86_400_000);
    expect(env.LOAD_BALANCER_ALGORITHM).toBe('least-connections');
    expect(env.SCALING_COOLDOWN).toBe(300_000);
  });

  it('parses given values', () => {
    const env = parseEnv({
      IMAGE_OPTIMIZATION_FORMATS: 'webp, avif',
      CDN_ENABLED: 'true',
      SLOW_QUERY_THRESHOLD: '250',
      PERFORMANCE_MONITORING_RETENTION_METRICS: '12h',
    });
    expect(env.IMAGE_OPTIMIZATION_FORMATS).toEqual(['webp', 'avif']);
    expect(env.CDN_ENABLED).toBe(true);
    expect(env.SLOW_QUERY_THRESHOLD).toBe(250);
    expect(env.PERFORMANCE_MONITORING_RETENTION_METRICS).toBe(12 * 3_600_000);
  });

  it.each([
    ['IMAGE_OPTIMIZATION_QUALITY_WEBP', 'abc', 'expected an integer from 1 to 100'],
    ['IMAGE_OPTIMIZATION_QUALITY_WEBP', '101', 'expected an integer from 1 to 100'],
    ['CDN_ENABLED', 'maybe', 'expected true or false'],
    ['IMAGE_OPTIMIZATION_FORMATS', 'webp,gif', 'comma-separated list of webp, avif, jpeg, png'],
    ['LOAD_BALANCER_ALGORITHM', 'fastest', 'expected one of round-robin'],
    ['PERFORMANCE_MONITORING_RETENTION_METRICS', '30 days', 'expected a duration'],
    ['REDIS_URL', 'http://x', 'expected a URL starting with redis:'],
    ['PORT', '0', 'expected an integer from 1 to 65535'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL: expected postgresql://'],
    ['MIN_INSTANCES', '20', 'MIN_INSTANCES: must not exceed MAX_INSTANCES'],
  ])('%s=%s is refused with a message naming it', (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(ConfigError);
    try {
      parseEnv({ [name]: value });
    } catch (err) {
      expect((err as ConfigError).message).toContain(name);
      expect((err as ConfigError).message).toContain(message);
    }
  });

  it('reports every bad variable at once', () => {
    try {
      parseEnv({ PORT: 'x', CDN_ENABLED: 'x' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });

  it('treats empty strings as unset and needs both admin variables', () => {
    expect(parseEnv({ PORT: '' }).PORT).toBe(3000);
    expect(() => parseEnv({ ADMIN_EMAIL: 'a@b.co' })).toThrow(/set both or neither/);
  });

  it('builds a Redis URL from REDIS_URL or REDIS_HOST/REDIS_PORT/REDIS_PASSWORD', () => {
    expect(redisUrlOf(parseEnv({}))).toBeUndefined();
    expect(redisUrlOf(parseEnv({ REDIS_URL: 'redis://127.0.0.1:6379/2' }))).toBe('redis://127.0.0.1:6379/2');
    expect(redisUrlOf(parseEnv({ REDIS_ENABLED: 'true', REDIS_HOST: 'cache', REDIS_PASSWORD: 'p@ss' }))).toBe(
      'redis://:p%40ss@cache:6379',
    );
  });
});

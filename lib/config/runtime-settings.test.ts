import { describe, expect, it } from 'vitest';
import { parseEnv } from './env-schema';
import { crossCheck, envDefaults, settingOptions, settingsPatchSchema } from './runtime-settings';

describe('runtime settings', () => {
  it('takes defaults from the environment', () => {
    const d = envDefaults(parseEnv({ SLOW_QUERY_THRESHOLD: '200', LOAD_BALANCER_ALGORITHM: 'ip-hash' }));
    expect(d['monitoring.slowQueryThresholdMs']).toBe(200);
    expect(d['loadBalancer.algorithm']).toBe('ip-hash');
  });

  it('accepts a valid partial patch', () => {
    expect(settingsPatchSchema.parse({ 'scaling.maxInstances': 4, 'monitoring.enabled': false })).toEqual({
      'scaling.maxInstances': 4,
      'monitoring.enabled': false,
    });
    expect(settingsPatchSchema.parse({ 'scaling.maxInstances': null })).toEqual({ 'scaling.maxInstances': null });
  });

  it.each([
    [{ nope: 1 }, 'unknown setting'],
    [{ 'images.quality.webp': 0 }, 'images.quality.webp'],
    [{ 'monitoring.enabled': 'yes' }, 'monitoring.enabled'],
    [{ 'loadBalancer.algorithm': 'fastest' }, 'loadBalancer.algorithm'],
  ])('refuses %j', (patch, where) => {
    const r = settingsPatchSchema.safeParse(patch);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(where);
  });

  it('finds contradictions between keys', () => {
    const d = envDefaults(parseEnv({}));
    expect(crossCheck({ ...d, 'scaling.minInstances': 5, 'scaling.maxInstances': 2 })).toHaveProperty(
      'scaling.minInstances',
    );
    expect(crossCheck(d)).toEqual({});
    expect(crossCheck({ ...d, 'cdn.provider': 'cloudflare', 'cdn.cloudflare.zoneId': '' })).toEqual({
      'cdn.cloudflare.zoneId': 'is needed when cdn.provider is cloudflare',
    });
    expect(crossCheck({ ...d, 'cdn.provider': 'cloudfront', 'cdn.cloudfront.distributionId': 'E2EXAMPLE' })).toEqual(
      {},
    );
    expect(settingOptions('cdn.provider')).toEqual(['none', 'cloudflare', 'cloudfront', 'fastly']);
    expect(settingOptions('images.formats')).toEqual(['webp', 'avif', 'jpeg', 'png']);
    expect(settingOptions('images.maxWidth')).toBeUndefined();
  });
});

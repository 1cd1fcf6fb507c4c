import { describe, expect, it } from 'vitest';
import { crossSiteReason, redact, routePattern } from './request';

const h = (o: Record<string, string>) => new Headers(o);

describe('crossSiteReason', () => {
  const self = 'http://127.0.0.1:3000';
  it.each([
    [{ origin: self }, undefined],
    [{}, undefined],
    [{ 'sec-fetch-site': 'same-origin' }, undefined],
    [{ origin: 'http://evil.example' }, 'may not make changes'],
    [{ origin: 'null' }, '"null"'],
    [{ 'sec-fetch-site': 'cross-site' }, 'cross-site'],
    [{ origin: 'https://ops.example' }, undefined],
  ])('%j → %s', (headers, expected) => {
    const reason = crossSiteReason(h(headers), self, ['https://ops.example']);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(expected);
  });
});

describe('routePattern', () => {
  it('replaces parameter values with their names', () => {
    expect(routePattern('/api/users/abc123', { id: 'abc123' })).toBe('/api/users/[id]');
    expect(routePattern('/api/jobs/retention/run', { name: 'retention' })).toBe('/api/jobs/[name]/run');
    expect(routePattern('/api/health', {})).toBe('/api/health');
  });
});

describe('redact', () => {
  it('hides secrets at any depth and keeps the rest', () => {
    expect(redact({ email: 'a@b', password: 'x', nested: { apiToken: 'y', n: 1 } })).toEqual({
      email: 'a@b',
      password: '[redacted]',
      nested: { apiToken: '[redacted]', n: 1 },
    });
  });
});

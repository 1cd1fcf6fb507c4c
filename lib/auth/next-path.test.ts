import { describe, expect, it } from 'vitest';
import { loginUrl, safeNext } from './next-path';

describe('safeNext', () => {
  it.each([
    ['/performance/api?range=1h', '/performance/api?range=1h'],
    ['/profiling/tracing?trace=ab&attrs=a%3Db', '/profiling/tracing?trace=ab&attrs=a%3Db'],
    [null, '/overview'],
    ['', '/overview'],
    ['//evil.example/x', '/overview'],
    ['/\\evil.example', '/overview'],
    ['https://evil.example', '/overview'],
    ['javascript:alert(1)', '/overview'],
    ['/ok\r\nSet-Cookie: x', '/overview'],
    ['/login?next=/x', '/overview'],
  ])('%s → %s', (raw, to) => {
    expect(safeNext(raw)).toBe(to);
  });

  it('builds the sign-in URL with the page asked for', () => {
    expect(loginUrl('/scaling/history?range=24h')).toBe('/login?next=%2Fscaling%2Fhistory%3Frange%3D24h');
    expect(loginUrl('/overview')).toBe('/login');
  });
});

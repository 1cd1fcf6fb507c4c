import { describe, expect, it } from 'vitest';
import { parseHealthTargets } from '../config/parse';
import { activeTarget } from './health';

describe('CDN health targets', () => {
  it('parse name=url pairs in failover order and refuse malformed ones', () => {
    expect(parseHealthTargets('primary=https://a.example/health, backup=http://b.example/h')).toEqual([
      { name: 'primary', url: 'https://a.example/health' },
      { name: 'backup', url: 'http://b.example/h' },
    ]);
    expect(parseHealthTargets('')).toEqual([]);
    expect(parseHealthTargets('https://a.example')).toBeNull();
    expect(parseHealthTargets('a=ftp://x')).toBeNull();
    expect(parseHealthTargets('a=https://x,a=https://y')).toBeNull();
    expect(parseHealthTargets('bad name=https://x')).toBeNull();
  });
  it('fail over to the first target in order that is up', () => {
    expect(
      activeTarget([
        { name: 'a', state: 'down' },
        { name: 'b', state: 'unknown' },
        { name: 'c', state: 'up' },
      ]),
    ).toBe('c');
    expect(
      activeTarget([
        { name: 'a', state: 'up' },
        { name: 'b', state: 'up' },
      ]),
    ).toBe('a');
    expect(activeTarget([{ name: 'a', state: 'down' }])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { signUrl, verifyUrl } from './signing';

const SECRET = 'k'.repeat(32);
const at = (u: string) => new URL(u, 'http://x');

describe('signed delivery URLs', () => {
  const url = signUrl(SECRET, { src: '/photos/a b.jpg', params: { w: '640', f: 'webp' }, expiresAt: 2_000 });
  it('verify with the same secret before expiry, and give the source back', () => {
    expect(url).toMatch(/^\/d\/photos\/a%20b\.jpg\?w=640&f=webp&exp=2000&sig=/);
    const v = verifyUrl(SECRET, at(url), '1.2.3.4', 1_000);
    expect(v).toMatchObject({ ok: true, src: '/photos/a b.jpg' });
  });
  it('refuse a changed parameter, another secret, expiry and a missing signature', () => {
    expect(verifyUrl(SECRET, at(url.replace('w=640', 'w=6400')), '', 1_000)).toMatchObject({ ok: false, status: 403 });
    expect(verifyUrl('x'.repeat(32), at(url), '', 1_000)).toMatchObject({ ok: false, status: 403 });
    expect(verifyUrl(SECRET, at(url), '', 2_001)).toMatchObject({ ok: false, status: 410 });
    expect(verifyUrl(SECRET, at('/d/photos/a.jpg?w=1'), '', 1_000)).toMatchObject({
      ok: false,
      reason: 'unsigned URL',
    });
    expect(verifyUrl(SECRET, at(url.replace('/photos/', '/secret/')), '', 1_000)).toMatchObject({
      ok: false,
      status: 403,
    });
  });
  it('bind to a client address when asked', () => {
    const bound = signUrl(SECRET, { src: '/a.jpg', params: {}, expiresAt: 2_000, clientIp: '10.0.0.7' });
    expect(verifyUrl(SECRET, at(bound), '10.0.0.7', 1_000).ok).toBe(true);
    expect(verifyUrl(SECRET, at(bound), '10.0.0.8', 1_000)).toMatchObject({ ok: false, status: 403 });
  });
});

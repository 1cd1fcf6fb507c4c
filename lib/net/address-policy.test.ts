import { describe, expect, it } from 'vitest';
import { AddressPolicy, embeddedIPv4, hostAllowed, ipv6Bytes, parseRanges } from './address-policy';

describe('AddressPolicy', () => {
  const policy = new AddressPolicy();
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.2.3.4', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00::1', 'private (unique local)'],
  ])('refuses %s (%s)', (addr, reason) => {
    expect(policy.check(addr)).toMatchObject({ allowed: false, reason });
  });

  // Every IPv6 form that carries an IPv4 address, in text and hex: each is decided on that address.
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', 'IPv4-mapped, dotted'],
    ['::ffff:7f00:1', '127.0.0.1', 'IPv4-mapped, hex'],
    ['[::ffff:7f00:1]', '127.0.0.1', 'IPv4-mapped, bracketed as in a URL'],
    ['::ffff:169.254.169.254', '169.254.169.254', 'IPv4-mapped metadata'],
    ['::ffff:a9fe:a9fe', '169.254.169.254', 'IPv4-mapped metadata, hex'],
    ['0:0:0:0:0:ffff:a00:1', '10.0.0.1', 'IPv4-mapped, uncompressed'],
    ['::ffff:0:7f00:1', '127.0.0.1', 'IPv4-translated, hex'],
    ['::ffff:0:127.0.0.1', '127.0.0.1', 'IPv4-translated, dotted'],
    ['::7f00:1', '127.0.0.1', 'IPv4-compatible, hex'],
    ['::127.0.0.1', '127.0.0.1', 'IPv4-compatible, dotted'],
    ['::a9fe:a9fe', '169.254.169.254', 'IPv4-compatible metadata'],
    ['2002:7f00:1::', '127.0.0.1', '6to4, hex'],
    ['2002:a9fe:a9fe::', '169.254.169.254', '6to4 metadata'],
    ['2002:c0a8:101::1', '192.168.1.1', '6to4 private'],
    ['64:ff9b::7f00:1', '127.0.0.1', 'NAT64, hex'],
    ['64:ff9b::10.0.0.1', '10.0.0.1', 'NAT64, dotted'],
    ['64:ff9b:1::a9fe:a9fe', '169.254.169.254', 'NAT64 local-use'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', '127.0.0.1', 'Teredo client (obfuscated)'],
    ['2001:0:7f00:1::', '127.0.0.1', 'Teredo server'],
  ])('refuses %s (carries %s: %s)', (addr, inner) => {
    const v = policy.check(addr);
    expect(v.allowed).toBe(false);
    expect(v.embedded).toBe(inner);
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8', '::ffff:8.8.8.8', '2002:808:808::'])(
    'allows public %s',
    (addr) => {
      expect(policy.check(addr).allowed).toBe(true);
    },
  );

  it('opens only the ranges an operator allows, in every form', () => {
    const open = new AddressPolicy(['127.0.0.1/32', '10.1.0.0/16']);
    expect(open.check('127.0.0.1').allowed).toBe(true);
    expect(open.check('::ffff:7f00:1').allowed).toBe(true);
    expect(open.check('127.0.0.2').allowed).toBe(false);
    expect(open.check('10.1.9.9').allowed).toBe(true);
    expect(open.check('10.2.0.1').allowed).toBe(false);
    expect(() => new AddressPolicy(['nonsense'])).toThrow(/CIDR/);
    expect(() => new AddressPolicy(['10.0.0.0/33'])).toThrow(/CIDR/);
    expect(parseRanges(' 10.0.0.0/8, ::1/128 ,')).toEqual(['10.0.0.0/8', '::1/128']);
    expect(() => parseRanges('10.0.0.0/8,bad')).toThrow(/bad/);
  });

  it('reads IPv6 text into bytes, with an IPv4 tail', () => {
    expect([...(ipv6Bytes('::ffff:1.2.3.4') ?? [])].slice(10)).toEqual([255, 255, 1, 2, 3, 4]);
    expect([...(ipv6Bytes('1:2:3:4:5:6:7:8') ?? [])]).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect(ipv6Bytes('1.2.3.4')).toBeUndefined();
    expect(embeddedIPv4('2001:db8::1')).toEqual([]);
  });
});

describe('hostAllowed', () => {
  it('matches exact hosts and wildcard subdomains only', () => {
    const list = ['images.example.com', '*.cdn.example.net'];
    expect(hostAllowed('images.example.com', list)).toBe(true);
    expect(hostAllowed('IMAGES.example.com.', list)).toBe(true);
    expect(hostAllowed('evil-images.example.com', list)).toBe(false);
    expect(hostAllowed('a.cdn.example.net', list)).toBe(true);
    expect(hostAllowed('cdn.example.net', list)).toBe(false);
    expect(hostAllowed('a.cdn.example.net.evil.io', list)).toBe(false);
    expect(hostAllowed('anything', [])).toBe(false);
  });
});

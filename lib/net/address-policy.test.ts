import { describe, expect, it } from 'vitest';
import { AddressPolicy, hostAllowed } from './address-policy';

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
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private (unique local)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
  ])('refuses %s (%s)', (addr, reason) => {
    expect(policy.check(addr)).toEqual({ allowed: false, reason });
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8'])('allows public %s', (addr) => {
    expect(policy.check(addr).allowed).toBe(true);
  });

  it('opens only the ranges an operator allows', () => {
    const open = new AddressPolicy(['127.0.0.1/32', '10.1.0.0/16']);
    expect(open.check('127.0.0.1').allowed).toBe(true);
    expect(open.check('127.0.0.2').allowed).toBe(false);
    expect(open.check('10.1.9.9').allowed).toBe(true);
    expect(open.check('10.2.0.1').allowed).toBe(false);
    expect(() => new AddressPolicy(['nonsense'])).toThrow(/CIDR/);
    expect(() => new AddressPolicy(['10.0.0.0/33'])).toThrow(/CIDR/);
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

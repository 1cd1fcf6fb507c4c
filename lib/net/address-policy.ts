// Pure: which network addresses an outbound fetch (remote images, later probes) may reach.
// Loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast and
// reserved ranges are refused unless an operator allows a range explicitly. Built on node:net's
// BlockList, which handles IPv6 prefixes; IPv4-mapped IPv6 addresses are checked as IPv4.
import { BlockList, isIP } from 'node:net';

const DENIED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const DENIED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'private (unique local)'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
  ['64:ff9b::', 96, 'NAT64'],
];

export interface AddressVerdict {
  allowed: boolean;
  /** why it is refused: "loopback", "private" … */
  reason?: string;
}

export class AddressPolicy {
  private readonly allow = new BlockList();
  private readonly allowAny: boolean;

  /** `allowRanges`: CIDRs an operator opened explicitly, e.g. "10.1.0.0/16,127.0.0.1/32". */
  constructor(allowRanges: readonly string[] = []) {
    for (const r of allowRanges) {
      const [addr, bits] = r.split('/');
      const family = isIP(addr ?? '');
      if (!family) throw new Error(`not a CIDR range: ${r}`);
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
        throw new Error(`not a CIDR range: ${r}`);
      this.allow.addSubnet(addr as string, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    this.allowAny = allowRanges.length > 0;
  }

  check(address: string): AddressVerdict {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const addr = mapped ?? address;
    const family = isIP(addr);
    if (!family) return { allowed: false, reason: 'not an IP address' };
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.allowAny && this.allow.check(addr, type)) return { allowed: true };
    for (const [net, prefix, reason] of family === 4 ? DENIED_V4 : DENIED_V6) {
      const one = new BlockList();
      one.addSubnet(net, prefix, type);
      if (one.check(addr, type)) return { allowed: false, reason };
    }
    return { allowed: true };
  }
}

/** Host allowlist entries: "images.example.com" or "*.example.com" (any subdomain). */
export function hostAllowed(host: string, allowlist: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowlist.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (!e) return false;
    if (e.startsWith('*.')) return h.endsWith(e.slice(1)) && h.length > e.length - 1;
    return h === e;
  });
}

// Pure: which network addresses an outbound connection (remote images, scrape targets, webhooks,
// SMTP, CDN probes) may reach. Loopback, private, link-local (cloud metadata at 169.254.169.254),
// CGNAT, multicast and reserved ranges are refused unless an operator opens a range explicitly.
// IPv6 forms that carry an IPv4 address — IPv4-mapped, IPv4-compatible, IPv4-translated, 6to4,
// NAT64 and Teredo, in dotted or hex notation — are decided on that IPv4 address, so
// `::ffff:7f00:1` is loopback like 127.0.0.1.
import { BlockList, isIP } from 'node:net';

const DENIED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const DENIED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'private (unique local)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
  ['2001:db8::', 32, 'documentation'],
  ['100::', 64, 'discard'],
];

function blockList(entries: [string, number, string][], type: 'ipv4' | 'ipv6') {
  return entries.map(([net, prefix, reason]) => {
    const one = new BlockList();
    one.addSubnet(net, prefix, type);
    return { one, reason };
  });
}
const V4 = blockList(DENIED_V4, 'ipv4');
const V6 = blockList(DENIED_V6, 'ipv6');

export interface AddressVerdict {
  allowed: boolean;
  /** why it is refused: "loopback", "private" … */
  reason?: string;
  /** the IPv4 address an IPv6 form carried, when the verdict was made on it */
  embedded?: string;
}

/** The 16 bytes of an IPv6 address (dotted IPv4 tail allowed, zone id dropped), or undefined. */
export function ipv6Bytes(address: string): Uint8Array | undefined {
  const text = address.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  if (isIP(text) !== 6) return undefined;
  let head = text;
  const tail: number[] = [];
  // A valid IPv6 text (checked above) ends in a dotted IPv4 address when its last group has dots.
  const last = text.slice(text.lastIndexOf(':') + 1);
  if (last.includes('.')) {
    const parts = last.split('.').map(Number);
    tail.push(((parts[0] ?? 0) << 8) | (parts[1] ?? 0), ((parts[2] ?? 0) << 8) | (parts[3] ?? 0));
    head = text.slice(0, -last.length);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::');
  const words = (s: string) => (s ? s.split(':').map((w) => Number.parseInt(w, 16)) : []);
  const l = words(left);
  const r = right === undefined ? [] : words(right);
  const fill = 8 - l.length - r.length - tail.length;
  const all = [...l, ...(right === undefined ? [] : new Array<number>(Math.max(0, fill)).fill(0)), ...r, ...tail];
  if (all.length !== 8 || all.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffff)) return undefined;
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

const v4 = (b: Uint8Array, at: number, xor = 0) => [0, 1, 2, 3].map((i) => ((b[at + i] ?? 0) ^ xor) & 0xff).join('.');
const zero = (b: Uint8Array, from: number, to: number) => b.subarray(from, to).every((x) => x === 0);

/**
 * The IPv4 addresses an IPv6 address stands for: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
 * (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96 and the local-use
 * 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32: server and obfuscated client).
 */
export function embeddedIPv4(address: string): string[] {
  const b = ipv6Bytes(address);
  if (!b) return [];
  const w = (i: number) => ((b[i * 2] ?? 0) << 8) | (b[i * 2 + 1] ?? 0);
  if (zero(b, 0, 10) && w(5) === 0xffff) return [v4(b, 12)];
  if (zero(b, 0, 8) && w(4) === 0xffff && w(5) === 0) return [v4(b, 12)];
  // ::1 and :: are IPv6's own loopback and unspecified, not IPv4-compatible forms.
  if (zero(b, 0, 12) && !zero(b, 12, 14)) return [v4(b, 12)];
  if (w(0) === 0x64 && w(1) === 0xff9b && (zero(b, 4, 12) || w(2) === 1)) return [v4(b, 12)];
  if (w(0) === 0x2002) return [v4(b, 2)];
  if (w(0) === 0x2001 && w(1) === 0) return [v4(b, 4), v4(b, 12, 0xff)];
  return [];
}

export class AddressPolicy {
  private readonly allow = new BlockList();
  private readonly allowAny: boolean;

  /** `allowRanges`: CIDRs an operator opened explicitly, e.g. "10.1.0.0/16,127.0.0.1/32". */
  constructor(allowRanges: readonly string[] = []) {
    for (const r of allowRanges) {
      const [addr, bits] = r.trim().split('/');
      const family = isIP(addr ?? '');
      if (!family) throw new Error(`not a CIDR range: ${r}`);
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
        throw new Error(`not a CIDR range: ${r}`);
      this.allow.addSubnet(addr as string, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    this.allowAny = allowRanges.length > 0;
  }

  private opened(addr: string, type: 'ipv4' | 'ipv6'): boolean {
    return this.allowAny && this.allow.check(addr, type);
  }

  check(address: string): AddressVerdict {
    const addr = address.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
    const family = isIP(addr);
    if (!family) return { allowed: false, reason: 'not an IP address' };
    if (family === 4) return this.checkV4(addr);
    if (this.opened(addr, 'ipv6')) return { allowed: true };
    for (const { one, reason } of V6) if (one.check(addr, 'ipv6')) return { allowed: false, reason };
    // Every IPv4 address the form carries must pass on its own.
    for (const inner of embeddedIPv4(addr)) {
      const v = this.checkV4(inner);
      if (!v.allowed) return { ...v, embedded: inner };
    }
    return { allowed: true };
  }

  private checkV4(addr: string): AddressVerdict {
    if (this.opened(addr, 'ipv4')) return { allowed: true };
    for (const { one, reason } of V4) if (one.check(addr, 'ipv4')) return { allowed: false, reason };
    return { allowed: true };
  }
}

/** Parses an operator's comma-separated list of CIDRs (empty: none); throws naming a bad entry. */
export function parseRanges(text: string): string[] {
  const ranges = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  new AddressPolicy(ranges); // validates
  return ranges;
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

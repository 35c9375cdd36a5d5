/**
 * The address of the client behind any trusted proxies (TRUSTED_PROXIES). The socket's peer is the
 * client unless it is a trusted proxy; then X-Forwarded-For is read from the right, skipping trusted
 * proxies, and the first address that is not one is the client. Without trusted proxies the header is
 * ignored: anyone can write it.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

export type ClientAddress = (c: Context) => string;

const unmapped = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
const family = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** `list`: comma-separated addresses or CIDR blocks, or `loopback`; undefined trusts no proxy. */
export function trustedProxies(list: string | undefined): BlockList {
  const blocks = new BlockList();
  for (const raw of (list ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry === 'loopback') {
      blocks.addSubnet('127.0.0.0', 8, 'ipv4');
      blocks.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', bits] = entry.split('/');
    if (!isIP(address)) throw new Error(`TRUSTED_PROXIES: ${entry} is not an IP address or CIDR block`);
    if (bits === undefined) blocks.addAddress(address, family(address));
    else blocks.addSubnet(address, Number(bits), family(address));
  }
  return blocks;
}

export function clientAddressOf(trusted: BlockList): ClientAddress {
  const isTrusted = (address: string) => isIP(address) !== 0 && trusted.check(address, family(address));
  return (c) => {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    const peer = unmapped(env?.incoming?.socket?.remoteAddress ?? 'local');
    if (!isTrusted(peer)) return peer;
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => unmapped(a.trim()))
      .filter((a) => a !== '');
    for (let i = forwarded.length - 1; i >= 0; i--) {
      const hop = forwarded[i]!;
      if (!isTrusted(hop)) return isIP(hop) ? hop : peer;
    }
    return forwarded[0] ?? peer;
  };
}

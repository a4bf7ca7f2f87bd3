/**
 * TRUST_PROXY: whether, and how far, the X-Forwarded-For header is believed when the panel decides who a
 * client is (the login throttle's key, the address stored with a session and in the audit log).
 *
 *   unset, "false", "off", "0"   the header is ignored: the client is the socket's peer (the default — anyone
 *                                can write the header, so believing it lets a client pick its own address)
 *   a hop count, e.g. "1"        that many proxies in front (one reverse proxy: 1); the client is the entry
 *                                that many hops back, counted from the socket's peer
 *   a list, e.g. "10.0.0.0/8, 127.0.0.1, loopback"   the addresses of the proxies (IPv4/IPv6, CIDR ranges,
 *                                `loopback`, `private`); going back from the socket's peer, the first address
 *                                that is not a trusted proxy is the client
 */
import { BlockList, isIP } from 'node:net';

export type TrustProxy = { kind: 'off' } | { kind: 'hops'; hops: number } | { kind: 'list'; entries: string[]; list: BlockList };

const NAMED: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

/** parses TRUST_PROXY; throws an Error whose message says what is wrong (the value is not secret) */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || /^(false|off|no|0)$/i.test(v)) return { kind: 'off' };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 32) throw new Error('a hop count must be between 0 and 32');
    return { kind: 'hops', hops };
  }
  if (/^(true|on|yes|all|\*)$/i.test(v)) {
    throw new Error("trusting every sender would let any client choose its address: give the hop count (e.g. 1) or the proxies' addresses");
  }
  const list = new BlockList();
  const entries = v
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const named = NAMED[entry.toLowerCase()];
    if (named) {
      for (const [net, prefix, type] of named) list.addSubnet(net, prefix, type);
      continue;
    }
    const [addr, bits, extra] = entry.split('/');
    const type = isIP(addr ?? '');
    if (!type || extra !== undefined) throw new Error(`"${entry}" is not an IP address, a CIDR range, loopback or private`);
    const family = type === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr!, family);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (type === 4 ? 32 : 128)) throw new Error(`"${entry}": the prefix length is out of range`);
      list.addSubnet(addr!, prefix, family);
    }
  }
  return { kind: 'list', entries, list };
}

/** an IPv4 address the socket reports as IPv4-mapped IPv6 (::ffff:1.2.3.4) is compared as IPv4 */
function plain(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

function trusted(list: BlockList, address: string): boolean {
  const type = isIP(address);
  return type !== 0 && list.check(address, type === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket's peer, or with TRUST_PROXY an entry of X-Forwarded-For (the proxies
 * append to it, so it is read from the right). An entry that is not an IP address is never taken.
 */
export function clientAddressOf(socket: string, forwardedFor: string | undefined, trust: TrustProxy): string {
  const peer = plain(socket);
  if (trust.kind === 'off' || !forwardedFor) return peer;
  const chain = [
    ...forwardedFor
      .split(',')
      .map((e) => plain(e.trim()))
      .filter(Boolean),
    peer,
  ];
  if (trust.kind === 'hops') {
    const candidate = chain[Math.max(0, chain.length - 1 - trust.hops)]!;
    return isIP(candidate) ? candidate : peer;
  }
  // the list: from the peer back, past every trusted proxy
  let i = chain.length - 1;
  while (i > 0 && trusted(trust.list, chain[i]!)) i--;
  return isIP(chain[i]!) ? chain[i]! : peer;
}

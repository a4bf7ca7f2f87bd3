/** TRUST_PROXY: parsing, and which X-Forwarded-For entry (if any) names the client. */
import { describe, expect, it } from 'vitest';
import { clientAddressOf, parseTrustProxy } from '../../core/config/trust-proxy.ts';

describe('TRUST_PROXY', () => {
  it('off by default: the header is never read', () => {
    for (const v of [undefined, '', 'false', 'off', '0']) {
      expect(parseTrustProxy(v).kind).toBe('off');
      expect(clientAddressOf('::ffff:127.0.0.1', '198.51.100.1', parseTrustProxy(v))).toBe('127.0.0.1');
    }
  });

  it('a hop count takes the entry that many hops back; entries a client wrote before them are ignored', () => {
    const one = parseTrustProxy('1');
    expect(clientAddressOf('10.0.0.2', '203.0.113.5', one)).toBe('203.0.113.5');
    expect(clientAddressOf('10.0.0.2', '1.1.1.1, 203.0.113.5', one)).toBe('203.0.113.5');
    expect(clientAddressOf('10.0.0.2', undefined, one)).toBe('10.0.0.2');
    const two = parseTrustProxy('2');
    expect(clientAddressOf('10.0.0.2', 'forged, 203.0.113.5, 10.0.0.9', two)).toBe('203.0.113.5');
    // an entry that is not an address is never taken
    expect(clientAddressOf('10.0.0.2', 'not-an-ip', one)).toBe('10.0.0.2');
  });

  it('a list of proxies: back from the peer past every trusted proxy (addresses, CIDR, loopback, private, IPv6)', () => {
    const list = parseTrustProxy('loopback, 10.0.0.0/8, 2001:db8::1');
    expect(clientAddressOf('127.0.0.1', '198.51.100.9, 10.1.2.3', list)).toBe('198.51.100.9');
    expect(clientAddressOf('2001:db8::1', '2001:db8::77', list)).toBe('2001:db8::77');
    // the peer is not a trusted proxy: its header is not believed
    expect(clientAddressOf('203.0.113.1', '198.51.100.9', list)).toBe('203.0.113.1');
    expect(clientAddressOf('::1', '10.0.0.5, 10.0.0.6', list)).toBe('10.0.0.5');
    expect(parseTrustProxy('private').kind).toBe('list');
  });

  it('refuses "trust everyone" and what is not an address, saying what is wrong', () => {
    expect(() => parseTrustProxy('true')).toThrow(/hop count/);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/"proxy.example" is not an IP address/);
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow(/prefix length/);
    expect(() => parseTrustProxy('99')).toThrow(/between 0 and 32/);
  });
});

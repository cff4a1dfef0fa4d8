/** CDS_METRICS_ALLOW entries: addresses and CIDR blocks, IPv4-mapped clients, malformed entries refused at start-up. */
import { addressEntryProblem, addressMatcher } from '../../src/config/address-list.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadSettings } from '../../src/config/settings.js';

describe('address lists (CDS_METRICS_ALLOW)', () => {
  const allowed = addressMatcher(['10.0.0.0/8', 'fd00::/8', '192.168.1.7', '::1']);

  it('matches CIDR blocks at both edges, single addresses exactly, IPv4-mapped IPv6 clients against IPv4 blocks', () => {
    for (const a of ['10.0.0.0', '10.255.255.255', '::ffff:10.1.2.3', 'fd00::1', 'fdff:ffff::1', '192.168.1.7', '::ffff:192.168.1.7', '::1']) expect([a, allowed(a)]).toEqual([a, true]);
    for (const a of ['9.255.255.255', '11.0.0.0', '::ffff:11.1.2.3', 'fe00::1', 'fc00::1', '192.168.1.8', '127.0.0.1', '', undefined, 'not-an-ip']) expect([a, allowed(a)]).toEqual([a, false]);
  });

  it('names malformed entries: not an address, prefix out of range or not a number, two slashes', () => {
    for (const ok of ['10.0.0.0/8', '0.0.0.0/0', '1.2.3.4/32', 'fd00::/8', '::/128', '127.0.0.1', '::ffff:127.0.0.1']) expect([ok, addressEntryProblem(ok)]).toEqual([ok, undefined]);
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0/8', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/8/8', 'localhost', '10.0.0.0/-1', '300.1.1.1']) expect([bad, addressEntryProblem(bad)]).toEqual([bad, expect.stringContaining(bad)]);
  });

  it('a malformed entry is a start-up configuration error naming the variable; good lists load', () => {
    let error: unknown;
    try {
      loadSettings({ CDS_METRICS_ALLOW: '10.0.0.0/8, 10.0.0.0/33' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^CDS_METRICS_ALLOW entry "10\.0\.0\.0\/33": the prefix length/)]);
    expect(loadSettings({ CDS_METRICS_ALLOW: '10.0.0.0/8, fd00::/8' }).metrics.allow).toEqual(['10.0.0.0/8', 'fd00::/8']);
  });
});

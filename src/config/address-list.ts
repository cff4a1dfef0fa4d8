/**
 * Client address lists (CDS_METRICS_ALLOW): single addresses and CIDR blocks, IPv4 and IPv6, matched with
 * node's BlockList, which also matches an IPv4-mapped IPv6 client address (::ffff:10.1.2.3) against IPv4 entries.
 */
import { BlockList, isIP } from 'node:net';

/** Why `entry` is not an address or a CIDR block, or undefined when it is one. */
export function addressEntryProblem(entry: string): string | undefined {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, fd00::/8, 127.0.0.1)`;
  if (prefix === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${entry}": the prefix length must be a whole number from 0 to ${max}`;
  return undefined;
}

/** A matcher for a list of entries already checked with addressEntryProblem. */
export function addressMatcher(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    if (!address) return false;
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

// The host names this server answers to, from what the server itself knows, never from a
// request: the loopback names, its --host, the names in its TLS certificate and the hosts of its
// --origin origins. security.ts refuses /api/ calls whose Host is none of them (DNS rebinding:
// a page on evil.example whose name now resolves to 127.0.0.1 still sends `Host: evil.example`),
// and counts an Origin as the server's own only for these names on the port the connection came
// in on. Pure: the certificate text comes in, names go out.
import { X509Certificate } from 'node:crypto';

/** Always answered: a browser sends these only for a page the user opened on this machine. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

const WILDCARD_ADDRESSES = ['0.0.0.0', '[::]'];

/** The lower-case host name of a Host header or URL authority ('LocalHost.:3000' → 'localhost'); null when it is not one. */
export function hostNameOf(authority: string): string | null {
  let url: URL;
  try {
    url = new URL(`http://${authority}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || !url.hostname) return null;
  return url.hostname.replace(/\.$/, '');
}

/** A bare name or address without a port ('::1' → '[::1]', 'Crossdock.LAN' → 'crossdock.lan'). */
export function normalizeHostName(name: string): string | null {
  const bracketed = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return hostNameOf(bracketed);
}

/** The DNS names (wildcards kept as `*.example.com`) and IP addresses a certificate is valid for. */
export function certificateHostNames(certificatePem: Buffer | string): string[] {
  const san = new X509Certificate(certificatePem).subjectAltName ?? '';
  return san.split(', ').flatMap((entry) => {
    const colon = entry.indexOf(':');
    const kind = entry.slice(0, colon);
    const value = entry.slice(colon + 1);
    if (value.startsWith('"')) return []; // escaped unusual names: never a host a browser sends
    if (kind === 'DNS') return value.startsWith('*.') ? [value.toLowerCase()] : (normalizeHostName(value) ?? []);
    if (kind === 'IP Address') return normalizeHostName(value) ?? [];
    return [];
  });
}

export interface ServerHostNamesInput {
  /** The address the server listens on (--host). */
  host: string;
  /** The TLS certificate served. */
  certificate?: Buffer | string;
  /** The extra origins allowed to call the API (--origin). */
  origins?: readonly string[];
}

/** The names besides the loopback ones that the server answers to, without duplicates. */
export function serverHostNames({ host, certificate, origins = [] }: ServerHostNamesInput): string[] {
  const names = [
    normalizeHostName(host),
    ...(certificate ? certificateHostNames(certificate) : []),
    ...origins.map((origin) => hostNameOf(new URL(origin).host)),
  ];
  const extra = names.filter((name): name is string => name !== null && !WILDCARD_ADDRESSES.includes(name) && !LOOPBACK_NAMES.includes(name));
  return [...new Set(extra)];
}

/** True when `name` (already normalised) is one of `known`; `*.example.com` matches one label. */
export function isKnownHostName(name: string, known: readonly string[]): boolean {
  return known.some((candidate) => {
    if (!candidate.startsWith('*.')) return candidate === name;
    const suffix = candidate.slice(1); // '.example.com'
    const label = name.slice(0, -suffix.length);
    return name.endsWith(suffix) && label.length > 0 && !label.includes('.');
  });
}

/** What the server knows about where it is reached: scheme, the port a connection came in on, its names. */
export interface OwnAddress {
  https: boolean;
  port: number;
  hostNames: readonly string[];
}

/** True when a browser `Origin` is a page served by this server itself. */
export function isOwnOrigin(origin: string, own: OwnAddress): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const scheme = own.https ? 'https:' : 'http:';
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const name = hostNameOf(url.host);
  return url.protocol === scheme && port === own.port && name !== null && isKnownHostName(name, own.hostNames);
}

// TLS material for `crossdock serve`: the operator's --cert/--key, or the Office development
// certificate (office-addin-dev-certs, ~/.office-addin-dev-certs/localhost.{crt,key}), generated
// on first use and regenerated when expired (it lives 30 days). Trusting its CA is a separate,
// admin step (`npx office-addin-dev-certs install`); we never try it.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, UsageError } from '../errors';
import { log } from '../log';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  /** Where it came from, for the startup message. */
  description: string;
}

export interface TlsOptions {
  cert?: string;
  key?: string;
  clock?: () => Date;
}

export function certificateExpiry(certPem: Buffer | string): Date {
  return new Date(new X509Certificate(certPem).validTo);
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(`cannot read the TLS ${what} ${path}: ${(err as Error).message}`, 'CD_TLS_UNREADABLE');
  }
}

export async function resolveTls(options: TlsOptions = {}): Promise<TlsMaterial> {
  const now = (options.clock ?? (() => new Date()))();
  if (options.cert || options.key) {
    if (!options.cert || !options.key) throw new UsageError('give both --cert and --key (PEM files), or neither for the development certificate');
    const cert = readPem(options.cert, 'certificate');
    const key = readPem(options.key, 'key');
    let expiry: Date;
    try {
      expiry = certificateExpiry(cert);
    } catch (err) {
      throw new ConfigError(`${options.cert} is not a PEM certificate: ${(err as Error).message}`, 'CD_TLS_INVALID');
    }
    if (expiry <= now) throw new ConfigError(`the certificate ${options.cert} expired on ${expiry.toISOString()}`, 'CD_TLS_EXPIRED');
    return { key, cert, description: options.cert };
  }
  return devCertificate(now);
}

async function devCertificate(now: Date): Promise<TlsMaterial> {
  const defaults = require('office-addin-dev-certs/lib/defaults') as {
    caCertificatePath: string;
    localhostCertificatePath: string;
    localhostKeyPath: string;
  };
  const paths = [defaults.caCertificatePath, defaults.localhostCertificatePath, defaults.localhostKeyPath];
  const present = paths.every((path) => existsSync(path));
  const expired = present && certificateExpiry(readFileSync(defaults.localhostCertificatePath)) <= now;
  if (!present || expired) {
    if (expired) {
      log.warn('the development certificate has expired: generating a new one (trust its CA again with `npx office-addin-dev-certs install`)');
    }
    // generateCertificates() writes nothing when a CA file exists, so clear a stale or partial set.
    for (const path of paths) rmSync(path, { force: true });
    const { generateCertificates } = require('office-addin-dev-certs') as typeof import('office-addin-dev-certs');
    await generateCertificates();
    log.warn(
      `generated a development certificate in ${dirname(defaults.caCertificatePath)}; browsers and Excel trust it only ` +
        'once its CA is installed: `npx office-addin-dev-certs install` (needs admin rights)',
    );
  }
  return {
    key: readFileSync(defaults.localhostKeyPath),
    cert: readFileSync(defaults.localhostCertificatePath),
    description: `development certificate ${defaults.localhostCertificatePath} (CA ${defaults.caCertificatePath})`,
  };
}

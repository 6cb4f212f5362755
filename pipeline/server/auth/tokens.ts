// Bearer token text: `cdx_<id>_<secret>`. The id (8 chars) is public and finds the stored row;
// the secret is 32 random bytes (256 bits), so a plain SHA-256 of the whole token is a safe
// thing to store (no salt or slow hash needed: nobody can guess a 256-bit secret offline).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no l/1/o/0: ids get read aloud
const TOKEN_PATTERN = /^cdx_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export interface MintedToken {
  tokenId: string;
  token: string; // shown once, never stored
  sha256: string;
}

export function mintToken(random: (size: number) => Buffer = randomBytes): MintedToken {
  const idBytes = random(8);
  const tokenId = Array.from(idBytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
  const token = `cdx_${tokenId}_${random(32).toString('base64url')}`;
  return { tokenId, token, sha256: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token id, or null when the text is not shaped like one of our tokens. */
export function tokenIdOf(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/** Compares a presented token against a stored hash in constant time. */
export function tokenMatches(token: string, storedSha256: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** The token from an `Authorization: Bearer …` header; null when absent or another scheme. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

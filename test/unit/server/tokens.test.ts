import { createHash } from 'node:crypto';
import { bearerToken, hashToken, mintToken, tokenIdOf, tokenMatches } from '../../../pipeline/server/auth/tokens';

describe('bearer tokens', () => {
  it('mints cdx_<8-char id>_<43-char secret> tokens whose id is readable back', () => {
    const minted = mintToken();
    expect(minted.token).toMatch(/^cdx_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(tokenIdOf(minted.token)).toBe(minted.tokenId);
  });

  it('stores the hex SHA-256 of the whole token text', () => {
    const minted = mintToken();
    expect(minted.sha256).toBe(createHash('sha256').update(minted.token).digest('hex'));
    expect(hashToken(minted.token)).toBe(minted.sha256);
  });

  it('mints a different secret every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => mintToken().token));
    expect(tokens.size).toBe(50);
  });

  it('matches a token against its own hash only', () => {
    const a = mintToken();
    const b = mintToken();
    expect(tokenMatches(a.token, a.sha256)).toBe(true);
    expect(tokenMatches(b.token, a.sha256)).toBe(false);
    expect(tokenMatches(a.token, 'abc')).toBe(false); // a damaged stored hash never matches
  });

  it('finds no id in text that is not shaped like a token', () => {
    for (const text of ['', 'cdx_', 'cdx_ABCDEFGH_' + 'a'.repeat(43), 'cdx_abcdefgh_short', "cdx_abcdefgh_' or 1=1 --" + 'a'.repeat(30)]) {
      expect(tokenIdOf(text)).toBeNull();
    }
  });

  it('reads the token from a Bearer header in any letter case and ignores other schemes', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

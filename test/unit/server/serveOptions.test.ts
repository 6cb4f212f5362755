import { parsePort } from '../../../pipeline/commands/serve';
import { cacheControlFor } from '../../../pipeline/server/routes/addin';
import { isOriginAllowed } from '../../../pipeline/server/security';
import { checkOrigin, publicHost } from '../../../pipeline/server/serve';

describe('serve options', () => {
  it('accepts ports 0–65535 and refuses anything else', () => {
    expect(parsePort('3000')).toBe(3000);
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('70000')).toThrow(/--port/);
    expect(() => parsePort('abc')).toThrow(/--port/);
  });

  it('accepts an https origin and refuses http, paths and non-URLs', () => {
    expect(checkOrigin('https://addin.example.com')).toBe('https://addin.example.com');
    expect(checkOrigin('https://localhost:3000/')).toBe('https://localhost:3000');
    expect(() => checkOrigin('http://addin.example.com')).toThrow(/https origin/);
    expect(() => checkOrigin('https://addin.example.com/taskpane.html')).toThrow(/without a path/);
    expect(() => checkOrigin('addin')).toThrow(/not a URL/);
  });

  it('prints localhost for loopback and wildcard addresses (the dev certificate names it)', () => {
    expect(publicHost('127.0.0.1')).toBe('localhost');
    expect(publicHost('0.0.0.0')).toBe('localhost');
    expect(publicHost('crossdock.internal')).toBe('crossdock.internal');
  });

  it('allows the configured origins and the same origin, nothing else', () => {
    const own = { https: true, port: 3000, hostNames: ['localhost', '127.0.0.1'] };
    expect(isOriginAllowed('https://addin.example.com', ['https://addin.example.com'], own)).toBe(true);
    expect(isOriginAllowed('https://localhost:3000', [], own)).toBe(true);
    expect(isOriginAllowed('https://127.0.0.1:3000', [], own)).toBe(true);
    expect(isOriginAllowed('https://localhost:3001', [], own)).toBe(false);
    expect(isOriginAllowed('http://localhost:3000', [], own)).toBe(false);
    expect(isOriginAllowed('https://evil.example:3000', [], own)).toBe(false);
    expect(isOriginAllowed('null', ['https://addin.example.com'], null)).toBe(false);
  });
});

describe('add-in cache headers', () => {
  it('revalidates HTML and unhashed files, and keeps content-hashed files for a year', () => {
    expect(cacheControlFor('/x/taskpane.html')).toBe('no-cache');
    expect(cacheControlFor('/x/taskpane.8f3a9c2e41.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/x/vendor-0123abcd.css')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/x/icon-32.png')).toBe('no-cache');
    expect(cacheControlFor('/x/manifest.xml')).toBe('no-cache');
  });
});

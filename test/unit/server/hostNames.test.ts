import { hostNameOf, isKnownHostName, serverHostNames } from '../../../pipeline/server/hostNames';

describe('host names', () => {
  it('reads the host name of a Host header: lower case, no port, no trailing dot', () => {
    expect(hostNameOf('LocalHost.:3000')).toBe('localhost');
    expect(hostNameOf('[::1]:3000')).toBe('[::1]');
    expect(hostNameOf('127.1')).toBe('127.0.0.1');
    expect(hostNameOf('evil.example/path')).toBeNull();
    expect(hostNameOf('user@evil.example')).toBeNull();
    expect(hostNameOf('')).toBeNull();
  });

  it('answers to the --host, the --origin hosts and the certificate names, not to wildcard or loopback addresses twice', () => {
    expect(serverHostNames({ host: '0.0.0.0', origins: ['https://crossdock.example.com'] })).toEqual(['crossdock.example.com']);
    expect(serverHostNames({ host: '::' })).toEqual([]);
    expect(serverHostNames({ host: '127.0.0.1' })).toEqual([]);
    expect(serverHostNames({ host: 'Crossdock.LAN', origins: ['https://crossdock.lan:8443'] })).toEqual(['crossdock.lan']);
  });

  it('matches a wildcard certificate name for one label only', () => {
    expect(isKnownHostName('a.example.com', ['*.example.com'])).toBe(true);
    expect(isKnownHostName('a.b.example.com', ['*.example.com'])).toBe(false);
    expect(isKnownHostName('example.com', ['*.example.com'])).toBe(false);
  });
});

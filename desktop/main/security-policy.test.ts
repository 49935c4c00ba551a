import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  decidePermission,
  externalLinkTarget,
  isAllowedNavigation,
  isTrustedSender,
  originOf,
  shouldBlockPageRequest,
} from './security-policy';

describe('originOf', () => {
  it('rebuilds the origin of the custom app scheme, which Node reports as "null"', () => {
    expect(originOf('app://capliquify/index.html#/counting')).toBe('app://capliquify');
    expect(originOf('https://example.com:8443/a')).toBe('https://example.com:8443');
  });

  it('refuses URLs that cannot name a trustworthy origin', () => {
    expect(originOf('not a url')).toBeNull();
    expect(originOf('app://capliquify@evil.test/')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
  });
});

describe('isAllowedNavigation', () => {
  it('allows moving between the app pages', () => {
    expect(isAllowedNavigation('app://capliquify/index.html', APP_ORIGIN)).toBe(true);
  });

  it.each([
    'https://capliquify.dev/',
    'file:///etc/passwd',
    'app://capliquify.evil.test/',
    'app://evil/index.html',
    'http://capliquify/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only frames showing the app', () => {
    expect(isTrustedSender('app://capliquify/index.html', APP_ORIGIN)).toBe(true);
    expect(isTrustedSender('https://ads.example/', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
  });
});

describe('decidePermission', () => {
  it('denies powerful features even to the app', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'serial', 'usb', 'unknown']) {
      expect(decidePermission(permission, APP_ORIGIN)).toBe(false);
    }
  });

  it('lets the app, and only the app, copy to the clipboard', () => {
    expect(decidePermission('clipboard-sanitized-write', 'app://capliquify/')).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', 'https://evil.test')).toBe(false);
    expect(decidePermission('clipboard-sanitized-write', undefined)).toBe(false);
    expect(decidePermission('clipboard-read', APP_ORIGIN)).toBe(false);
  });
});

describe('externalLinkTarget', () => {
  it('opens only https links outside the app', () => {
    expect(externalLinkTarget('https://docs.capliquify.dev/help')).toBe('https://docs.capliquify.dev/help');
    expect(externalLinkTarget('http://docs.capliquify.dev/')).toBeNull();
    expect(externalLinkTarget('file:///C:/Windows/System32/calc.exe')).toBeNull();
    expect(externalLinkTarget('ms-msdt:/id PCWDiagnostic')).toBeNull();
    expect(externalLinkTarget('https://user:pw@evil.test/')).toBeNull();
    expect(externalLinkTarget('garbage')).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  const directives = new Map(
    contentSecurityPolicy()
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values] as const),
  );

  it('loads scripts only from the app bundle, never inline or eval', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('shuts plugins, framing, base rewriting and form posts', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });
});

describe('shouldBlockPageRequest', () => {
  it('lets pages load their own bundle and inline images', () => {
    expect(shouldBlockPageRequest('app://capliquify/assets/index.js', true)).toBe(false);
    expect(shouldBlockPageRequest('data:image/png;base64,AAAA', true)).toBe(false);
    expect(shouldBlockPageRequest('devtools://devtools/bundled/inspector.html', true)).toBe(false);
  });

  it('cancels any network or file request a page makes', () => {
    for (const url of ['https://evil.test/x.js', 'http://127.0.0.1:4000/trpc', 'wss://evil.test', 'file:///etc/passwd']) {
      expect(shouldBlockPageRequest(url, true)).toBe(true);
    }
    expect(shouldBlockPageRequest('::not a url::', true)).toBe(true);
  });

  it('leaves requests main makes itself (the updater) alone', () => {
    expect(shouldBlockPageRequest('https://updates.capliquify.dev/updates/latest/latest.yml', false)).toBe(false);
  });
});

/**
 * Security decisions for Electron main, kept free of `electron` so they are unit-tested in Node.
 * The renderer is served from a privileged custom scheme (`app://capliquify/…`), never `file://`,
 * so "our page" has one exact origin to compare against.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'capliquify';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * `scheme://host[:port]` of a URL, or null when it cannot be trusted as one. Node's
 * `URL.origin` is "null" for non-special schemes such as `app:`, so the origin is rebuilt here.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // Credentials in a URL are a classic spoofing trick (`app://capliquify@evil.test`).
  if (parsed.username !== '' || parsed.password !== '' || parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** A window may only ever navigate within the app's own pages. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/** IPC is answered only when the sending frame shows one of our pages. */
export function isTrustedSender(frameUrl: string | null | undefined, appOrigin: string): boolean {
  return typeof frameUrl === 'string' && originOf(frameUrl) === appOrigin;
}

// The only capability our pages need from Chromium: copying figures out of a report.
const GRANTED_TO_APP = new Set(['clipboard-sanitized-write']);

/** Permission requests and checks: deny unless it is our page asking for an allowed permission. */
export function decidePermission(permission: string, requestingOrigin: string | null | undefined): boolean {
  if (typeof requestingOrigin !== 'string') return false;
  // Chromium reports the origin with or without a trailing slash depending on the permission.
  const origin = originOf(requestingOrigin) ?? requestingOrigin.replace(/\/+$/, '');
  return origin === APP_ORIGIN && GRANTED_TO_APP.has(permission);
}

/**
 * Links that leave the app open in the system browser (https only, so no `file:`, `smb:` or
 * custom-handler URL reaches `shell.openExternal`); null means "ignore the request".
 */
export function externalLinkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * The renderer's Content-Security-Policy. The renderer reaches the core over a MessagePort, so it
 * needs no network at all; scripts and styles come only from the app bundle.
 */
export function contentSecurityPolicy(): string {
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': "'self'",
    'style-src': "'self'",
    'img-src': "'self' data: blob:",
    'font-src': "'self'",
    'connect-src': "'self'",
    'worker-src': "'self'",
    'object-src': "'none'",
    'frame-src': "'none'",
    'frame-ancestors': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

/**
 * Whether to cancel a request a page made. Pages talk to the core over a MessagePort, so any
 * network or file request from one is a bug or an injection. Main's own requests (the updater)
 * carry no web contents and pass.
 */
export function shouldBlockPageRequest(url: string, fromWebContents: boolean): boolean {
  if (!fromWebContents) return false;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return true;
  }
  return NETWORK_SCHEMES.has(protocol);
}

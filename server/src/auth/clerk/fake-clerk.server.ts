import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

// Test support: a stand-in for a Clerk instance's Frontend API, serving its JWKS on loopback, and
// the means to mint session tokens the way Clerk does. Never wired into the running server.

export interface FakeClerkKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface FakeClerk {
  /** `http://127.0.0.1:<port>`, used as the token issuer. */
  issuer: string;
  jwksUrl: string;
  /** The key new tokens should be signed with (the newest served). */
  currentKey(): FakeClerkKey;
  /** Publishes a new key next to the old ones. */
  addKey(): Promise<FakeClerkKey>;
  /** Publishes a new key and withdraws every older one, as a key rotation does. */
  rotate(): Promise<FakeClerkKey>;
  /** While false, the JWKS endpoint answers 503 (a Clerk outage). */
  setAvailable(available: boolean): void;
  /** How many times the JWKS was requested. */
  fetchCount(): number;
  close(): Promise<void>;
}

/** An RS256 key pair with a fresh kid; it is served only once given to a FakeClerk. */
export async function createClerkKey(): Promise<FakeClerkKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `ins_${randomBytes(8).toString('hex')}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startFakeClerk(): Promise<FakeClerk> {
  let keys: FakeClerkKey[] = [await createClerkKey()];
  let fetches = 0;
  let available = true;

  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    if (!available) {
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    currentKey: () => keys[keys.length - 1] as FakeClerkKey,
    async addKey() {
      const key = await createClerkKey();
      keys = [...keys, key];
      return key;
    },
    async rotate() {
      const key = await createClerkKey();
      keys = [key];
      return key;
    },
    setAvailable: (value) => { available = value; },
    fetchCount: () => fetches,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

/** A v2 Clerk session token's claims for `issuer`, valid for a minute from now; override any. */
export function clerkClaims(issuer: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer, sub: 'user_2fakeclerkuser', sid: 'sess_2fakeclerksession', azp: 'http://localhost:5173',
    iat: now, nbf: now - 10, exp: now + 60, v: 2, sts: 'active', fva: [1, -1],
    o: { id: 'org_2fakeclerkorg', rol: 'admin', slg: 'acme' },
    ...overrides,
  };
}

/** Signs `claims` as Clerk does (RS256, the key's kid in the header); `header` overrides it. */
export async function signClerkToken(key: FakeClerkKey, claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

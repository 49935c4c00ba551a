import { ErrorCode } from '@capliquify/shared';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AppError } from '../../errors/app.error';
import { createClerkJwksClient, type ClerkJwksClient, type ClerkJwksOptions } from './clerk-jwks.client';

/** What a verified Clerk session token says about the person and their active organisation. */
export interface ClerkSession {
  userId: string;
  sessionId: string;
  orgId: string | null;
  orgRole: string | null;
  orgSlug: string | null;
  /** Minutes since the second factor was verified; null when there is none or it never was. */
  secondFactorAgeMinutes: number | null;
  email?: string;
  name?: string;
}

export interface ClerkVerifierConfig {
  issuer: string;
  jwksUrl: string;
  authorizedParties: string[];
}

export interface ClerkVerifierOptions extends ClerkJwksOptions {
  /** Seconds of clock skew allowed on `exp` and `nbf` (default 5). */
  clockToleranceSeconds?: number;
  /**
   * Refuse tokens without `azp` (default false). Clerk leaves `azp` out when the request that
   * minted the token had no Origin (native and server-side clients, such as the desktop core), and
   * its own backend SDK accepts them. Browsers always send Origin, so a token minted on another
   * site still carries that site as `azp` and is refused by the allow-list.
   */
  requireAuthorizedParty?: boolean;
}

export interface ClerkSessionVerifier {
  verify(token: string): Promise<ClerkSession>;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  azp: z.string().optional(),
  sts: z.string().optional(),
  v: z.number().optional(),
  o: z.object({ id: z.string().min(1), rol: z.string().optional(), slg: z.string().optional() }).optional(),
  org_id: z.string().optional(),
  org_role: z.string().optional(),
  org_slug: z.string().optional(),
  fva: z.tuple([z.number(), z.number()]).optional(),
  email: z.string().optional(),
  name: z.string().optional(),
});
type ClerkClaims = z.infer<typeof claimsSchema>;

const unauthorized = (message: string) => new AppError(ErrorCode.Unauthorized, message);

/**
 * Verifies Clerk session JWTs locally: RS256 with a key from the instance's JWKS, our issuer,
 * `exp`/`nbf` with a little tolerance, `azp` in the allow-list when present. Every refusal is an
 * UNAUTHORIZED AppError saying why.
 */
export function createClerkSessionVerifier(config: ClerkVerifierConfig, options: ClerkVerifierOptions = {}): ClerkSessionVerifier {
  const jwks: ClerkJwksClient = createClerkJwksClient(config.jwksUrl, options);
  const now = options.now ?? Date.now;
  const allowedParties = new Set(config.authorizedParties);

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, async (header) => {
          if (!header.kid) throw unauthorized('Session token has no key id (kid)');
          return jwks.keyFor(header.kid);
        }, {
          // Pinned: `none`, HS256 signed with the public key and every other algorithm fail here,
          // before any key is looked up.
          algorithms: ['RS256'],
          issuer: config.issuer,
          requiredClaims: ['exp', 'sub', 'sid'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
          currentDate: new Date(now()),
        }));
      } catch (error) {
        throw explain(error);
      }
      const parsed = claimsSchema.safeParse(payload);
      if (!parsed.success) {
        throw unauthorized(`Session token claims are malformed (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
      }
      const claims = parsed.data;
      if (claims.azp === undefined ? options.requireAuthorizedParty === true : !allowedParties.has(claims.azp)) {
        throw unauthorized(`Session token was issued for ${claims.azp ?? 'an unnamed party'}, which is not an authorized party`);
      }
      // A pending session has not finished signing in (e.g. must still pick an organisation);
      // Clerk's SDKs treat it as signed out.
      if (claims.sts !== undefined && claims.sts !== 'active') throw unauthorized(`Clerk session is ${claims.sts}, not active`);
      return toSession(claims);
    },
  };
}

function toSession(claims: ClerkClaims): ClerkSession {
  // v2 nests the active organisation under `o`; v1 (deprecated, still issued by instances that
  // did not upgrade) has flat claims.
  const org = claims.v === 2
    ? { id: claims.o?.id ?? null, role: claims.o?.rol ?? null, slug: claims.o?.slg ?? null }
    : { id: claims.org_id ?? null, role: claims.org_role ?? null, slug: claims.org_slug ?? null };
  const secondFactorAge = claims.fva?.[1];
  return {
    userId: claims.sub,
    sessionId: claims.sid,
    orgId: org.id,
    orgRole: org.role,
    orgSlug: org.slug,
    // -1: no second factor, or never verified.
    secondFactorAgeMinutes: secondFactorAge !== undefined && secondFactorAge >= 0 ? secondFactorAge : null,
    ...(claims.email !== undefined ? { email: claims.email } : {}),
    ...(claims.name !== undefined ? { name: claims.name } : {}),
  };
}

function explain(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) return unauthorized('Session token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return unauthorized(`Session token has no "${error.claim}" claim`);
    if (error.claim === 'nbf' && error.reason === 'check_failed') return unauthorized('Session token is not yet valid (nbf)');
    if (error.claim === 'iss') return unauthorized('Session token comes from the wrong issuer');
    return unauthorized(`Session token has an invalid "${error.claim}" claim`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthorized('Session token is not signed with RS256');
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthorized('Session token has a bad signature');
  if (error instanceof errors.JOSEError) return unauthorized(`Session token is malformed (${error.code})`);
  return error;
}

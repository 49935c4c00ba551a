import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import type { SecretKey } from '../config';
import { AppError } from '../errors/app.error';

/** Seals short secrets (integration tokens, TOTP seeds) for storage; opens them with any known key. */
export interface SecretBox {
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), sealed with the newest key. */
  seal(plain: string): string;
  /** The plaintext; throws an AppError (never carrying the plaintext) on an unknown key or tampering. */
  open(sealed: string): string;
  /** Whether `sealed` uses the newest key, i.e. needs no re-sealing after a rotation. */
  isCurrent(sealed: string): boolean;
  /** Id of the key `seal` uses. */
  readonly currentKeyId: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[\w-]{1,32}$/;

interface SealedParts { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer }

/**
 * AES-256-GCM with a random 12-byte IV per seal. The key id is bound as additional authenticated
 * data, so relabelling a sealed value with another key's id fails instead of decrypting garbage.
 * `keys` are newest first: the first seals, every one opens (rotation without a flag day).
 */
export function createSecretBox(keys: readonly SecretKey[]): SecretBox {
  const [current] = keys;
  if (!current) throw new Error('createSecretBox needs at least one key');
  const byId = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (!KEY_ID.test(id)) throw new Error(`secret key id "${id}" must be 1–32 letters, digits, _ or -`);
    if (key.length !== 32) throw new Error(`secret key "${id}" must be 32 bytes (got ${key.length})`);
    if (byId.has(id)) throw new Error(`secret key id "${id}" appears twice`);
    byId.set(id, key);
  }

  return {
    currentKeyId: current.id,
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(current.id, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, current.id, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed) {
      const { keyId, iv, tag, ciphertext } = parse(sealed);
      const key = byId.get(keyId);
      if (!key) throw unsealable(`it was sealed with key "${keyId}", which is not configured (SECRETS_KEYS)`);
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw unsealable(`authentication failed with key "${keyId}": the value was altered or the key is wrong`);
      }
    },
    isCurrent(sealed) {
      return keyIdOf(sealed) === current.id;
    },
  };
}

/** The key id a sealed value names, or null when it is not a sealed value at all. */
export function keyIdOf(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === VERSION && KEY_ID.test(parts[1] ?? '') ? parts[1]! : null;
}

function parse(sealed: string): SealedParts {
  const parts = sealed.split('.');
  const [version, keyId, iv, tag, ciphertext] = parts;
  if (parts.length !== 5 || version !== VERSION || !keyId || !KEY_ID.test(keyId)
    || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw unsealable(`it is not a ${VERSION} sealed value`);
  }
  const decoded = { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), ciphertext: Buffer.from(ciphertext, 'base64url') };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) throw unsealable('its IV or tag has the wrong length');
  return decoded;
}

// The message describes the envelope only; the sealed text and any plaintext stay out of logs.
function unsealable(reason: string): AppError {
  return new AppError(ErrorCode.Internal, `Cannot open sealed secret: ${reason}`);
}

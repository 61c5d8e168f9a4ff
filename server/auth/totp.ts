import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { TotpSetup } from '../../shared/index.js';

/*
 * The TOTP arithmetic (RFC 6238 via `otpauth`: SHA-1, 6 digits, 30 s, the apps' defaults) and how a
 * secret is kept: AES-256-GCM under the hub's TOTP key (OMNI_TOTP_KEY or `<data dir>/totp.key`), bound
 * to its user id, so a database reader (a backup, a read replica) cannot generate codes.
 */

export const PERIOD_S = 30;
/** One period either side: a phone clock a little off still works. */
const WINDOW = 1;
const ISSUER = 'Omni Console';

/** Sealed secrets start with this (the format can change without a migration). */
const SEALED_PREFIX = 'v1:';

export class TotpKey {
  private readonly key: Buffer;
  constructor(material: string) {
    if (material.length < 16) throw new Error('the TOTP key must be at least 16 characters');
    // Any length of key material becomes one AES-256 key.
    this.key = createHash('sha256').update(`omni-totp-key:${material}`).digest();
  }

  /** Encrypts a base32 secret for one user (the user id is authenticated data: a sealed secret cannot be moved to another user). */
  seal(userId: string, base32: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(userId));
    const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  /** The base32 secret, or null when it was sealed under another key (or for another user, or altered). */
  open(userId: string, sealed: string): string | null {
    if (!sealed.startsWith(SEALED_PREFIX)) return null;
    const [iv, tag, body] = sealed.slice(SEALED_PREFIX.length).split('.');
    if (!iv || !tag || body === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(userId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/** A new 160-bit secret (RFC 4226's recommended length), base32. */
export function newSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(base32: string, account = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: account, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: Secret.fromBase32(base32) });
}

/** The 30-second step a time falls in (microseconds since the epoch, the hub's clock unit). */
export const stepAt = (nowUs: number): number => Math.floor(nowUs / 1_000_000 / PERIOD_S);

/**
 * The step a code belongs to when it is right at `nowUs` (±1 step), else null. The caller refuses a
 * step already used (replay): a code is good once.
 */
export function matchingStep(base32: string, code: string, nowUs: number): number | null {
  const delta = totpFor(base32).validate({ token: code, timestamp: Math.floor(nowUs / 1000), window: WINDOW });
  return delta === null ? null : stepAt(nowUs) + delta;
}

/** The code an app shows at `nowUs` (tests, and nothing else). */
export function codeAt(base32: string, nowUs: number): string {
  return totpFor(base32).generate({ timestamp: Math.floor(nowUs / 1000) });
}

/** What the person adds to their app: the otpauth:// URI, its QR code (SVG) and the secret in groups of 4. */
export async function setupFor(base32: string, account: string): Promise<TotpSetup> {
  const otpauthUri = totpFor(base32, account).toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUri, qrSvg, secretGroups: base32.match(/.{1,4}/g) ?? [], issuer: ISSUER, account };
}

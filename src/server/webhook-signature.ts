/**
 * The signature of the platform's webhooks: `X-Signature: t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp is inside what is signed, so an old delivery
 * cannot be passed off as new; the receiver refuses one outside its tolerance window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature';

export function signWebhook(body: string, secret: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true; signedAt: Date }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'outside_tolerance' };

const HEADER = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/i;

export function verifyWebhook(
  body: Uint8Array,
  header: string | undefined,
  secret: string,
  options: { now: Date; toleranceSeconds: number },
): SignatureCheck {
  const match = HEADER.exec(header?.trim() ?? '');
  if (!match) return { ok: false, reason: 'malformed' };
  const t = Number(match[1]);
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  if (!timingSafeEqual(Buffer.from(match[2]!, 'hex'), expected)) return { ok: false, reason: 'mismatch' };
  if (Math.abs(options.now.getTime() / 1000 - t) > options.toleranceSeconds) {
    return { ok: false, reason: 'outside_tolerance' };
  }
  return { ok: true, signedAt: new Date(t * 1000) };
}

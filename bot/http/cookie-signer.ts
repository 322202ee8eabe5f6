import { createHmac, timingSafeEqual } from 'node:crypto';

/** Cookie values the server signed, `payload.mac` (HMAC-SHA256): a value it did not issue is
 * refused. Each purpose derives its own key from the one secret, so a value signed for one
 * purpose is never valid for another. (Staff sessions are not signed cookies: their cookie is
 * a random token looked up in the database, so it can be revoked.) */
export class CookieSigner {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    this.key = createHmac('sha256', secret).update(purpose).digest();
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  sign(payload: string): string {
    return `${payload}.${this.mac(payload)}`;
  }

  /** The payload of a value this signer signed; undefined for anything else. */
  unsign(value: string | undefined): string | undefined {
    if (!value) return undefined;
    const cut = value.lastIndexOf('.');
    if (cut < 0) return undefined;
    const payload = value.slice(0, cut);
    const given = Buffer.from(value.slice(cut + 1), 'base64url');
    const expected = Buffer.from(this.mac(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return payload;
  }
}

import * as OTPAuth from 'otpauth';

/** RFC 6238 TOTP: SHA-1, 6 digits, 30 s — what every authenticator app accepts. */
function totpFor(secretBase32: string, label: string) {
  return new OTPAuth.TOTP({
    issuer: 'Sanxiang 三项',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

/**
 * The time step a code belongs to, if valid within ±1 step of `now`; null otherwise. Callers
 * refuse a step not newer than the last one used, so a code cannot be replayed.
 */
export function totpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, 'x').validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 30_000) + delta;
}

export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpFor(secretBase32, 'x').generate({ timestamp: at.getTime() });
}

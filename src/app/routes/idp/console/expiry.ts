// Owns how the console shows when a secret or certificate expires, against the world clock: valid, expiring within
// EXPIRY_WARNING_DAYS (a warning), or expired.
import { EXPIRY_WARNING_DAYS } from '../../../../contracts/idp-console';
import { DAY } from '../../../../domain/clock';

export type ExpiryState = 'valid' | 'expiring' | 'expired';

export function expiryState(expiresAt: number, now: number): ExpiryState {
  if (expiresAt <= now) return 'expired';
  return expiresAt - now <= EXPIRY_WARNING_DAYS * DAY ? 'expiring' : 'valid';
}

export function expiryLabel(expiresAt: number, now: number): string {
  const state = expiryState(expiresAt, now);
  if (state === 'expired') return 'Expired';
  if (state === 'valid') return '';
  const days = Math.ceil((expiresAt - now) / DAY);
  return days === 1 ? 'Expires tomorrow' : `Expires in ${days} days`;
}

// Owns how Connect's pages word what an organisation asks of two-factor authentication (R21).
import type { TwoFactorRequirement } from '../../../contracts/connect-two-factor';
import { formatShortTime } from '../../state/format';

/**
 * One sentence for the user, or null when nothing is asked. Only the setup page at sign-in offers “Remind me later”,
 * so only there does the sentence name it.
 */
export function requirementSentence(requirement: TwoFactorRequirement, where: 'sign_in' | 'account'): string | null {
  switch (requirement.kind) {
    case 'none':
      return null;
    case 'required':
      return requirement.because.kind === 'group'
        ? `Your organisation requires two-factor authentication for ${requirement.because.group}.`
        : `Your organisation requires two-factor authentication for everyone since ${formatShortTime(requirement.because.since)}.`;
    case 'upcoming':
      return `From ${formatShortTime(requirement.from)}, your organisation requires two-factor authentication.${
        where === 'sign_in' ? ' Set it up now, or choose “Remind me later”.' : ' Set it up before then.'
      }`;
  }
}

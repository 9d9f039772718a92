import { describe, expect, it } from 'vitest';
import { mailHighlights } from '../../../src/domain/mail-text';
import { verificationLinkMailText, verificationMailText, reminderMailText } from '../../../mocks/servers/hrm/rules';
import { activationMailText, resetMailText, temporaryPasswordMailText } from '../../../mocks/servers/connect/rules';

describe('mailHighlights: the code chip and the "Open link" button of a mail', () => {
  it('finds the verification code of the code mail, and no link (it has none)', () => {
    expect(mailHighlights(verificationMailText('Anna Svensson', '482913'))).toEqual({ code: '482913', link: null });
  });

  it('finds the link of the verification-link mail and of a reset mail, and no code in them', () => {
    const link = verificationLinkMailText({
      name: 'Anna Svensson',
      email: 'anna@company.se',
      url: 'https://hrm.test/verify-email?token=abc123',
      phase: 'preparation',
      adminName: 'Karin Berg',
    });
    expect(mailHighlights(link)).toEqual({ code: null, link: 'https://hrm.test/verify-email?token=abc123' });
    const reset = mailHighlights(resetMailText({ name: 'Anna Svensson', email: 'anna@company.se' }, 'f00d'));
    expect(reset.code).toBeNull();
    expect(reset.link).toMatch(/^https:\/\/connect\.test\/.*token=f00d$/);
  });

  it("takes a mail's first link as its main one (the activation mail also links the admin portal)", () => {
    const text = activationMailText({ name: 'Karin Berg', email: 'karin@company.se' }, 'Demo Company', 'beef');
    expect(mailHighlights(text).link).toMatch(/token=beef$/);
  });

  it('finds a temporary password as the code, beside the sign-in link', () => {
    const text = temporaryPasswordMailText(
      { name: 'Anna Svensson', email: 'anna@company.se' },
      { name: 'Karin Berg' },
      'Demo Company',
      'Xk7-pq9-Lm2',
    );
    const found = mailHighlights(text);
    expect(found.code).toBe('Xk7-pq9-Lm2');
    expect(found.link).toMatch(/^https:\/\/connect\.test\/login\?email=/);
  });

  it('finds nothing to copy in a reminder, and no code in numbers that are not six digits standing alone', () => {
    expect(mailHighlights(reminderMailText({ name: 'Anna Svensson', activationAt: null })).code).toBeNull();
    expect(mailHighlights('Order 1234567 and phone 070-123456 and 12345').code).toBeNull();
    expect(mailHighlights('Nothing here.')).toEqual({ code: null, link: null });
  });
});

// "Forgot your password?" answers a known and an unknown email the same way, and answers before it looks for the
// account: the mail and the link are made after the answer, so neither the answer nor its timing tells who has one.
import { describe, expect } from 'vitest';
import { http } from 'msw';
import { ORIGINS } from '../../src/contracts/origins';
import type { TestWorld } from '../support/harness';
import { it } from '../support/world-test';
import { auditLog, body, connectDb, inbox } from '../mocks/connect/support';
import { inFront } from '../mocks/hrm/support';

const ERIK = 'erik.johansson@company.com';
const NOBODY = 'nobody.known@company.com';
const FORGOT = `${ORIGINS.connect}/api/password/forgot`;

async function resetTokenCount(world: TestWorld): Promise<number> {
  const db = connectDb(world);
  try {
    return await db.resetTokens.count();
  } finally {
    db.close();
  }
}

/** Holds every mail sent to mail.test until `release` is called; the mails then go through as usual. */
function holdMail(world: TestWorld): { release: () => void; removed: () => void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const removed = inFront(
    world,
    http.post(`${ORIGINS.mail}/api/messages`, async () => {
      await released;
      // Nothing returned: the request goes on to mail.test's own handler.
    }),
  );
  return { release, removed };
}

describe('POST /api/password/forgot', () => {
  it('answers a known and an unknown email with the same status, headers and words', async ({ world }) => {
    const known = await world.browser().api(FORGOT, { body: { email: ERIK } });
    const unknown = await world.browser().api(FORGOT, { body: { email: NOBODY } });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect([...unknown.headers.entries()].sort()).toEqual([...known.headers.entries()].sort());
    expect(await body(known)).toEqual({ message: `If an account exists for ${ERIK}, we've sent a link to reset the password.` });
    expect(await body(unknown)).toEqual({ message: `If an account exists for ${NOBODY}, we've sent a link to reset the password.` });
  });

  it('answers before the mail is sent and the link is stored; both follow when the work has settled', async ({ world }) => {
    const held = holdMail(world);
    const response = await world.browser().api(FORGOT, { body: { email: ERIK } });
    expect(response.status).toBe(202);
    // The mail is still held at mail.test's door, so the answer did not wait for it.
    expect((await inbox(world.browser(), ERIK)).messages).toEqual([]);
    expect(await resetTokenCount(world)).toBe(0);

    held.release();
    await world.workspace.settled();
    held.removed();
    const { messages } = await inbox(world.browser(), ERIK);
    expect(messages.map((m) => m.subject)).toEqual(['Reset your Connect password']);
    expect(await resetTokenCount(world)).toBe(1);
    expect((await auditLog(world)).filter((a) => a.type === 'email.password_reset').map((a) => a.email)).toEqual([ERIK]);
  });

  it('an unknown email leaves no mail, no link and no audit entry once the work has settled', async ({ world }) => {
    const response = await world.browser().api(FORGOT, { body: { email: NOBODY } });
    expect(response.status).toBe(202);
    await world.workspace.settled();
    expect((await inbox(world.browser(), NOBODY)).messages).toEqual([]);
    expect(await resetTokenCount(world)).toBe(0);
    expect((await auditLog(world)).filter((a) => a.type.startsWith('email.password_reset'))).toEqual([]);
  });
});

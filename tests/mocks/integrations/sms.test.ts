// IP1 SMS at integrations.test: the HRM's shift requests arrive at POST /sms/messages (every field checked), and a reply
// is posted to the callback URL configured at the provider, which must be repointed after the move (R18).
import { describe, expect } from 'vitest';
import type { RunResult, SmsPageData } from '../../../src/contracts/integrations';
import { it } from '../../support/world-test';
import type { TestBrowser } from '../../support/harness';
import { INTEGRATIONS, openPage, signedIn, StandInHrm } from './stand-in-hrm';

const SHIFT = { to: '+46701234567', text: 'Can you take the Saturday shift 07:00–15:00? Reply YES or NO.', reference: 'shift-request-42' };

async function send(hrm: TestBrowser, body: unknown): Promise<Response> {
  return hrm.api(`${INTEGRATIONS}/sms/messages`, { body, from: null });
}

async function reply(browser: TestBrowser, id: string, answer: string): Promise<Response> {
  return browser.api(`${INTEGRATIONS}/api/integrations/sms/messages/${id}/reply`, { body: { answer } });
}

describe('IP1 SMS', () => {
  it('accepts a message with 202 and an id, and shows it in the console', async ({ world }) => {
    const sent = await send(world.browser('hrm'), SHIFT);
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };
    const { data } = await openPage<SmsPageData>(await signedIn(world), '/integrations/sms');
    expect(data.messages).toEqual([{ id, ...SHIFT, receivedAt: world.now(), reply: null }]);
    expect(data.runs[0]).toMatchObject({
      trigger: 'inbound',
      status: 202,
      message: '202: message to +46701234567 accepted (shift-request-42).',
    });
  });

  it.for([
    ['to', { ...SHIFT, to: '0701234567' }, 'to: a phone number in international form, such as +46701234567.'],
    ['to', { ...SHIFT, to: 46701234567 }, 'to: a phone number in international form, such as +46701234567.'],
    ['text', { ...SHIFT, text: '  ' }, 'text: the message text, 1 to 1600 characters.'],
    ['text', { ...SHIFT, text: 'x'.repeat(1601) }, 'text: the message text, 1 to 1600 characters.'],
    ['reference', { ...SHIFT, reference: '' }, "reference: the sender's reference for the message, 1 to 200 characters."],
  ])('refuses a message with a bad %s with 422 at that field', async ([field, body, message], { world }) => {
    const response = await send(world.browser('hrm'), body);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ field, message });
  });

  it('posts a reply to the configured callback; after the move the old one is refused, and repointed it is delivered', async ({
    world,
  }) => {
    const hrm = new StandInHrm(world);
    hrm.install();
    const karin = await signedIn(world);
    const first = ((await (await send(world.browser('hrm'), SHIFT)).json()) as { id: string }).id;
    const yes = (await (await reply(karin, first, 'YES')).json()) as RunResult;
    expect(yes.entries[0]).toMatchObject({
      url: 'https://hrm.test/ShiftRequest/SmsCallback/ip1-callback-demo',
      status: 200,
      ok: true,
      message: '200: reply YES delivered.',
    });
    expect(hrm.received.at(-1)!.body).toEqual({
      reference: 'shift-request-42',
      from: '+46701234567',
      text: 'YES',
      receivedAt: '2026-03-02T08:00:00.000Z',
    });
    expect((await reply(karin, first, 'NO')).status).toBe(409);

    hrm.stage = 'ended';
    const second = ((await (await send(world.browser('hrm'), { ...SHIFT, reference: 'shift-request-43' })).json()) as { id: string }).id;
    const refused = (await (await reply(karin, second, 'NO')).json()) as RunResult;
    expect(refused.entries[0]).toMatchObject({
      status: 410,
      ok: false,
      message:
        '410: This callback address is no longer in use. Set the callback URL to https://api.hrm.test/v1/sms/callback/ip1-callback-demo.',
    });

    const { data } = await openPage<SmsPageData>(karin, '/integrations/sms');
    expect(data.messages.find((m) => m.id === second)!.reply).toBeNull();
    const saved = await karin.api(`${INTEGRATIONS}/api/integrations/sms`, {
      method: 'PUT',
      body: { callbackUrl: 'https://api.hrm.test/v1/sms/callback/ip1-callback-demo', version: data.version },
    });
    expect(saved.status).toBe(200);
    const delivered = (await (await reply(karin, second, 'NO')).json()) as RunResult;
    expect(delivered.entries[0]).toMatchObject({ url: 'https://api.hrm.test/v1/sms/callback/ip1-callback-demo', status: 200, ok: true });
    expect(hrm.received.at(-1)!.body).toMatchObject({ reference: 'shift-request-43', text: 'NO' });
  });

  it('refuses a reply that is neither YES nor NO, and one to a message it does not have', async ({ world }) => {
    const karin = await signedIn(world);
    const id = ((await (await send(world.browser('hrm'), SHIFT)).json()) as { id: string }).id;
    expect((await reply(karin, id, 'MAYBE')).status).toBe(400);
    const missing = await reply(karin, 'sms_nothing', 'YES');
    expect(missing.status).toBe(404);
  });
});

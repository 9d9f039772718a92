import { describe, expect } from 'vitest';
import type { SendMailBatchResponse, SendMailRequest } from '../../../src/contracts/mail';
import { MAIL_BATCH_LIMIT } from '../../../src/contracts/mail';
import type { TestBrowser } from '../../support/harness';
import { it } from '../../support/world-test';
import { body, expectProblem, inbox } from '../../support/api';
import { MAIL_SUBMISSION_TOKEN } from '../../../mocks/servers/hrm/rules';

const MAIL = 'https://mail.test';
let server: TestBrowser;
it.beforeEach(async ({ world }) => {
  server = world.browser('hrm-server');
});

const message = (to: string, subject = 'Hello'): SendMailRequest => ({
  to,
  from: 'no-reply@hrm.test',
  fromName: 'HRM',
  subject,
  text: 'Body',
});
const batch = (batchId: string, messages: SendMailRequest[]) =>
  server.api(`${MAIL}/api/messages/batch`, { body: { batchId, messages }, headers: { authorization: `Bearer ${MAIL_SUBMISSION_TOKEN}` } });

describe('POST /api/messages/batch', () => {
  it('delivers every message to its inbox, in order, and a retry of the same batch delivers nothing twice', async () => {
    const first = await batch('job_1/0', [
      message('a@company.com', 'One'),
      message('b+tag@company.com', 'Two'),
      message('a@company.com', 'Three'),
    ]);
    expect(first.status).toBe(201);
    const answer = await body<SendMailBatchResponse>(first);
    expect(answer).toMatchObject({ duplicate: false, ids: [expect.stringMatching(/^msg_/), expect.any(String), expect.any(String)] });
    expect((await inbox(server, 'a@company.com')).messages.map((m) => m.subject)).toEqual(['Three', 'One']);
    expect((await inbox(server, 'b@company.com')).messages.map((m) => m.to)).toEqual(['b+tag@company.com']);

    const again = await batch('job_1/0', [
      message('a@company.com', 'One'),
      message('b+tag@company.com', 'Two'),
      message('a@company.com', 'Three'),
    ]);
    expect(again.status).toBe(200);
    expect(await body<SendMailBatchResponse>(again)).toEqual({ ids: answer.ids, duplicate: true });
    expect((await inbox(server, 'a@company.com')).messages).toHaveLength(2);
  });

  it('delivers nothing when one message is wrong, and names it', async () => {
    await expectProblem(
      await batch('job_2/0', [message('a@company.com'), message('not-an-address')]),
      422,
      'email_malformed',
      'messages.1.to',
    );
    expect((await inbox(server, 'a@company.com')).messages).toHaveLength(0);
    await expectProblem(await batch('job_2/0', []), 400, 'invalid_request', 'messages');
    await expectProblem(
      await batch(
        'job_2/0',
        Array.from({ length: MAIL_BATCH_LIMIT + 1 }, (_, i) => message(`u${i}@company.com`)),
      ),
      400,
      'invalid_request',
      'messages',
    );
  });
});

// After "Send verification code" again, the code of the earlier mail is recognised: the user reads that a newer code
// was sent and where, and no try is counted. It is still a code that no longer links, and it is forgotten when its
// own 30 minutes are over.
import { describe, expect } from 'vitest';
import { MINUTE } from '../../src/domain/clock';
import { it } from '../support/world-test';
import { expectProblem, linkStatus, sendCode, signIn, verify } from '../mocks/hrm/support';

const ANNA = 'anna.svensson@company.com';

describe('POST /api/me/connect/verify with the code of an earlier mail', () => {
  it('says a newer code was sent, counts no try, and the newest code links', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const first = await sendCode(anna, ANNA);
    await world.advance(MINUTE);
    const second = await sendCode(anna, ANNA);
    expect(second.code).not.toBe(first.code);

    const problem = await expectProblem(await verify(anna, first.code), 422, 'code_superseded', 'code');
    expect(problem.message).toBe(`A newer code was sent to ${ANNA} — use the code in the newest email.`);
    expect((await linkStatus(anna)).attemptsLeft).toBe(second.status.attemptsLeft);

    expect((await verify(anna, second.code)).status).toBe(200);
    expect((await linkStatus(anna)).status).toBe('linked');
  });

  it('recognises every earlier code of the last 30 minutes, each as often as it is typed', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const codes = [];
    for (let i = 0; i < 3; i++) {
      codes.push((await sendCode(anna, ANNA)).code);
      await world.advance(MINUTE);
    }
    const attempts = (await linkStatus(anna)).attemptsLeft;
    for (const old of [codes[0]!, codes[1]!, codes[0]!, codes[1]!, codes[0]!, codes[1]!]) {
      await expectProblem(await verify(anna, old), 422, 'code_superseded', 'code');
    }
    expect((await linkStatus(anna)).attemptsLeft).toBe(attempts);
  });

  it('a mistyped code still costs a try', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    await sendCode(anna, ANNA);
    const second = await sendCode(anna, ANNA);
    const wrong = second.code === '000000' ? '111111' : '000000';
    const problem = await expectProblem(await verify(anna, wrong), 422, 'code_incorrect', 'code');
    expect(problem.message).toBe('The code is incorrect. 4 tries left.');
  });

  it('an earlier code past its own 30 minutes is no longer recognised', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    const first = await sendCode(anna, ANNA);
    await world.advance(20 * MINUTE);
    await sendCode(anna, ANNA);
    await world.advance(10 * MINUTE);
    const problem = await expectProblem(await verify(anna, first.code), 422, 'code_incorrect', 'code');
    expect(problem.message).toBe('The code is incorrect. 4 tries left.');
  });
});

// Tests Connect's server-to-server account API: find-or-create linking (R4: an existing account is linked,
// never duplicated), removing a link, and HTTP Basic client authentication (RFC 6749 §2.3.1).
import { describe, expect } from 'vitest';
import type { ConnectAccount, LinkAccountResponse } from '../../../src/contracts/connect';
import type { TestWorld } from '../../support/harness';
import { it } from '../../support/world-test';
import { asClient, auditLog, basic, body, CONNECT, expectProblem, login } from './support';

const anna = { email: 'anna.svensson@company.com', name: 'Anna Svensson', externalUserId: 'usr_anna' };

function link(
  world: TestWorld,
  request: { email: string; name: string; externalUserId: string },
  authorization?: string | null,
): Promise<Response> {
  return asClient(world, '/api/accounts/link', {
    method: 'POST',
    body: request,
    ...(authorization !== undefined ? { authorization } : {}),
  });
}

describe('POST /api/accounts/link', () => {
  it('creates an account without a password the first time, and links the same one the second time', async ({ world }) => {
    const first = await link(world, anna);
    expect(first.status).toBe(200);
    const created = await body<LinkAccountResponse>(first);
    expect(created).toEqual({ accountId: expect.stringMatching(/^acc_[0-9a-f]{16}$/), created: true });

    const again = await link(world, { ...anna, email: ' Anna.Svensson@Company.com ' });
    expect(await body<LinkAccountResponse>(again)).toEqual({ accountId: created.accountId, created: false });

    // A new account cannot log in until a password is set ("Forgot your password?", R5).
    await expectProblem(await login(world.browser(), anna.email, 'anything-at-all-1'), 401, 'invalid_credentials');
    const audit = await auditLog(world);
    expect(audit.filter((a) => a.accountId === created.accountId).map((a) => a.type)).toEqual([
      'account.created',
      'account.linked',
      'login.failed',
    ]);
  });

  it('links Erik’s existing account from Expense instead of creating one (created: false, apps Expense and HRM)', async ({ world }) => {
    const response = await link(world, { email: 'erik.johansson@company.com', name: 'Erik Johansson', externalUserId: 'usr_erik' });
    expect(await body<LinkAccountResponse>(response)).toMatchObject({ created: false });
    const erik = world.browser('erik');
    expect((await login(erik, 'erik.johansson@company.com', 'expense-erik-2024')).status).toBe(200);
    const me = await body<ConnectAccount>(await erik.api(`${CONNECT}/api/me`));
    expect(me).toMatchObject({ email: 'erik.johansson@company.com', name: 'Erik Johansson', hasPassword: true, apps: ['Expense', 'HRM'] });
    expect(me.id).toBe((await body<LinkAccountResponse>(response)).accountId);
  });

  it('keeps a plus-address alias its own account (R7)', async ({ world }) => {
    const base = await body<LinkAccountResponse>(
      await link(world, { email: 'oskar.lund@company.com', name: 'Oskar Lund', externalUserId: 'a' }),
    );
    const alias = await body<LinkAccountResponse>(
      await link(world, { email: 'oskar.lund+hrm@company.com', name: 'Oskar Lund', externalUserId: 'b' }),
    );
    expect(alias.created).toBe(true);
    expect(alias.accountId).not.toBe(base.accountId);
  });

  it('refuses a malformed email with 422 at the field', async ({ world }) => {
    await expectProblem(await link(world, { ...anna, email: 'anna.svensson@company' }), 422, 'email_malformed', 'email');
  });

  it('refuses a missing or wrong client secret with 401 invalid_client and a Basic challenge', async ({ world }) => {
    for (const authorization of [
      null,
      basic('hrm', 'wrong-secret'),
      basic('expense', world.template.tenant.hrmClientSecret),
      'Bearer abc',
      'Basic !!!',
    ]) {
      const response = await link(world, anna, authorization);
      await expectProblem(response, 401, 'invalid_client');
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
    // Nothing was created.
    expect(await body<LinkAccountResponse>(await link(world, anna))).toMatchObject({ created: true });
  });

  it('answers 400 invalid_request for a body without the required fields', async ({ world }) => {
    const response = await asClient(world, '/api/accounts/link', { method: 'POST', body: { email: anna.email } });
    await expectProblem(response, 400, 'invalid_request', 'name');
  });
});

describe('DELETE /api/accounts/:accountId/links/:app', () => {
  it('removes the HRM from the account’s apps and keeps the account (Erik keeps Expense)', async ({ world }) => {
    const { accountId } = await body<LinkAccountResponse>(
      await link(world, { email: 'erik.johansson@company.com', name: 'Erik Johansson', externalUserId: 'usr_erik' }),
    );
    const response = await asClient(world, `/api/accounts/${accountId}/links/HRM`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    // Twice is fine.
    expect((await asClient(world, `/api/accounts/${accountId}/links/HRM`, { method: 'DELETE' })).status).toBe(204);

    const erik = world.browser('erik');
    await login(erik, 'erik.johansson@company.com', 'expense-erik-2024');
    expect((await body<ConnectAccount>(await erik.api(`${CONNECT}/api/me`))).apps).toEqual(['Expense']);
    // Linking again finds the same account.
    expect(
      await body<LinkAccountResponse>(
        await link(world, { email: 'erik.johansson@company.com', name: 'Erik Johansson', externalUserId: 'usr_erik' }),
      ),
    ).toEqual({
      accountId,
      created: false,
    });
    expect((await auditLog(world)).filter((a) => a.accountId === accountId).map((a) => a.type)).toEqual([
      'account.linked',
      'account.unlinked',
      'login',
      'account.linked',
    ]);
  });

  it('answers 404 not_found for an unknown account', async ({ world }) => {
    await expectProblem(await asClient(world, '/api/accounts/acc_unknown/links/HRM', { method: 'DELETE' }), 404, 'not_found');
  });

  it('refuses to remove another application’s link (403)', async ({ world }) => {
    const { accountId } = await body<LinkAccountResponse>(
      await link(world, { email: 'erik.johansson@company.com', name: 'Erik Johansson', externalUserId: 'usr_erik' }),
    );
    await expectProblem(await asClient(world, `/api/accounts/${accountId}/links/Expense`, { method: 'DELETE' }), 403, 'invalid_request');
  });

  it('refuses a wrong client secret with 401 invalid_client', async ({ world }) => {
    const { accountId } = await body<LinkAccountResponse>(await link(world, anna));
    const response = await asClient(world, `/api/accounts/${accountId}/links/HRM`, {
      method: 'DELETE',
      authorization: basic('hrm', 'nope'),
    });
    await expectProblem(response, 401, 'invalid_client');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });
});

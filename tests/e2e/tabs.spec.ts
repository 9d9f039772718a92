// Two and more tabs on one workspace (a trainer's projector window and laptop): one simulation serves them all, so no
// tab undoes another's writes, and what one tab does every tab shows without a reload.
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import {
  addressOf,
  advanceClock,
  browserOf,
  choosePersona,
  inboxOf,
  logInToHrm,
  openStage,
  readVerificationCode,
  openUsersAsKarin,
} from './support';

/** Karin's Users view, searched for one user: the row's text (the state chip says "Linked", "Not started", …). */
async function userRowText(karin: Locator, name: string): Promise<string> {
  const table = karin.getByRole('table', { name: 'Users' });
  await karin.getByRole('searchbox', { name: 'Search' }).fill(name);
  await expect(table.getByRole('row')).toHaveCount(2);
  return (await table.getByRole('row').nth(1).textContent()) ?? '';
}

/** The toolbar's Reload, waiting for the page to have loaded anew. */
async function reload(browser: Locator): Promise<void> {
  await browser.getByRole('button', { name: 'Reload' }).click();
  await expect(browser.locator('.device-viewport')).toHaveAttribute('aria-busy', 'false');
}

/** Karin as another tab shows her: on the Users view her browser is at, signed in, with no login in this tab. */
async function karinAsShown(page: Page): Promise<Locator> {
  const karin = await choosePersona(page, 'Karin Berg');
  await expect(karin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  return karin;
}

/** Anna, in this tab, from the login to "You're all set!". */
async function annaLinks(page: Page): Promise<void> {
  const anna = browserOf(page, 'Anna Svensson');
  await logInToHrm(page, anna, '10001', 'anna-hrm-1');
  await anna.getByRole('button', { name: 'Go to Account Settings' }).click();
  await anna.getByRole('button', { name: 'anna.svensson@company.com' }).click();
  await anna.getByRole('button', { name: 'Send verification code' }).click();
  await expect(anna.getByText('Check your inbox')).toBeVisible();
  const code = await readVerificationCode(inboxOf(page, 'Anna Svensson'));
  await anna.getByRole('textbox', { name: 'Verification code' }).fill(code);
  await anna.getByRole('button', { name: 'Verify' }).click();
  await expect(anna.getByText("You're all set!")).toBeVisible();
}

async function newStage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await openStage(page);
  return page;
}

test('Anna links in one tab while Karin works in another: both tabs, and a tab opened later, show both', async ({
  context,
  page: first,
}) => {
  await openStage(first);
  const second = await newStage(context);

  const karin = await openUsersAsKarin(second);
  expect(await userRowText(karin, 'Anna Svensson')).toContain('Not started');
  await annaLinks(first);
  // Karin's view asks the same servers: Anna's link is there, and Karin's login in this tab undid nothing.
  await reload(karin);
  await expect.poll(() => userRowText(karin, 'Anna Svensson')).toContain('Linked');

  // The second tab shows Anna where the first left her, without loading anything itself.
  await choosePersona(second, 'Anna Svensson');
  await expect(browserOf(second, 'Anna Svensson').getByText("You're all set!")).toBeVisible();
  // The clock moved in one tab moves in the other.
  const before = (await second.getByTestId('world-time').getAttribute('datetime'))!;
  await advanceClock(first, '+30 min');
  const later = new Date(Date.parse(before) + 30 * 60_000).toISOString();
  await expect(first.getByTestId('world-time')).toHaveAttribute('datetime', later);
  await expect(second.getByTestId('world-time')).toHaveAttribute('datetime', later);

  const third = await newStage(context);
  await choosePersona(third, 'Anna Svensson');
  await expect(browserOf(third, 'Anna Svensson').getByText("You're all set!")).toBeVisible();
  // And a reload keeps it all: Anna stays linked, Karin signed in.
  await first.reload();
  await expect(first.getByRole('button', { name: /Anna Svensson/ })).toBeVisible();
  await expect(browserOf(first, 'Anna Svensson').getByText("You're all set!")).toBeVisible();
  const karinAgain = await karinAsShown(third);
  await reload(karinAgain);
  await expect.poll(() => userRowText(karinAgain, 'Anna Svensson')).toContain('Linked');
});

test('a navigation in one tab is shown in the other tab on stage', async ({ context, page: first }) => {
  await openStage(first);
  const second = await newStage(context);
  const anna = browserOf(first, 'Anna Svensson');
  await logInToHrm(first, anna, '10001', 'anna-hrm-1');
  await expect.poll(() => addressOf(second)).toBe('https://hrm.test/');
  await expect(browserOf(second, 'Anna Svensson').getByRole('button', { name: 'Log out' })).toBeVisible();
});

async function openMenu(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /^Workspace/ }).click();
  return page.getByRole('group', { name: 'Workspace' });
}

test('a checkpoint taken in one tab is in the other’s menu, and a reset in one tab stays reset after a login in the other', async ({
  context,
  page: first,
}) => {
  await openStage(first);
  const second = await newStage(context);
  const firstMenu = await openMenu(first);
  await firstMenu.getByLabel('Checkpoint name').fill('Before anyone logs in');
  await firstMenu.getByRole('button', { name: 'Take checkpoint' }).click();
  await expect(firstMenu.getByRole('status')).toHaveText('Checkpoint “Before anyone logs in” taken.');
  const secondMenu = await openMenu(second);
  await expect(secondMenu.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem')).toHaveText([/Before anyone logs in/]);
  await second.getByRole('button', { name: /^Workspace/ }).click();

  await logInToHrm(second, browserOf(second, 'Anna Svensson'), '10001', 'anna-hrm-1');
  await expect(browserOf(first, 'Anna Svensson').getByRole('button', { name: 'Log out' })).toBeVisible();
  await firstMenu.getByRole('button', { name: 'Reset', exact: true }).click();
  await firstMenu.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(firstMenu.getByRole('status')).toHaveText('Reset “Demo company”.');
  // Both tabs show the workspace as it starts: Anna logged out.
  await expect(browserOf(second, 'Anna Svensson').getByLabel('User ID')).toBeVisible();
  await expect(browserOf(first, 'Anna Svensson').getByLabel('User ID')).toBeVisible();
  // Karin logs in in the other tab: the reset stays.
  await openUsersAsKarin(second);
  await first.reload();
  await expect((await choosePersona(first, 'Anna Svensson')).getByLabel('User ID')).toBeVisible();
  // The checkpoint is the simulation's, not the reloaded tab's: still there to go back to.
  await openMenu(first);
  await expect(firstMenu.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem')).toHaveText([/Before anyone logs in/]);
});

test.describe('where the browser has no SharedWorker', () => {
  test.beforeEach(async ({ context }) => {
    await context.addInitScript(() => {
      Object.defineProperty(globalThis, 'SharedWorker', { value: undefined, configurable: true });
    });
  });

  test('one tab leads and runs the simulation; when it closes, another takes over with nothing lost', async ({ context, page: leader }) => {
    await openStage(leader);
    const follower = await newStage(context);
    // The follower works through the leader's simulation.
    const karin = await openUsersAsKarin(follower);
    expect(await userRowText(karin, 'Anna Svensson')).toContain('Not started');
    await annaLinks(leader);
    await reload(karin);
    await expect.poll(() => userRowText(karin, 'Anna Svensson')).toContain('Linked');

    await leader.close({ runBeforeUnload: true });
    // The follower now runs the simulation from what was stored: Karin is still signed in, Anna still linked.
    await reload(karin);
    await expect.poll(() => userRowText(karin, 'Anna Svensson')).toContain('Linked');
    const later = await newStage(context);
    await choosePersona(later, 'Anna Svensson');
    await expect(browserOf(later, 'Anna Svensson').getByText("You're all set!")).toBeVisible();
  });
});

/** A persona's API call in this page, through its simulation's port and its copy of the persona's jar (as the console can). */
/** A call from `persona`'s browser, or with `persona` null from the trainer's x-ray (no cookies). */
async function api<T>(page: Page, persona: string | null, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ persona, url, body }) => {
      type Simulation = {
        devices(id: string): { jar: unknown };
        network: { fetch(request: Request, options: { initiator: string; jar: unknown }): Promise<Response> };
      };
      const sim = (globalThis as unknown as { rolloutRehearsal: Simulation }).rolloutRehearsal;
      const init: RequestInit =
        body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const from =
        persona === null ? { initiator: 'xray', jar: undefined } : { initiator: `browser:${persona}`, jar: sim.devices(persona).jar };
      const response = await sim.network.fetch(new Request(url, init), from);
      return { status: response.status, body: (await response.json()) as T };
    },
    { persona, url, body },
  );
}

/** Karin's call to the HRM's API. */
function asKarin<T>(page: Page, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return api<T>(page, 'karin', `https://hrm.test${path}`, body);
}

interface Job {
  status: string;
  total: number;
  processed: number;
  sent: number;
}

/** Every row of one table of a workspace's database, as stored (read in the page, beside the simulation). */
async function storedRows<T>(page: Page, workspaceId: string, server: string, table: string): Promise<T[]> {
  return page.evaluate(
    async ({ name, table }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        return await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(table).objectStore(table).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      } finally {
        db.close();
      }
    },
    { name: `rollout-rehearsal/${workspaceId}/${server}`, table },
  ) as Promise<T[]>;
}

/** How many HRM mails each address has had, as the mail server stored them. */
async function hrmMailsByAddress(page: Page, workspaceId: string): Promise<Record<string, number>> {
  const rows = await storedRows<{ messages: Array<{ from: string; to: string }> }>(page, workspaceId, 'mail', 'deliveries');
  const counts: Record<string, number> = {};
  for (const m of rows.flatMap((r) => r.messages)) if (m.from === 'no-reply@hrm.test') counts[m.to] = (counts[m.to] ?? 0) + 1;
  return counts;
}

test('the simulation stopped mid-mailing with its last tab resumes in the next tab: nothing lost, nobody mailed twice', async ({
  context,
  page,
}) => {
  test.setTimeout(240_000);
  await openStage(page);
  const workspaceId = await page.evaluate(async () => {
    type Simulation = { createWorkspace(input: { name: string; templateId: string; seed: string }): Promise<{ id: string }> };
    const sim = (globalThis as unknown as { rolloutRehearsal: Simulation }).rolloutRehearsal;
    return (await sim.createWorkspace({ name: 'Seventeen thousand', templateId: 'generated-17000', seed: 'restart' })).id;
  });
  expect((await asKarin(page, '/api/session', { loginId: '10002', password: 'karin-hrm-1' })).status).toBe(200);
  const started = await asKarin<Job & { id: string }>(page, '/api/users/bulk-emails', {
    kind: 'verification_link',
    selection: { filter: { status: 'not_linked' } },
  });
  expect(started.status).toBe(202);
  const { id, total } = started.body;
  await expect
    .poll(async () => (await asKarin<Job>(page, `/api/jobs/${id}`)).body.processed, { timeout: 60_000, intervals: [50] })
    .toBeGreaterThan(0);

  // The last tab closes mid-job: the SharedWorker, and the simulation in it, stop with it.
  const before = await asKarin<Job>(page, `/api/jobs/${id}`);
  expect(before.body.processed).toBeLessThan(total);
  await page.close({ runBeforeUnload: true });

  const next = await newStage(context);
  // It was a restart: the workspace was opened anew after a stop that never closed it.
  const [world] = await storedRows<{ restarts: number }>(next, workspaceId, 'world', 'meta');
  expect(world?.restarts).toBe(1);
  await expect
    .poll(async () => (await asKarin<Job>(next, `/api/jobs/${id}`)).body.status, { timeout: 180_000, intervals: [1_000] })
    .toBe('done');
  const done = (await asKarin<Job>(next, `/api/jobs/${id}`)).body;
  expect(done.processed).toBe(total);
  const mailed = await hrmMailsByAddress(next, workspaceId);
  expect(Object.values(mailed).filter((n) => n !== 1)).toEqual([]);
  expect(Object.keys(mailed)).toHaveLength(done.sent);
});

test('three tabs taking turns at one rehearsal end with the state hash one tab reaches alone', async ({ context, page }) => {
  test.setTimeout(120_000);
  await openStage(page);
  const tabs = [page, await newStage(context), await newStage(context)];
  /** Anna links, Johan is sent a code, Karin looks at the users, the clock moves: step `n` in tab `at(n)`. */
  async function rehearse(at: (step: number) => Page, name: string): Promise<string> {
    await at(0).evaluate(
      (name) =>
        (
          globalThis as unknown as { rolloutRehearsal: { createWorkspace(input: object): Promise<unknown> } }
        ).rolloutRehearsal.createWorkspace({ name, templateId: 'demo', seed: 'round-robin' }),
      name,
    );
    // Every tab's stage opens Anna's browser on the new workspace first, as it does whoever takes the turns.
    for (const tab of tabs) await expect(browserOf(tab, 'Anna Svensson').getByLabel('User ID')).toBeVisible();
    await api(at(1), 'anna', 'https://hrm.test/api/session', { loginId: '10001', password: 'anna-hrm-1' });
    await api(at(2), 'karin', 'https://hrm.test/api/session', { loginId: '10002', password: 'karin-hrm-1' });
    await api(at(3), 'anna', 'https://hrm.test/api/me/connect/verification-code', { email: 'anna.svensson@company.com' });
    await api(at(4), 'johan', 'https://hrm.test/api/session', { loginId: '10003', password: 'johan-hrm-1' });
    await api(at(5), 'johan', 'https://hrm.test/api/me/connect/verification-code', { email: 'johan.ek@company.com' });
    await at(6).evaluate(() =>
      (globalThis as unknown as { rolloutRehearsal: { clock: { advance(ms: number): Promise<void> } } }).rolloutRehearsal.clock.advance(
        5 * 60_000,
      ),
    );
    // Anna's code as the trainer reads it (mail.test's inspection): a mail session's cookie is no part of the world's state.
    const listing = (
      await api<{ messages: Array<{ id: string }> }>(at(7), null, 'https://mail.test/_sim/mailboxes/anna.svensson@company.com/messages')
    ).body;
    const mail = (await api<{ text: string }>(at(8), null, `https://mail.test/_sim/messages/${listing.messages[0]!.id}`)).body;
    const code = /Your verification code:\s*(\d{6})/.exec(mail.text)![1];
    expect((await api(at(9), 'anna', 'https://hrm.test/api/me/connect/verify', { code })).body).toMatchObject({ status: 'linked' });
    await api(at(10), 'karin', 'https://hrm.test/api/users?q=Anna%20Svensson');
    return at(11).evaluate(() =>
      (globalThis as unknown as { rolloutRehearsal: { stateHash(): Promise<string> } }).rolloutRehearsal.stateHash(),
    );
  }
  const alone = await rehearse(() => page, 'One tab');
  const together = await rehearse((step) => tabs[step % 3]!, 'Three tabs');
  expect(together).toMatch(/^[0-9a-f]{64}$/);
  expect(together).toBe(alone);
});

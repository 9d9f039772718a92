// Tests the mail server's database upgrade (H10): a v2 store of a row per message, opened by today's
// code, serves the same inboxes — order, read flags, texts — from deliveries, and numbers new mail after the old; the
// v5 accounts table starts empty, and the workspace gives it its template's accounts when it opens, so each person
// signs in with their own password and nobody can register another's mailbox first.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxListing, MailMessage } from '../../../src/contracts/mail';
import { ManualClock } from '../../../src/domain/clock';
import { CookieJar } from '../../../src/domain/cookie-jar';
import { Workspace } from '../../../mocks/runtime/workspace';
import { MailDb, type DeliveryRow, type MessageRowV2 } from '../../../mocks/servers/mail/db';
import { databaseName } from '../../../mocks/shared/server';
import { MAIL_SUBMISSION_TOKEN } from '../../../mocks/servers/hrm/rules';
import { createTestWorld, testWorldOf } from '../../support/harness';
import { expectProblem, mailApp, mailPasswordOf } from '../../support/api';
import { demoTenant } from '../../../mocks/templates/demo-tenant';

const MAIL = 'https://mail.test';
const V1_STORES = { messages: 'id, &seq, [mailbox+seq], [mailbox+read]' };
const V2_STORES = { batches: 'batchId' };
const V3_STORES = { deliveries: 'first', reads: 'id' };
const V4_STORES = { messages: null };
const ANNA = 'anna.svensson@company.com';
const ERIK = 'erik.johansson@company.com';

/** 2,345 messages (more than one upgrade record) to three mailboxes; every fifth one read. */
function v2Rows(): MessageRowV2[] {
  const mailboxes = ['anna.svensson@company.com', 'erik.johansson@company.com', 'karin.berg@company.com'];
  return Array.from({ length: 2_345 }, (_, i) => {
    const mailbox = mailboxes[i % 3]!;
    return {
      id: `msg_${String(i).padStart(16, '0')}`,
      seq: i + 1,
      mailbox,
      to: i % 7 === 0 ? mailbox.replace('@', '+hr@') : mailbox,
      from: 'no-reply@hrm.test',
      fromName: 'HRM',
      subject: `Message ${i + 1}`,
      text: `Text of message ${i + 1}`,
      sentAt: 1_000 + i,
      read: i % 5 === 0 ? 1 : 0,
    };
  });
}

let reopened: Workspace | undefined;
afterEach(async () => {
  await reopened?.close();
  reopened = undefined;
});

const SUBMISSION = { authorization: `Bearer ${MAIL_SUBMISSION_TOKEN}`, 'content-type': 'application/json' };

describe('mail database v2 → v5', () => {
  it('files every message in deliveries, keeps which were read, and drops the rows', async () => {
    const name = databaseName('mail-upgrade', 'mail');
    await Dexie.delete(name);
    const v2 = new Dexie(name);
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    const rows = v2Rows();
    await v2.table('messages').bulkAdd(rows);
    await v2.table('batches').add({ batchId: 'job_1/0', ids: [rows[0]!.id] });
    v2.close();

    const db = new MailDb('mail-upgrade');
    await db.open();
    try {
      expect(db.verno).toBe(5);
      expect(db.tables.map((t) => t.name).sort()).toEqual(['accounts', 'batches', 'deliveries', 'reads']);
      expect(await db.accounts.count()).toBe(0);
      const deliveries = await db.deliveries.toArray();
      expect(deliveries.map((d) => [d.first, d.messages.length])).toEqual([
        [1, 1_000],
        [1_001, 1_000],
        [2_001, 345],
      ]);
      expect(deliveries.flatMap((d) => d.messages)).toEqual(rows.map(({ read: _read, ...message }) => message));
      expect((await db.reads.toArray()).map((r) => r.id).sort()).toEqual(rows.filter((r) => r.read === 1).map((r) => r.id));
      expect(await db.batches.get('job_1/0')).toEqual({ batchId: 'job_1/0', ids: [rows[0]!.id] });
    } finally {
      db.close();
    }
  });

  it('a workspace reopened on a v2 mail database lists each inbox newest first with its unread count, and new mail comes after', async () => {
    const world = await createTestWorld();
    const id = world.workspace.id;
    await world.close();
    const name = databaseName(id, 'mail');
    await Dexie.delete(name);
    const v2 = new Dexie(name);
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    const rows = v2Rows();
    await v2.table('messages').bulkAdd(rows);
    v2.close();

    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    const jar = new CookieJar();
    const get = (url: string, init: RequestInit = {}) =>
      reopened!.network.fetch(new Request(url, init), { initiator: 'browser:test', jar });
    const post = (url: string, body: unknown) =>
      get(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // No account came with the old database: the workspace gave Anna the one her template gives her on opening.
    const credentials = { address: ANNA, password: mailPasswordOf(demoTenant, ANNA) };
    expect((await post(`${MAIL}/api/accounts`, { address: ANNA, password: 'anna-mail-1' })).status).toBe(409);
    expect((await post(`${MAIL}/api/session`, credentials)).status).toBe(200);
    const anna = rows.filter((r) => r.mailbox === 'anna.svensson@company.com');
    const listing = (await (await get(`${MAIL}/api/mailboxes/anna.svensson@company.com/messages`)).json()) as MailboxListing;
    expect(listing.messages.map((m) => m.id)).toEqual(anna.map((r) => r.id).reverse());
    expect(listing.unread).toBe(anna.filter((r) => r.read === 0).length);
    const oldest = (await (await get(`${MAIL}/api/messages/${anna[0]!.id}`)).json()) as MailMessage;
    expect(oldest).toMatchObject({ text: anna[0]!.text, read: true, to: anna[0]!.to });

    const sent = await get(`${MAIL}/api/messages`, {
      method: 'POST',
      headers: SUBMISSION,
      body: JSON.stringify({ to: 'anna.svensson@company.com', from: 'no-reply@hrm.test', fromName: 'HRM', subject: 'After', text: 'New' }),
    });
    expect(sent.status).toBe(201);
    const after = (await (await get(`${MAIL}/api/mailboxes/anna.svensson@company.com/messages`)).json()) as MailboxListing;
    expect(after.messages[0]!.subject).toBe('After');
    expect(after.unread).toBe(listing.unread + 1);
  });
});

describe('mail database v4 → v5', () => {
  /** Closes a fresh demo workspace and puts back its mail database as version 4 stored it: mail, no accounts. */
  async function workspaceWithV4Mail(): Promise<{ id: string; message: DeliveryRow['messages'][number] }> {
    const world = await createTestWorld();
    const id = world.workspace.id;
    await world.close();
    const name = databaseName(id, 'mail');
    await Dexie.delete(name);
    const v4 = new Dexie(name);
    v4.version(1).stores(V1_STORES);
    v4.version(2).stores(V2_STORES);
    v4.version(3).stores(V3_STORES);
    v4.version(4).stores(V4_STORES);
    const message = {
      id: 'msg_0000000000000001',
      seq: 1,
      mailbox: ANNA,
      to: ANNA,
      from: 'no-reply@hrm.test',
      fromName: 'HRM',
      subject: 'Kept',
      text: 'From before accounts',
      sentAt: 1_000,
    };
    await v4.table('deliveries').add({ first: 1, messages: [message] } satisfies DeliveryRow);
    expect(v4.verno).toBe(4);
    v4.close();
    return { id, message };
  }

  it('gives every mailbox its template account on opening: Anna signs in with her password and reads her mail, and another persona cannot register her address', async () => {
    const { id, message } = await workspaceWithV4Mail();
    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    const world = testWorldOf(reopened, demoTenant);

    const erik = world.browser('mail-app:erik');
    await expectProblem(
      await erik.api(`${MAIL}/api/accounts`, { body: { address: ANNA, password: 'erik-chose-this' } }),
      409,
      'address_taken',
      'address',
    );
    await expectProblem(
      await erik.api(`${MAIL}/api/accounts`, { body: { address: 'Anna.Svensson+mail@company.com', password: 'erik-chose-this' } }),
      409,
      'address_taken',
      'address',
    );
    expect((await erik.api(`${MAIL}/api/session`, { body: { address: ANNA, password: 'erik-chose-this' } })).status).toBe(401);
    // Erik has his own account too, and it reads only his mailbox.
    expect((await erik.api(`${MAIL}/api/session`, { body: { address: ERIK, password: mailPasswordOf(demoTenant, ERIK) } })).status).toBe(
      200,
    );
    await expectProblem(await erik.api(`${MAIL}/api/mailboxes/${ANNA}/messages`), 403, 'not_signed_in_to_mailbox');

    const anna = await mailApp(world, ANNA);
    const listing = (await (await anna.api(`${MAIL}/api/mailboxes/${ANNA}/messages`)).json()) as MailboxListing;
    expect(listing.messages.map((m) => [m.id, m.subject])).toEqual([[message.id, 'Kept']]);
  });

  it('gives the accounts once: reopened again, the workspace keeps the accounts it has, one registered since included', async () => {
    const { id } = await workspaceWithV4Mail();
    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    const newcomer = { address: 'newcomer@company.com', password: 'newcomer-1' };
    expect(
      (await testWorldOf(reopened, demoTenant).browser('mail-app:newcomer').api(`${MAIL}/api/accounts`, { body: newcomer })).status,
    ).toBe(201);
    await reopened.close();
    const db = new MailDb(id);
    const before = await db.accounts.toArray();
    db.close();
    expect(before.flatMap((row) => row.accounts.map((a) => a.mailbox))).toContain('newcomer@company.com');

    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    const again = new MailDb(id);
    try {
      expect(await again.accounts.toArray()).toEqual(before);
    } finally {
      again.close();
    }
    const world = testWorldOf(reopened, demoTenant);
    expect((await world.browser('mail-app:newcomer').api(`${MAIL}/api/session`, { body: newcomer })).status).toBe(200);
    await mailApp(world, ANNA);
  });
});

describe('mail kept across a reload', () => {
  it('a reopened workspace serves the same inbox: order, texts, and which were read', async () => {
    const world = await createTestWorld();
    const server = world.browser('server');
    const erik = await mailApp(world, 'erik.johansson@company.com');
    const ids: string[] = [];
    for (const subject of ['One', 'Two', 'Three']) {
      const response = await server.api(`${MAIL}/api/messages`, {
        body: { to: 'erik.johansson+x@company.com', from: 'no-reply@hrm.test', fromName: 'HRM', subject, text: `${subject} text` },
        headers: { authorization: SUBMISSION.authorization },
      });
      ids.push(((await response.json()) as { id: string }).id);
    }
    expect((await erik.api(`${MAIL}/api/messages/${ids[1]}/read`, { method: 'POST' })).status).toBe(204);
    const before = (await (await erik.api(`${MAIL}/api/mailboxes/erik.johansson@company.com/messages`)).json()) as MailboxListing;
    const id = world.workspace.id;
    await world.close();

    reopened = (await Workspace.open({ id, realClock: new ManualClock(0) }))!;
    // Sessions are not kept across a reload: the mail app signs in again, with the account the seed gave Erik.
    const jar = new CookieJar();
    const signIn = new Request(`${MAIL}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: 'erik.johansson@company.com', password: 'erik-hrm-1' }),
    });
    expect((await reopened.network.fetch(signIn, { initiator: 'browser:test', jar })).status).toBe(200);
    const listing = (await (
      await reopened.network.fetch(new Request(`${MAIL}/api/mailboxes/erik.johansson@company.com/messages`), {
        initiator: 'browser:test',
        jar,
      })
    ).json()) as MailboxListing;
    expect(listing).toEqual(before);
    expect(listing.messages.map((m) => [m.subject, m.read])).toEqual([
      ['Three', false],
      ['Two', true],
      ['One', false],
    ]);
    expect(listing.unread).toBe(2);
  });
});

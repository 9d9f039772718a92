// Swedish for what an employee sees: the catalogues agree, pages answer in the browser's Accept-Language, mails come in
// the recipient's language, and dates are written the Swedish way in Stockholm's time.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect } from 'vitest';
import { navigate } from '../../../src/clients/navigation';
import { HRM_VIEWS } from '../../../src/contracts/hrm';
import { negotiateLocale, type Locale } from '../../../src/domain/locale';
import { formatLongDate, formatShortDateTime, WORKSPACE_TIME_ZONE } from '../../../src/domain/locale-format';
import { it } from '../../support/world-test';
import { testWorkspaceOptions, type TestBrowser, type TestWorld } from '../../support/harness';
import { inbox, readMessage } from '../../support/api';
import { Workspace } from '../../../mocks/runtime/workspace';
import { HRM, signIn } from '../hrm/support';

type Catalogue = Record<string, unknown>;
const catalogue = (locale: Locale): Catalogue =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../../messages/${locale}.json`), 'utf8')) as Catalogue;

/** The inputs a message names: `{name}` in its text, and `input x` in a plural's declarations. */
function inputsOf(message: unknown): string[] {
  const text = JSON.stringify(message);
  const names = new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
  for (const m of text.matchAll(/input (\w+)/g)) names.add(m[1]!);
  return [...names].sort();
}

async function pageIn(world: TestWorld, browser: TestBrowser, path: string, language: Locale) {
  const result = await navigate(world.workspace.network, { url: `${HRM}${path}`, jar: browser.jar, initiator: 'browser:anna', language });
  if (result.outcome.kind !== 'page') throw new Error(`${path}: ${JSON.stringify(result.outcome)}`);
  return result.outcome.page;
}

describe('the message catalogues', () => {
  it('have the same messages, with the same inputs, in English and Swedish', () => {
    const en = catalogue('en');
    const sv = catalogue('sv');
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(inputsOf(sv[key]), key).toEqual(inputsOf(en[key]));
  });
});

describe('Accept-Language', () => {
  it('picks the language the browser ranks highest, English when it names none of ours', () => {
    expect(negotiateLocale('sv-SE, sv;q=0.9, en;q=0.5')).toBe('sv');
    expect(negotiateLocale('de-DE, en;q=0.8, sv;q=0.9')).toBe('sv');
    expect(negotiateLocale('en-GB')).toBe('en');
    expect(negotiateLocale('fr, de')).toBe('en');
    expect(negotiateLocale('sv;q=0, en')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
  });
});

describe('HRM pages in the browser’s language', () => {
  it('answers the login page in Swedish for sv and in English for en, and says which', async ({ world }) => {
    const browser = world.browser('anna');
    const sv = await pageIn(world, browser, '/login', 'sv');
    expect(sv).toMatchObject({ view: HRM_VIEWS.login, title: 'Logga in', lang: 'sv' });
    const en = await pageIn(world, browser, '/login', 'en');
    expect(en).toMatchObject({ view: HRM_VIEWS.login, title: 'Log in', lang: 'en' });
  });

  it('answers Account Settings in Swedish to a Swedish browser, and the administrator’s pages in English', async ({ world }) => {
    const anna = await signIn(world, 'anna');
    expect(await pageIn(world, anna, '/my-profile/account-settings', 'sv')).toMatchObject({ title: 'Kontoinställningar', lang: 'sv' });
    const karin = await signIn(world, 'karin');
    const users = await pageIn(world, karin, '/users', 'sv');
    expect(users.title).toBe('Users');
    expect(users.lang).toBeUndefined();
  });
});

describe('mails in the recipient’s language', () => {
  async function codeMail(world: TestWorld) {
    const anna = await signIn(world, 'anna');
    const email = 'anna.svensson@company.com';
    const response = await anna.api(`${HRM}/api/me/connect/verification-code`, { body: { email } });
    expect(response.status, await response.clone().text()).toBe(200);
    const [newest] = (await inbox(anna, email)).messages;
    return readMessage(anna, newest!.id);
  }

  it('writes the verification code mail in Swedish to a person of a Swedish workspace', async ({ world }) => {
    await world.workspace.setLanguage('sv');
    const mail = await codeMail(world);
    expect(mail.subject).toBe('Verifiera din e-postadress');
    expect(mail.text).toMatch(/^Hej Anna\n/);
    expect(mail.text).toMatch(/Din verifieringskod:\n\n\d{6}\n/);
    expect(mail.text).toContain('Koden gäller i 30 minuter.');
  });

  it('writes it in English to a persona who chose English, in a Swedish workspace', async ({ world }) => {
    await world.workspace.setLanguage('sv');
    await world.workspace.setPersonaLanguage('anna', 'en');
    const mail = await codeMail(world);
    expect(mail.subject).toBe('Verify your email address');
    expect(mail.text).toMatch(/Your verification code:\n\n\d{6}\n/);
  });

  it('keeps the workspace’s language over a reload of the workspace', async ({ world }) => {
    await world.workspace.setLanguage('sv');
    await world.workspace.setPersonaLanguage('anna', 'en');
    const id = world.workspace.id;
    await world.workspace.close();
    const reopened = (await Workspace.open({ ...testWorkspaceOptions(), id }))!;
    try {
      expect(reopened.language).toBe('sv');
      expect(reopened.languageOf('Anna.Svensson@company.com')).toBe('en');
      expect(reopened.languageOf('karin.berg@company.com')).toBe('sv');
    } finally {
      await reopened.close();
    }
  });
});

describe('dates for a Swedish reader', () => {
  it('writes weekday, day, month and time the Swedish way, in Stockholm’s time', () => {
    const at = Date.UTC(2026, 2, 30, 5, 0); // 07:00 in Stockholm (CEST)
    expect(formatShortDateTime(at, { locale: 'sv', timeZone: WORKSPACE_TIME_ZONE })).toBe('mån 30 mars 07:00');
    expect(formatShortDateTime(at, { locale: 'en', timeZone: WORKSPACE_TIME_ZONE })).toBe('Mon 30 Mar, 07:00');
    expect(formatLongDate(at, { locale: 'sv', timeZone: WORKSPACE_TIME_ZONE })).toBe('måndag 30 mars 2026');
  });
});

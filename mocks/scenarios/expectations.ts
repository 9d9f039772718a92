// Owns how a scenario checks what can be observed, one function per expectation of the file format: each reads over
// HTTP what a persona or an administrator would see (their own pages and APIs, the inbox at mail.test), never a
// server's database. The rollout's phase and the clock are read as the stage reads them.
import * as hrmApi from '../../src/clients/hrm';
import type { ClientResult } from '../../src/clients/http';
import { AUDIT_CATEGORIES, type AuditCategory } from '../../src/contracts/connect';
import { HRM_INTEGRATION_PATHS, HRM_INTEGRATION_VIEWS, type HrmIntegrationsPageData } from '../../src/contracts/hrm-integrations';
import { HRM_PATHS, type AuditEntryType, type HrmShellData } from '../../src/contracts/hrm';
import { ORIGINS } from '../../src/contracts/origins';
import type { ExpectationName, ExpectationStepOf } from '../../src/contracts/scenario';
import { ScenarioFailure, describe } from './browser';
import {
  connectAdminAudit,
  connectAdminDomains,
  connectAdminUsers,
  describeRun,
  findUser,
  hrmOrigin,
  integrationPage,
  isSignedInPage,
  mailsMatching,
  readMail,
  type RunContext,
} from './actions';
import { ScenarioTimeclockDevice, describeView } from './timeclock';

/** What an expectation found: a mismatch per line (none: it holds), and what was seen, in words. */
export interface Verdict {
  mismatches: string[];
  seen: string;
}

type Expectation<K extends ExpectationName> = (step: ExpectationStepOf<K>, run: RunContext) => Promise<Verdict>;

function ok<T>(result: ClientResult<T>): T {
  if (result.ok) return result.value;
  throw new ScenarioFailure(result.problem.code, result.problem.message);
}

/** Compares each expected field that the step gives with what was seen. */
function compare(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  return Object.entries(expected)
    .filter(([, value]) => value !== undefined)
    .filter(([key, value]) => !matches(value, actual[key]))
    .map(([key, value]) => `${key}: expected ${JSON.stringify(value)}, saw ${JSON.stringify(actual[key])}`);
}

/** A partial, deep match: every field the expected value gives must be there with that value; arrays match in full. */
export function matches(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected))
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => matches(e, actual[i]));
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => matches(v, (actual as Record<string, unknown>)[k]));
  }
  return Object.is(expected, actual);
}

const verdict = (mismatches: string[], seen: string): Verdict => ({ mismatches, seen });

export const EXPECTATIONS: { [K in ExpectationName]: Expectation<K> } = {
  async linkStatus(step, run) {
    const browser = run.browser(step.persona);
    const status = ok(await hrmApi.getLinkStatus({ ...browser.client, host: await hrmOrigin(run) }));
    const seen: Record<string, unknown> = { ...status };
    if (step.banner !== undefined) {
      const shown = await browser.peek(`${await hrmOrigin(run)}${HRM_PATHS.accountSettings}`);
      seen.banner = (shown.page?.data as HrmShellData | undefined)?.showPreparationBanner;
    }
    const { persona: _p, expect: _e, title: _t, note: _n, ...expected } = step;
    return verdict(
      compare(expected, seen),
      `${status.status}${status.email ? ` (${status.email})` : ''}, ${status.attemptsLeft ?? '–'} tries left`,
    );
  },

  async user(step, run) {
    const admin = run.browser(step.persona);
    const row = await findUser(run, admin, step.user);
    const { persona: _p, expect: _e, title: _t, note: _n, user: _u, ...expected } = step;
    return verdict(compare(expected, { ...row }), `${row.name}: ${row.state}, Connect email ${row.connectEmail ?? '–'}`);
  },

  async mail(step, run) {
    const found = await mailsMatching(run, step.persona, step.subject, step.mailbox);
    const mismatches: string[] = [];
    const what = `mails${step.subject ? ` about “${step.subject}”` : ''} to ${step.mailbox ?? step.persona}`;
    if (step.count !== undefined ? found.length !== step.count : found.length === 0) {
      mismatches.push(`${what}: expected ${step.count ?? 'at least 1'}, saw ${found.length}`);
    }
    if (found[0] && (step.contains || step.notContains)) {
      const message = await readMail(run, step.persona, found[0].id);
      const text = `${message.subject}\n${message.text}`;
      for (const needle of step.contains ?? [])
        if (!text.includes(needle)) mismatches.push(`the newest mail “${message.subject}” does not say “${needle}”`);
      for (const needle of step.notContains ?? [])
        if (text.includes(needle)) mismatches.push(`the newest mail “${message.subject}” says “${needle}”`);
    }
    return verdict(mismatches, `${found.length} ${what}${found[0] ? `, newest “${found[0].subject}”` : ''}`);
  },

  async page(step, run) {
    const browser = run.browser(step.persona);
    const shown = browser.current;
    const mismatches: string[] = [];
    if (step.view !== undefined && shown?.page?.view !== step.view) mismatches.push(`view: expected ${step.view}, saw ${describe(shown)}`);
    if (step.url !== undefined && !shown?.url.startsWith(step.url))
      mismatches.push(`url: expected ${step.url}…, saw ${shown?.url ?? 'nothing'}`);
    const text = JSON.stringify(shown?.page?.data ?? shown?.problem ?? null);
    for (const needle of step.contains ?? []) if (!text.includes(needle)) mismatches.push(`the page does not show “${needle}”`);
    if (step.data !== undefined && !matches(step.data, shown?.page?.data)) mismatches.push(`data: expected ${JSON.stringify(step.data)}`);
    return verdict(mismatches, describe(shown));
  },

  async signedIn(step, run) {
    const browser = run.browser(step.persona);
    const start = { hrm: `${await hrmOrigin(run)}/`, expense: `${ORIGINS.expense}/`, connect: `${ORIGINS.connect}/account` }[step.app];
    const shown = await browser.peek(start);
    const inside = isSignedInPage(step.app, shown);
    const mismatches =
      inside === step.signedIn
        ? []
        : [`${step.app}: expected ${step.signedIn ? 'signed in' : 'signed out'}, the browser shows ${describe(shown)}`];
    return verdict(mismatches, `${step.app}: ${inside ? 'signed in' : 'signed out'} (${describe(shown)})`);
  },

  async audit(step, run) {
    const admin = run.browser(step.persona);
    let entries: Array<{ about: string[]; detail: string }>;
    if (step.system === 'hrm') {
      const subjectId = step.about === undefined ? undefined : (await findUser(run, admin, step.about)).id;
      const page = ok(
        await hrmApi.listAudit(admin.client, {
          type: step.type as AuditEntryType,
          ...(subjectId ? { userId: subjectId } : {}),
          limit: 200,
        }),
      );
      entries = page.entries.map((e) => ({ about: [e.subject?.id ?? '', e.actor?.id ?? ''], detail: e.detail }));
    } else {
      const category = (Object.keys(AUDIT_CATEGORIES) as AuditCategory[]).find((c) =>
        (AUDIT_CATEGORIES[c].types as readonly string[]).includes(step.type),
      );
      if (!category) throw new ScenarioFailure('unknown_type', `Connect's audit log has no entry type “${step.type}”`);
      const found = await connectAdminAudit(admin, step.about ?? '', category);
      entries = found.filter((e) => e.type === step.type).map((e) => ({ about: [e.email ?? ''], detail: e.detail }));
    }
    const found = entries.filter((e) => step.detail === undefined || e.detail.includes(step.detail));
    const what = `${step.system} audit entries “${step.type}”${step.about ? ` about ${step.about}` : ''}${step.detail ? ` saying “${step.detail}”` : ''}`;
    const wrong = step.count !== undefined ? found.length !== step.count : found.length === 0;
    return verdict(wrong ? [`${what}: expected ${step.count ?? 'at least 1'}, saw ${found.length}`] : [], `${found.length} ${what}`);
  },

  async phase(step, run) {
    const rollout = ok(await hrmApi.getRolloutAtEitherAddress({ network: run.host.network, initiator: 'stage' }));
    return verdict(rollout.phase === step.phase ? [] : [`phase: expected ${step.phase}, saw ${rollout.phase}`], rollout.phase);
  },

  async stage(step, run) {
    const rollout = ok(await hrmApi.getRolloutAtEitherAddress({ network: run.host.network, initiator: 'stage' }));
    return verdict(rollout.stage === step.stage ? [] : [`stage: expected ${step.stage}, saw ${rollout.stage}`], rollout.stage);
  },

  async connectAccounts(step, run) {
    const admin = run.browser(step.persona);
    const page = { users: await connectAdminUsers(admin, step.query) };
    const mismatches: string[] = [];
    if (step.count !== undefined && page.users.length !== step.count)
      mismatches.push(`accounts matching “${step.query}”: expected ${step.count}, saw ${page.users.length}`);
    if (step.count === undefined && page.users.length === 0) mismatches.push(`no account matches “${step.query}”`);
    const first = page.users[0];
    if (first && step.status !== undefined && first.status !== step.status)
      mismatches.push(`status: expected ${step.status}, saw ${first.status}`);
    if (first && step.apps !== undefined && !matches([...step.apps].sort(), [...first.apps].sort()))
      mismatches.push(`apps: expected ${step.apps.join(', ')}, saw ${first.apps.join(', ')}`);
    return verdict(
      mismatches,
      page.users.map((u) => `${u.email} (${u.status}; ${u.apps.join(', ') || 'no apps'})`).join('; ') || 'no accounts',
    );
  },

  async domain(step, run) {
    const admin = run.browser(step.persona);
    const list = await connectAdminDomains(admin);
    const found = list.find((d) => d.domain === step.domain);
    if (!found) return verdict([`Connect's Domains tab has no ${step.domain}`], list.map((d) => d.domain).join(', ') || 'no domains');
    const mismatches = compare(
      { status: step.status, lastCheck: step.lastCheck },
      { status: found.status, lastCheck: found.lastCheck?.code },
    );
    return verdict(mismatches, `${found.domain}: ${found.status}${found.lastCheck ? `, last check ${found.lastCheck.code}` : ''}`);
  },

  async integration(step, run) {
    const data = await integrationPage(run.browser(step.persona), step.integration);
    const configured = JSON.stringify(data.config);
    const last = data.runs[0] ?? null;
    const mismatches: string[] = [];
    if (step.configured !== undefined && !configured.includes(step.configured))
      mismatches.push(`configured: expected it to hold “${step.configured}”, saw ${configured}`);
    if ((step.lastStatus !== undefined || step.lastOk !== undefined || step.lastMessage !== undefined) && !last)
      mismatches.push('the run log is empty: nothing was called yet');
    if (last) {
      if (step.lastStatus !== undefined && last.status !== step.lastStatus)
        mismatches.push(`lastStatus: expected ${step.lastStatus}, saw ${last.status}`);
      if (step.lastOk !== undefined && last.ok !== step.lastOk) mismatches.push(`lastOk: expected ${step.lastOk}, saw ${last.ok}`);
      if (step.lastMessage !== undefined && !last.message.includes(step.lastMessage))
        mismatches.push(`lastMessage: expected it to hold “${step.lastMessage}”, saw “${last.message}”`);
    }
    return verdict(mismatches, last ? describeRun(last) : `${step.integration}: ${configured}, no calls yet`);
  },

  async integrationsChecklist(step, run) {
    // As the admin opens Integrations after the move (in another tab: the page on show stays).
    const shown = await run.browser(step.persona).peek(`${await hrmOrigin(run)}${HRM_INTEGRATION_PATHS.integrations}`);
    if (shown.page?.view !== HRM_INTEGRATION_VIEWS.integrations) {
      const why = shown.problem ? `${shown.problem.code}: ${shown.problem.message}` : describe(shown);
      throw new ScenarioFailure('wrong_page', `Integrations after the move did not open: ${why}`);
    }
    const { checklist } = shown.page.data as HrmIntegrationsPageData;
    const red = checklist.items.filter((i) => i.status === 'old').map((i) => i.client);
    const green = checklist.items.filter((i) => i.status === 'new').map((i) => i.client);
    const mismatches: string[] = [];
    if (step.allMoved !== undefined && checklist.allMoved !== step.allMoved)
      mismatches.push(`allMoved: expected ${step.allMoved}, saw ${checklist.allMoved}`);
    if (step.red !== undefined && !sameSet(step.red, red))
      mismatches.push(`red: expected ${JSON.stringify([...step.red].sort())}, saw ${JSON.stringify([...red].sort())}`);
    const notGreen = (step.green ?? []).filter((client) => !green.includes(client));
    if (notGreen.length > 0) mismatches.push(`green: ${notGreen.join(', ')} not green`);
    if (step.warning !== undefined && !checklist.warnings.some((w) => w.includes(step.warning!)))
      mismatches.push(`warning: none holds “${step.warning}” (${checklist.warnings.length} warnings)`);
    const seen = checklist.items.map((i) => `${i.client}: ${i.status === 'old' ? 'red' : i.status === 'new' ? 'green' : 'unseen'}`);
    return verdict(mismatches, [...seen, ...checklist.warnings].join('; ') || 'nothing called an old address since the move');
  },

  async timeclockDevice(step, run) {
    const device = ScenarioTimeclockDevice.find(run.host, step.device);
    const view = await device.view();
    const words = describeView(view);
    const mismatches = compare({ screen: step.screen, address: step.address }, { screen: view.screen, address: view.address });
    if (step.contains !== undefined && !words.includes(step.contains))
      mismatches.push(`contains: the screen does not show “${step.contains}”`);
    return verdict(mismatches, words);
  },

  async clock(step, run) {
    const now = run.host.clock.now();
    const at = Date.parse(step.at);
    return verdict(now === at ? [] : [`clock: expected ${step.at}, saw ${new Date(now).toISOString()}`], new Date(now).toISOString());
  },
};

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
}

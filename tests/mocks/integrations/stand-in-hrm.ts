// Owns a stand-in for the HRM's side of the integrations in these tests, as the wire between them is fixed: the public
// REST API at the old and the new address (the old one forwarding, then gone), the schedule feeds (the old path
// redirecting, then gone) and the SMS callback (the old one refused after the move). A test moves it through the
// stages; it records what reached it. Put in front of the workspace's handlers.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { HRM_NEW_ORIGINS, ORIGINS } from '../../../src/contracts/origins';
import type { TestBrowser, TestWorld } from '../../support/harness';

export type Stage = 'before' | 'forwarding' | 'ended';

const OLD = ORIGINS.hrm;
const API = HRM_NEW_ORIGINS.api;
const WEB = HRM_NEW_ORIGINS.web;

export const EMPLOYEES = [
  { employeeNumber: '10001', name: 'Anna Svensson', department: 'Finance', title: 'Payroll Specialist' },
  { employeeNumber: '10002', name: 'Karin Berg', department: 'HR', title: 'HR Systems Administrator' },
];

/** RFC 5545 §3.6.1: a schedule of `events` shifts, with a folded line (§3.1) to read through. */
export function schedule(events: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Stand-in HRM//Schedule//EN'];
  for (let i = 0; i < events; i++)
    lines.push(
      'BEGIN:VEVENT',
      `UID:shift-${i}@hrm.test`,
      'DTSTAMP:20260301T080000Z',
      `DTSTART:2026030${i + 2}T070000Z`,
      `DTEND:2026030${i + 2}T150000Z`,
      'SUMMARY:Day shift at the warehouse, a long summary folded onto',
      ' a second line',
      'END:VEVENT',
    );
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

export interface Received {
  method: string;
  url: string;
  body: unknown;
  authorization: string | null;
}

export class StandInHrm {
  stage: Stage = 'before';
  readonly received: Received[] = [];
  readonly #world: TestWorld;

  constructor(world: TestWorld) {
    this.#world = world;
  }

  install(): () => void {
    const network = this.#world.workspace.network;
    network.setHandlers([...this.handlers(), ...this.#world.workspace.handlers()]);
    return () => network.setHandlers(this.#world.workspace.handlers());
  }

  async #record(request: Request): Promise<unknown> {
    const text = await request.clone().text();
    const body = text ? JSON.parse(text) : null;
    this.received.push({ method: request.method, url: request.url, body, authorization: request.headers.get('authorization') });
    return body;
  }

  #api(resource: 'employees' | 'travel-expenses', forwarded: boolean) {
    return async ({ request }: { request: Request }) => {
      const body = await this.#record(request);
      if (request.headers.get('authorization') !== 'Bearer hrm-api-key-demo-payroll-export')
        return HttpResponse.json({ code: 'unauthenticated', message: 'The API key is not valid.' }, { status: 401 });
      const headers: Record<string, string> = forwarded
        ? { deprecation: '@1774854000', link: `<${API}/v1/${resource}>; rel="successor-version"` }
        : {};
      if (resource === 'employees') return HttpResponse.json(EMPLOYEES, { headers });
      return HttpResponse.json({ id: 'exp_1', ...(body as object) }, { status: 201, headers });
    };
  }

  handlers(): RequestHandler[] {
    const gone = (message: string) =>
      HttpResponse.json({ status: 410, code: 'gone', message }, { status: 410, headers: { 'content-type': 'application/problem+json' } });
    return [
      http.all(`${OLD}/api/v1/:resource`, async (info) => {
        const resource = info.params['resource'] as 'employees' | 'travel-expenses';
        if (this.stage === 'ended') {
          await this.#record(info.request);
          return gone(`https://hrm.test/api/v1 is no longer in use. Call https://api.hrm.test/v1/${resource} instead.`);
        }
        return this.#api(resource, this.stage === 'forwarding')(info);
      }),
      http.all(`${API}/v1/:resource`, async (info) => {
        if (this.stage === 'before')
          return gone('api.hrm.test is not in use yet for this customer: it is from the cutover on 30 Mar 2026.');
        return this.#api(info.params['resource'] as 'employees' | 'travel-expenses', false)(info);
      }),
      http.get(`${OLD}/Calendar/:file`, ({ params }) => {
        const token = String(params['file']).replace(/\.ics$/, '');
        if (this.stage === 'before') return new HttpResponse(schedule(3), { headers: { 'content-type': 'text/calendar' } });
        if (this.stage === 'forwarding')
          return new HttpResponse(null, { status: 302, headers: { location: `${WEB}/calendar/${token}/schedule.ics` } });
        return new HttpResponse('This calendar address is no longer in use. Subscribe again with the link from My Profile.', {
          status: 410,
          headers: { 'content-type': 'text/plain' },
        });
      }),
      http.get(
        `${WEB}/calendar/:token/schedule.ics`,
        () => new HttpResponse(schedule(4), { headers: { 'content-type': 'text/calendar' } }),
      ),
      http.post(`${OLD}/ShiftRequest/SmsCallback/:secret`, async ({ request }) => {
        await this.#record(request);
        if (this.stage === 'before') return HttpResponse.json({ accepted: true });
        return gone(
          'This callback address is no longer in use. Set the callback URL to https://api.hrm.test/v1/sms/callback/ip1-callback-demo.',
        );
      }),
      http.post(`${API}/v1/sms/callback/:secret`, async ({ request }) => {
        await this.#record(request);
        return HttpResponse.json({ accepted: true });
      }),
    ];
  }
}

export const KARIN = { email: 'karin.berg@company.com', password: 'integrations-karin-1' };
export const INTEGRATIONS = ORIGINS.integrations;

/** Karin's browser, signed in to the integrations console. */
export async function signedIn(world: TestWorld, name = 'karin'): Promise<TestBrowser> {
  const browser = world.browser(name);
  const response = await browser.api(`${INTEGRATIONS}/api/session`, { body: KARIN });
  if (response.status !== 200) throw new Error(`Sign-in failed: ${response.status} ${await response.text()}`);
  return browser;
}

/** A console page as the browser gets it: its view and data, after any redirects. */
export async function openPage<T>(browser: TestBrowser, path: string): Promise<{ view: string; data: T; url: string }> {
  const result = await browser.navigate(`${INTEGRATIONS}${path}`);
  if (result.outcome.kind !== 'page') throw new Error(`${path}: ${result.outcome.problem.message}`);
  return { view: result.outcome.page.view, data: result.outcome.page.data as T, url: result.url };
}

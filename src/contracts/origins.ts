// Owns the virtual origins of the simulated servers. Hosts sit under the reserved .test TLD (RFC 6761),
// so nothing here can ever resolve on the real network.

export const ORIGINS = {
  hrm: 'https://hrm.test',
  connect: 'https://connect.test',
  mail: 'https://mail.test',
  /** The DNS provider: its console, its public resolver (/resolve) and the web host of its customers' domains. */
  dns: 'https://dns.test',
  /** Connected applications that sign in with Connect and have no simulated server of their own (yet). */
  expense: 'https://expense.test',
  playground: 'https://playground.test',
  /** The organisations' own identity providers, which Connect brokers single sign-on to (R20, R24). */
  entra: 'https://entra.test',
  google: 'https://google.test',
  okta: 'https://okta.test',
  ping: 'https://ping.test',
  /** The customer's integrations with the HRM: an API client, a calendar app, an SMS provider and a file server (R18). */
  integrations: 'https://integrations.test',
} as const;

export type ServerName = keyof typeof ORIGINS;

/**
 * The HRM's shared addresses after the move (R18). Before it each customer has its own address, ORIGINS.hrm, serving
 * the web app, mobile, the API and the Timeclock; from the cutover everyone uses these, served by the same HRM server.
 */
export const HRM_NEW_ORIGINS = {
  web: 'https://web.hrm.test',
  mobile: 'https://mobile.hrm.test',
  timeclock: 'https://timeclock.hrm.test',
  api: 'https://api.hrm.test',
} as const;

export type HrmAddress = keyof typeof HRM_NEW_ORIGINS;

const HRM_NEW = new Set<string>(Object.values(HRM_NEW_ORIGINS));

export function serverOf(url: string): ServerName | undefined {
  const origin = new URL(url).origin;
  if (HRM_NEW.has(origin)) return 'hrm';
  return (Object.keys(ORIGINS) as ServerName[]).find((name) => ORIGINS[name] === origin);
}

/**
 * The HRM's outbound address, as the systems it calls see it (RFC 7239 `Forwarded: for=…` on its requests): it changes
 * with the move, so a customer's allow-list that names only the old one refuses it (R18). Documentation ranges
 * (RFC 5737), never routable.
 */
export const HRM_OUTBOUND_IP = { old: '192.0.2.24', new: '198.51.100.189' } as const;

/** ORIGINS.integrations, by the name the HRM's outbound calls use. */
export const INTEGRATIONS_ORIGIN = ORIGINS.integrations;

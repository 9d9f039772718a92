// Owns what the stage says after a navigation in a persona's browser: "<site> — <page title>", read out politely, as a
// screen reader announces a new document's title in a real browser.
import { serverOf, type ServerName } from '../../contracts/origins';

const SITE_NAMES: Record<ServerName, string> = {
  hrm: 'HRM',
  connect: 'Connect',
  mail: 'Mail',
  dns: 'DNS provider',
  expense: 'Expense',
  playground: 'Playground',
  entra: 'Entra ID',
  google: 'Google',
  okta: 'Okta',
  ping: 'Ping Identity',
  integrations: 'Integrations console',
};

/** The site a virtual address belongs to, by name; the host for an address no server answers. */
export function siteName(url: string): string {
  try {
    const server = serverOf(url);
    return server ? SITE_NAMES[server] : new URL(url).host;
  } catch {
    return url;
  }
}

/** What the live region says once a new page is on show: "Connect — Log in to Connect". */
export function pageAnnouncement(url: string, title: string): string {
  const site = siteName(url);
  return title ? `${site} — ${title}` : site;
}

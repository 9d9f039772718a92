// Owns how the x-ray names and colours the parties of a flow by their origin: the applications, Connect, and the
// organisations' identity providers (each with its own name and colour); any other host is named by itself.
import { IDP_DISPLAY_NAMES, IDP_NAMES } from '../../contracts/idp';
import { ORIGINS, type ServerName } from '../../contracts/origins';

const NAMES: Partial<Record<ServerName, string>> = {
  hrm: 'HRM',
  connect: 'Connect',
  expense: 'Expense',
  playground: 'Playground',
  mail: 'Mail',
  dns: 'DNS',
  integrations: 'Integrations',
  ...Object.fromEntries(IDP_NAMES.map((idp) => [idp, IDP_DISPLAY_NAMES[idp]])),
};

const COLOURS: Partial<Record<ServerName, string>> = {
  hrm: '#2f6f4f',
  connect: '#3b4cca',
  expense: '#8a5a00',
  playground: '#6b4f9a',
  integrations: '#24344d',
  entra: '#0067b8',
  google: '#c5221f',
  okta: '#00297a',
  ping: '#b3282d',
};

function serverNameOf(url: string): ServerName | undefined {
  try {
    const origin = new URL(url).origin;
    return (Object.keys(ORIGINS) as ServerName[]).find((name) => ORIGINS[name] === origin);
  } catch {
    return undefined;
  }
}

/** "Entra ID" for https://entra.test/…, "Connect" for https://connect.test/…, the host for any other origin. */
export function partyName(url: string): string {
  const server = serverNameOf(url);
  if (server && NAMES[server]) return NAMES[server];
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The party's colour (a CSS colour), grey for a host the simulation does not run. */
export function partyColour(url: string): string {
  const server = serverNameOf(url);
  return (server && COLOURS[server]) ?? '#5f6b7a';
}

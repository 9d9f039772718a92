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
} as const;

export type ServerName = keyof typeof ORIGINS;

export function serverOf(url: string): ServerName | undefined {
  const origin = new URL(url).origin;
  return (Object.keys(ORIGINS) as ServerName[]).find((name) => ORIGINS[name] === origin);
}

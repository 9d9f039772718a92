// Owns the admin console's pages: each answers a navigation with its view and data, sends a signed-out visitor to the
// provider's login and back, and shows a signed-in user who does not administer the directory why they cannot.
import {
  IDP_CONSOLE_PATHS,
  IDP_CONSOLE_VIEWS,
  IDP_CONSOLE_WORDS,
  type ConsoleApplicationPageData,
  type ConsoleApplicationsPageData,
  type ConsoleForbiddenPageData,
  type ConsoleShellData,
  type ConsoleSignInsPageData,
  type ConsoleUsersPageData,
} from '../../../../src/contracts/idp-console';
import { IDP_DISPLAY_NAMES } from '../../../../src/contracts/idp';
import { page, redirect } from '../../http';
import type { IdpUserRow } from '../db';
import { directory, now, type IdpEnv } from '../env';
import { activityLines, listApplicationViews, signInLines, type Params } from './api';
import { consoleVisitor, signInPath } from './session';
import { userView } from './views';

type Shown = (env: IdpEnv, shell: ConsoleShellData, params: Params) => Promise<Response>;

async function shellOf(env: IdpEnv, admin: IdpUserRow): Promise<ConsoleShellData> {
  const tenant = await directory(env);
  return {
    brand: { idp: env.brand.idp, displayName: IDP_DISPLAY_NAMES[env.brand.idp], tenantName: tenant?.name ?? '' },
    admin: { username: admin.username, name: admin.name },
    now: now(env),
  };
}

function title(env: IdpEnv, part: string): string {
  return `${part} · ${IDP_CONSOLE_WORDS[env.brand.idp].console}`;
}

/** A console page for administrators only. */
export function consolePage(shown: Shown) {
  return async (env: IdpEnv, request: Request, params: Params): Promise<Response> => {
    const visitor = await consoleVisitor(env, request);
    const url = new URL(request.url);
    if (visitor.kind === 'signed_out') return redirect(signInPath(`${url.pathname}${url.search}`));
    if (visitor.kind === 'not_admin') {
      const tenant = await directory(env);
      const data: ConsoleForbiddenPageData = {
        brand: { idp: env.brand.idp, displayName: IDP_DISPLAY_NAMES[env.brand.idp], tenantName: tenant?.name ?? '' },
        username: visitor.user.username,
      };
      return page(IDP_CONSOLE_VIEWS.forbidden, title(env, 'No access'), data, { status: 403 });
    }
    return shown(env, await shellOf(env, visitor.user), params);
  };
}

export const consoleRoot = consolePage(async () => redirect(IDP_CONSOLE_PATHS.applications));

export const usersPage = consolePage(async (env, shell) => {
  const users = (await env.db.users.orderBy('username').toArray()).map(userView);
  return page<ConsoleUsersPageData>(IDP_CONSOLE_VIEWS.users, title(env, IDP_CONSOLE_WORDS[env.brand.idp].users), { ...shell, users });
});

export const applicationsPage = consolePage(async (env, shell) =>
  page<ConsoleApplicationsPageData>(IDP_CONSOLE_VIEWS.applications, title(env, IDP_CONSOLE_WORDS[env.brand.idp].applications), {
    ...shell,
    applications: await listApplicationViews(env),
  }),
);

export const applicationPage = consolePage(async (env, shell, params) => {
  const clientId = typeof params.clientId === 'string' ? params.clientId : '';
  const application = (await listApplicationViews(env)).find((a) => a.clientId === clientId);
  if (!application) return redirect(IDP_CONSOLE_PATHS.applications);
  return page<ConsoleApplicationPageData>(IDP_CONSOLE_VIEWS.application, title(env, application.name), { ...shell, application });
});

export const signInsPage = consolePage(async (env, shell) =>
  page<ConsoleSignInsPageData>(IDP_CONSOLE_VIEWS.signIns, title(env, IDP_CONSOLE_WORDS[env.brand.idp].signIns), {
    ...shell,
    signIns: await signInLines(env, {}),
    activity: await activityLines(env),
  }),
);

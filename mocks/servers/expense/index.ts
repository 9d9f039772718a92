// Owns the Expense simulated server (expense.test): a second application signing in through Connect.
import { http } from 'msw';
import { EXPENSE_API, EXPENSE_PATHS } from '../../../src/contracts/expense';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { route } from '../../shared/route';
import type { ServerContext, SimulatedServer } from '../../shared/server';
import { callback, homePage, logout, notFound, startLogin, type ExpenseEnv } from './app';
import { ExpenseDb } from './db';

export function createExpenseServer(ctx: ServerContext): SimulatedServer {
  const db = new ExpenseDb(ctx.workspaceId);
  const env: ExpenseEnv = { db, ctx };
  const at =
    (endpoint: (env: ExpenseEnv, request: Request) => Promise<Response>) =>
    ({ request }: { request: Request }) =>
      endpoint(env, request);
  const EXPENSE = ORIGINS.expense;
  return {
    name: 'expense',
    handlers: [
      refuseCrossSiteChanges({ origin: EXPENSE, name: 'Expense' }),
      http.get(`${EXPENSE}${EXPENSE_PATHS.home}`, at(homePage)),
      route(EXPENSE_API.startLogin, at(startLogin)),
      route(EXPENSE_API.callback, at(callback)),
      http.get(`${EXPENSE}${EXPENSE_PATHS.logout}`, at(logout)),
      http.all(`${EXPENSE}/*`, at(notFound)),
    ],
    seed: async () => {
      await db.transaction('rw', db.sessions, db.authRequests, () => Promise.all([db.sessions.clear(), db.authRequests.clear()]));
    },
    close: () => db.close(),
  };
}

// Owns the Expense app's wire (expense.test): a second application that logs in through Connect, so single sign-on
// and a block that ends access everywhere (R25) can be seen in another system than the HRM.
import { endpointTable } from './endpoint';
import { ORIGINS } from './origins';

export const EXPENSE_PATHS = {
  home: '/',
  login: '/auth/login',
  callback: '/auth/callback',
  logout: '/logout',
} as const;

/**
 * Signing in through Connect (OpenID Connect's authorization code flow with PKCE, as a public client): navigations of
 * the browser, answered with redirects. Its pages are EXPENSE_PATHS.
 */
export const EXPENSE_API = endpointTable(ORIGINS.expense, {
  startLogin: {
    method: 'GET',
    path: EXPENSE_PATHS.login,
    summary: "Sends the browser to Connect's authorization endpoint; a browser with a Connect session comes straight back signed in.",
  },
  callback: {
    method: 'GET',
    path: EXPENSE_PATHS.callback,
    summary:
      "The redirect_uri: Connect's answer becomes a session and a redirect to the receipts, or the welcome page saying the sign-in did not finish.",
  },
});

export const EXPENSE_VIEWS = {
  home: 'expense/home',
  welcome: 'expense/welcome',
  notFound: 'expense/not-found',
} as const;

export interface ExpenseReceipt {
  date: string;
  description: string;
  amount: number;
  status: 'draft' | 'submitted' | 'approved';
}

export interface ExpenseHomePageData {
  name: string;
  email: string | null;
  receipts: ExpenseReceipt[];
}

export interface ExpenseWelcomePageData {
  /** Why the visitor is signed out, when they were signed in a moment ago, or why a sign-in did not finish. */
  message: string | null;
}

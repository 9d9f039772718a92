// Owns the Expense app's wire (expense.test): a second application that logs in through Connect, so single sign-on
// and a block that ends access everywhere (R25) can be seen in another system than the HRM.

export const EXPENSE_PATHS = {
  home: '/',
  login: '/auth/login',
  callback: '/auth/callback',
  logout: '/logout',
} as const;

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

// Owns the wire of the customer's integrations server (integrations.test): the console's pages and API bodies, the SMS
// provider's and the file server's endpoints the HRM calls, and their error codes (R18).
import { endpointTable, shape } from './endpoint';
import { ORIGINS } from './origins';

/** The four integrations, each by the id its console page and its API path use. */
export const INTEGRATION_IDS = ['payroll-export', 'calendar-app', 'sms', 'file-server'] as const;
export type IntegrationId = (typeof INTEGRATION_IDS)[number];

export const INTEGRATIONS_PATHS = {
  root: '/',
  login: '/login',
  logout: '/logout',
  overview: '/integrations',
} as const;

export function integrationPath(id: IntegrationId): string {
  return `${INTEGRATIONS_PATHS.overview}/${id}`;
}

export const INTEGRATIONS_VIEWS = {
  login: 'integrations/login',
  overview: 'integrations/overview',
  apiClient: 'integrations/api-client',
  calendar: 'integrations/calendar',
  sms: 'integrations/sms',
  fileServer: 'integrations/file-server',
  notFound: 'integrations/not-found',
} as const;

/** The Payroll export runs every day at this hour, UTC world time. */
export const API_CLIENT_RUN_HOUR_UTC = 6;
/** The calendar app refreshes its subscriptions this often (world time). */
export const CALENDAR_REFRESH_HOURS = 6;

export interface IntegrationsAccountView {
  email: string;
  name: string;
}

/** One call an integration made or received, as its run log shows it. */
export interface RunLogEntry {
  seq: number;
  /** Calls of one run share it: a Payroll export run's GET and POST, a calendar refresh's two feeds. */
  runId: string;
  at: number;
  trigger: 'schedule' | 'manual' | 'reply' | 'inbound';
  method: string;
  url: string;
  /** The HTTP status of the answer; null when no server answered. */
  status: number | null;
  ok: boolean;
  /** What happened, in the log's words, with the server's own message verbatim where it gave one. */
  message: string;
  /** Redirects followed ("redirected to …"), forwarding headers of the answer (Deprecation, Link), the body sent. */
  details: string[];
}

export interface ApiClientConfig {
  name: string;
  baseUrl: string;
  apiKey: string;
}

export interface CalendarSubscription {
  personName: string;
  url: string;
  /** VEVENT components in the last feed read; null before the first good refresh. */
  events: number | null;
  lastRefreshAt: number | null;
  /** The last refresh's failure, verbatim; null when it worked. */
  lastError: string | null;
  /** The feed's validator from its last good answer, sent back as If-None-Match (RFC 9110 §13.1.2); absent or null: none. */
  etag?: string | null;
}

export interface CalendarConfig {
  name: string;
  subscriptions: CalendarSubscription[];
}

export interface SmsConfig {
  name: string;
  callbackUrl: string;
}

export interface FileServerConfig {
  name: string;
  allowList: string[];
}

export interface SmsMessage {
  id: string;
  to: string;
  text: string;
  reference: string;
  receivedAt: number;
  /** The employee's reply, once sent to the callback URL. */
  reply: 'YES' | 'NO' | null;
}

export interface ReceivedFile {
  fileName: string;
  size: number;
  /** Data rows, header line not counted. */
  rows: number;
  receivedAt: number;
  from: string;
}

interface Versioned {
  /** Increases with every change; an edit names the version it started from, and a newer one refuses it (409). */
  version: number;
}

export interface IntegrationsShellData {
  account: IntegrationsAccountView;
}

export interface IntegrationSummary {
  id: IntegrationId;
  name: string;
  kind: string;
  /** What it is configured to call or accept, in one line. */
  configured: string;
  lastRun: RunLogEntry | null;
}

export interface IntegrationsLoginPageData {
  returnTo: string;
  /** False when this customer has no integrations set up. */
  configured: boolean;
}

export interface IntegrationsOverviewPageData extends IntegrationsShellData {
  integrations: IntegrationSummary[];
}

interface IntegrationPage extends IntegrationsShellData, Versioned {
  runs: RunLogEntry[];
  now: number;
}

export interface ApiClientPageData extends IntegrationPage {
  config: ApiClientConfig;
  nextRunAt: number;
}

export interface CalendarPageData extends IntegrationPage {
  config: CalendarConfig;
  nextRefreshAt: number;
}

export interface SmsPageData extends IntegrationPage {
  config: SmsConfig;
  messages: SmsMessage[];
}

export interface FileServerPageData extends IntegrationPage {
  config: FileServerConfig;
  files: ReceivedFile[];
}

export interface IntegrationsNotFoundPageData {
  path: string;
  message: string;
}

export interface IntegrationsLoginRequest {
  email: string;
  password: string;
}

export interface ApiClientInput extends Versioned {
  baseUrl: string;
  apiKey: string;
}

export interface CalendarInput extends Versioned {
  /** The feed address of each subscription, in the order the console lists them. */
  urls: string[];
}

export interface SmsInput extends Versioned {
  callbackUrl: string;
}

export interface AllowListInput extends Versioned {
  address: string;
}

/** What a run answers: the calls it made, in order. */
export interface RunResult {
  runId: string;
  entries: RunLogEntry[];
}

export interface SmsReplyInput {
  answer: 'YES' | 'NO';
}

/** POST /sms/messages, as the HRM sends a shift request. */
export interface SmsSendRequest {
  to: string;
  text: string;
  reference: string;
}

/** What the SMS provider posts to the callback URL when an employee answers. */
export interface SmsCallbackBody {
  reference: string;
  from: string;
  text: string;
  /** RFC 3339, UTC. */
  receivedAt: string;
}

export type IntegrationsErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'not_found'
  | 'not_configured'
  | 'stale_edit'
  | 'url_invalid'
  | 'api_key_invalid'
  | 'address_invalid'
  | 'address_listed'
  | 'to_invalid'
  | 'text_invalid'
  | 'reference_invalid'
  | 'already_replied'
  | 'source_unknown'
  | 'source_not_allowed'
  | 'file_name_invalid'
  | 'content_invalid';

const CONSOLE: IntegrationsErrorCode[] = ['unauthenticated', 'not_configured'];
const EDIT: IntegrationsErrorCode[] = [...CONSOLE, 'invalid_request', 'stale_edit'];

/** The console's API (integrations.test/api/*), and what the HRM calls: the SMS provider and the file server's inbox. */
export const INTEGRATIONS_API = endpointTable(ORIGINS.integrations, {
  login: {
    method: 'POST',
    path: '/api/session',
    summary: 'Signs in to the console; ?return_to=/path. Answers {redirectTo} and the session cookie.',
    request: shape<IntegrationsLoginRequest>(),
    response: shape<{ redirectTo?: string }>(),
    errors: ['invalid_request', 'invalid_credentials'],
  },
  logout: { method: 'DELETE', path: '/api/session', summary: 'Signs out.', response: shape<{ redirectTo?: string }>() },
  updateApiClient: {
    method: 'PUT',
    path: '/api/integrations/payroll-export',
    summary: "Changes the Payroll export's base URL and API key.",
    request: shape<ApiClientInput>(),
    response: shape<ApiClientConfig & Versioned>(),
    errors: [...EDIT, 'url_invalid', 'api_key_invalid'],
  },
  runApiClient: {
    method: 'POST',
    path: '/api/integrations/payroll-export/runs',
    summary: 'Runs the Payroll export now: GET employees, POST one travel expense.',
    response: shape<RunResult>(),
    errors: CONSOLE,
  },
  updateCalendar: {
    method: 'PUT',
    path: '/api/integrations/calendar-app',
    summary: "Changes the calendar app's feed addresses ({urls}, one per subscription).",
    request: shape<CalendarInput>(),
    response: shape<CalendarConfig & Versioned>(),
    errors: [...EDIT, 'url_invalid'],
  },
  refreshCalendar: {
    method: 'POST',
    path: '/api/integrations/calendar-app/runs',
    summary: 'Refreshes every calendar subscription now.',
    response: shape<RunResult>(),
    errors: CONSOLE,
  },
  updateSms: {
    method: 'PUT',
    path: '/api/integrations/sms',
    summary: "Changes the SMS provider's callback URL.",
    request: shape<SmsInput>(),
    response: shape<SmsConfig & Versioned>(),
    errors: [...EDIT, 'url_invalid'],
  },
  replySms: {
    method: 'POST',
    path: '/api/integrations/sms/messages/:id/reply',
    summary: "Answers a message as its recipient ({answer: 'YES'|'NO'}): posts the reply to the callback URL.",
    request: shape<SmsReplyInput>(),
    response: shape<RunResult>(),
    errors: [...CONSOLE, 'invalid_request', 'not_found', 'already_replied'],
  },
  addAllowedAddress: {
    method: 'POST',
    path: '/api/integrations/file-server/allow-list',
    summary: "Adds an IPv4 or IPv6 address to the file server's allow-list.",
    request: shape<AllowListInput>(),
    response: shape<FileServerConfig & Versioned>(),
    errors: [...EDIT, 'address_invalid', 'address_listed'],
  },
  removeAllowedAddress: {
    method: 'DELETE',
    path: '/api/integrations/file-server/allow-list/:address',
    summary: 'Removes an address from the allow-list; ?version= the version the console showed.',
    response: shape<FileServerConfig & Versioned>(),
    errors: [...EDIT, 'not_found'],
  },
  sendSms: {
    method: 'POST',
    path: '/sms/messages',
    summary: 'Sends an SMS ({to, text, reference}); 202 {id}.',
    request: shape<SmsSendRequest>(),
    response: shape<{ id: string }>(),
    errors: ['invalid_request', 'not_configured', 'to_invalid', 'text_invalid', 'reference_invalid'],
  },
  receiveFile: {
    method: 'POST',
    path: '/file-server/inbox/:fileName',
    summary: 'Receives a CSV file from an address on the allow-list (RFC 7239 Forwarded: for=); 201.',
    requestType: 'text/csv',
    response: shape<ReceivedFile>(),
    errors: ['not_configured', 'source_unknown', 'source_not_allowed', 'file_name_invalid', 'content_invalid'],
  },
});

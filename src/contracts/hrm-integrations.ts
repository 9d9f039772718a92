// Owns the wire of the HRM's integrations (R18): its public REST API at the new address (api.hrm.test) and at the old
// one (hrm.test/api/v1), API clients and their keys, the scheduled file export to the customer's file server, and the
// "Integrations after the move" checklist, with their endpoint tables, page paths and views.
import { endpointTable, shape } from './endpoint';
import type { HrmShellData } from './hrm';
import { HRM_NEW_ORIGINS, HRM_OUTBOUND_IP, ORIGINS } from './origins';

export const HRM_INTEGRATION_PATHS = {
  apiClients: '/general/api-clients',
  integrations: '/general/integrations',
} as const;

export const HRM_INTEGRATION_VIEWS = {
  apiClients: 'hrm/api-clients',
  integrations: 'hrm/integrations',
} as const;

/** The public API's base before the move (the customer's own host) and after it (the shared API host). */
export const PUBLIC_API_BASE = {
  old: `${ORIGINS.hrm}/api/v1`,
  new: `${HRM_NEW_ORIGINS.api}/v1`,
} as const;

/** One employee as the public API lists them. */
export interface PublicEmployee {
  employeeNumber: string;
  name: string;
  department: string;
  title: string;
}

/** What an API client sends to report a travel expense. */
export interface TravelExpenseRequest {
  employeeNumber: string;
  /** The day of the expense, YYYY-MM-DD. */
  date: string;
  amount: number;
  /** ISO 4217 code, e.g. SEK. */
  currency: string;
  description: string;
}

/** A travel expense report as stored. */
export interface TravelExpenseReport extends TravelExpenseRequest {
  id: string;
  employeeName: string;
  receivedAt: number;
  /** The API client that sent it, by name. */
  client: string;
  /** Which address it was sent to: the old one (answered or forwarded) or the new one. */
  address: 'old' | 'new';
}

export interface ApiClientSummary {
  id: string;
  name: string;
  /** The key's first characters, enough to recognise it; the key itself is never shown again. */
  keyPrefix: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface CreateApiClientRequest {
  name: string;
}

/** A new client with its key: shown once. */
export interface CreatedApiClient {
  client: ApiClientSummary;
  key: string;
}

export interface ApiClientsAnswer {
  clients: ApiClientSummary[];
  /** The newest travel expense reports received through the API. */
  recentReports: TravelExpenseReport[];
}

export interface FileExportRun {
  id: string;
  number: number;
  at: number;
  trigger: 'schedule' | 'manual';
  /** Where the file went. */
  url: string;
  /** The HRM's source address the file server saw (RFC 7239 Forwarded). */
  sourceAddress: string;
  outcome: 'ok' | 'refused' | 'failed';
  /** The file server's answer in its own words when refused or failed; null when stored. */
  message: string | null;
}

export interface FileExportSettings {
  /** The folder URL files are posted to, ending in "/"; null: no file export. */
  targetUrl: string | null;
  /** Who receives the files, as the checklist names it. */
  fileServerName: string;
  /** Increases with every save: a save from a stale page is refused. */
  version: number;
  /** When the next scheduled run is (daily at 02:00 UTC); null without a target. */
  nextRunAt: number | null;
  runs: FileExportRun[];
}

export interface SaveFileExportRequest {
  targetUrl: string | null;
  /** The version the page showed. */
  version: number;
}

export type IntegrationCallKind = 'api' | 'calendar' | 'smsCallback' | 'shiftRequestLink' | 'fileExport' | 'timeclock' | 'mobile';

/** red: still calls an old address since the move; green: moved to the new one; unseen: not seen since the move. */
export type ChecklistStatus = 'old' | 'new' | 'unseen';

export interface ChecklistItem {
  kind: IntegrationCallKind;
  client: string;
  status: ChecklistStatus;
  lastSeenAt: number;
  /** Where it was last seen. */
  address: 'old' | 'new';
  /** What its last call got, in words. */
  lastOutcome: string;
  /** What to change, with the exact new address or the address to allow. */
  change: string;
}

/** Before the move: what will change for each kind of integration. */
export interface PlannedChange {
  kind: IntegrationCallKind | 'web';
  what: string;
  newAddress: string;
}

export interface IntegrationsChecklist {
  moved: boolean;
  activatedAt: number | null;
  planned: PlannedChange[];
  items: ChecklistItem[];
  warnings: string[];
  /** Every item is green (or nothing called an old address since the move). */
  allMoved: boolean;
}

export interface HrmApiClientsPageData extends HrmShellData {
  clients: ApiClientsAnswer;
  fileExport: FileExportSettings;
}

export interface HrmIntegrationsPageData extends HrmShellData {
  checklist: IntegrationsChecklist;
}

export type PublicApiProblemCode =
  | 'api_key_missing'
  | 'api_key_unknown'
  | 'api_key_revoked'
  | 'address_not_in_use'
  | 'old_address_gone'
  | 'invalid_request'
  | 'employee_unknown';

export type IntegrationsProblemCode =
  'unauthenticated' | 'forbidden' | 'invalid_request' | 'not_found' | 'name_taken' | 'already_revoked' | 'stale_write' | 'file_export_off';

const KEY_ERRORS = ['api_key_missing', 'api_key_unknown', 'api_key_revoked'] as const satisfies readonly PublicApiProblemCode[];

const publicSpecs = (prefix: string, gone: boolean) =>
  ({
    listEmployees: {
      method: 'GET',
      path: `${prefix}/employees`,
      summary: 'Every employee: number, name, department and title; Bearer API key.',
      response: shape<PublicEmployee[]>(),
      errors: gone ? [...KEY_ERRORS, 'old_address_gone'] : [...KEY_ERRORS, 'address_not_in_use'],
    },
    submitTravelExpense: {
      method: 'POST',
      path: `${prefix}/travel-expenses`,
      summary: 'Reports a travel expense of an employee; 201 with the stored report; Bearer API key.',
      request: shape<TravelExpenseRequest>(),
      response: shape<TravelExpenseReport>(),
      errors: gone
        ? [...KEY_ERRORS, 'old_address_gone', 'invalid_request', 'employee_unknown']
        : [...KEY_ERRORS, 'address_not_in_use', 'invalid_request', 'employee_unknown'],
    },
  }) as const;

/** The public API at the new address, from the move (R18). */
export const HRM_PUBLIC_API = endpointTable(HRM_NEW_ORIGINS.api, publicSpecs('/v1', false));

const oldPublic = publicSpecs('/api/v1', true);

/** The old public API address and the admin's integration settings, on the customer's own host. */
export const HRM_INTEGRATIONS_API = endpointTable(ORIGINS.hrm, {
  oldListEmployees: {
    ...oldPublic.listEmployees,
    summary: 'The public API at the old address: answers before the move, forwards while forwarding runs, then 410.',
  },
  oldSubmitTravelExpense: {
    ...oldPublic.submitTravelExpense,
    summary: 'Reports a travel expense at the old address: answers before the move, forwards while forwarding runs, then 410.',
  },
  listApiClients: {
    method: 'GET',
    path: '/api/api-clients',
    summary: 'The API clients and the newest travel expense reports received; administrators.',
    response: shape<ApiClientsAnswer>(),
    errors: ['unauthenticated', 'forbidden'],
  },
  createApiClient: {
    method: 'POST',
    path: '/api/api-clients',
    summary: 'Creates an API client; 201 with its key, shown this once.',
    request: shape<CreateApiClientRequest>(),
    response: shape<CreatedApiClient>(),
    errors: ['unauthenticated', 'forbidden', 'invalid_request', 'name_taken'],
  },
  revokeApiClient: {
    method: 'DELETE',
    path: '/api/api-clients/:id',
    summary: 'Revokes an API client’s key: its calls are refused from now on.',
    response: shape<ApiClientSummary>(),
    errors: ['unauthenticated', 'forbidden', 'not_found', 'already_revoked'],
  },
  getFileExport: {
    method: 'GET',
    path: '/api/file-export',
    summary: 'The scheduled file export: its target, next run and newest runs.',
    response: shape<FileExportSettings>(),
    errors: ['unauthenticated', 'forbidden'],
  },
  saveFileExport: {
    method: 'PUT',
    path: '/api/file-export',
    summary: 'Sets the file export’s target folder URL (null: off); refused when another save came first.',
    request: shape<SaveFileExportRequest>(),
    response: shape<FileExportSettings>(),
    errors: ['unauthenticated', 'forbidden', 'invalid_request', 'stale_write'],
  },
  runFileExport: {
    method: 'POST',
    path: '/api/file-export/runs',
    summary: 'Exports now ("Export now"); 201 with the run and what the file server answered.',
    response: shape<FileExportRun>(),
    errors: ['unauthenticated', 'forbidden', 'file_export_off'],
  },
  getIntegrationsChecklist: {
    method: 'GET',
    path: '/api/integrations-checklist',
    summary: 'Integrations after the move: who still calls an old address, what to change, and warnings.',
    response: shape<IntegrationsChecklist>(),
    errors: ['unauthenticated', 'forbidden'],
  },
});

/** The address the HRM's file exports come from after the move, for the file server's allow-list. */
export const NEW_OUTBOUND_ADDRESS = HRM_OUTBOUND_IP.new;

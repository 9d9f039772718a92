// Owns the admin's integration pages (R18): General > API clients (clients, keys, the file export and what the API
// received) and "Integrations after the move" (the checklist), and the checklist's JSON endpoint.
import {
  HRM_INTEGRATION_VIEWS,
  type HrmApiClientsPageData,
  type HrmIntegrationsPageData,
  type IntegrationsChecklist,
} from '../../../src/contracts/hrm-integrations';
import { json, page } from '../../shared/http';
import { apiClientsAnswer } from './api-clients';
import { now, type HrmEnv } from './env';
import { fileExportSettings, lastFileExportRun, loadIntegrationSettings } from './file-export';
import { integrationCalls } from './integration-calls';
import { integrationsChecklist } from './integrations-checklist';
import { adminPage } from './pages';
import { requireAdmin } from './signed-in';
import { loadRollout } from './store';

export async function checklistOf(env: HrmEnv): Promise<IntegrationsChecklist> {
  const rollout = await loadRollout(env.db);
  const settings = await loadIntegrationSettings(env);
  const { activatedAt, hosting, apiForwardingEndsAt, calendarRedirectEndsAt } = rollout.context;
  return integrationsChecklist({
    now: now(env),
    activatedAt,
    hosting,
    apiForwardingEndsAt,
    calendarRedirectEndsAt,
    customerNumber: settings.customerNumber,
    calls: await integrationCalls(env),
    lastFileExport: (await lastFileExportRun(env)) ?? null,
    fileServerName: settings.fileExportUrl ? settings.fileServerName : null,
  });
}

/** GET /api/integrations-checklist */
export async function getIntegrationsChecklist(env: HrmEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json<IntegrationsChecklist>(await checklistOf(env));
}

export const integrationsPage = adminPage(async (env, _user, data) =>
  page<HrmIntegrationsPageData>(HRM_INTEGRATION_VIEWS.integrations, 'Integrations after the move', {
    ...data,
    checklist: await checklistOf(env),
  }),
);

export const apiClientsPage = adminPage(async (env, _user, data) =>
  page<HrmApiClientsPageData>(HRM_INTEGRATION_VIEWS.apiClients, 'API clients', {
    ...data,
    clients: await apiClientsAnswer(env),
    fileExport: await fileExportSettings(env),
  }),
);

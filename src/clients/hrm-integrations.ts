// Owns the HRM's integration settings as its admin pages call them (R18): API clients, the file export, the checklist.
import type { CodeOf, Endpoint, ResponseOf } from '../contracts/endpoint';
import { HRM_INTEGRATIONS_API } from '../contracts/hrm-integrations';
import { call, type ClientContext, type ClientResult } from './http';

type Answer<E extends Endpoint> = Promise<ClientResult<ResponseOf<E>, CodeOf<E>>>;

export function createApiClient(ctx: ClientContext, name: string): Answer<typeof HRM_INTEGRATIONS_API.createApiClient> {
  return call(ctx, HRM_INTEGRATIONS_API.createApiClient, { body: { name } });
}

export function revokeApiClient(ctx: ClientContext, id: string): Answer<typeof HRM_INTEGRATIONS_API.revokeApiClient> {
  return call(ctx, HRM_INTEGRATIONS_API.revokeApiClient, { params: { id } });
}

/** `version`: the settings the page showed, so a save over someone else's newer one is refused. */
export function saveFileExport(
  ctx: ClientContext,
  targetUrl: string | null,
  version: number,
): Answer<typeof HRM_INTEGRATIONS_API.saveFileExport> {
  return call(ctx, HRM_INTEGRATIONS_API.saveFileExport, { body: { targetUrl, version } });
}

export function runFileExport(ctx: ClientContext): Answer<typeof HRM_INTEGRATIONS_API.runFileExport> {
  return call(ctx, HRM_INTEGRATIONS_API.runFileExport);
}

export function getIntegrationsChecklist(ctx: ClientContext): Answer<typeof HRM_INTEGRATIONS_API.getIntegrationsChecklist> {
  return call(ctx, HRM_INTEGRATIONS_API.getIntegrationsChecklist);
}

// Owns each domain's website root, hosted by the provider: the console's "Website files" API (list, publish, delete)
// and the web host itself, answering https://<zone>/<path> with what the customer published (R23: "upload or
// publish this file to the root directory of your domain's website"). A navigation gets a page showing the file.
import { z } from 'zod';
import { DNS_VIEWS, type DnsSiteFilePageData, type DnsSiteNotFoundPageData, type WebsiteFile } from '../../../src/contracts/dns';
import { PAGE_CONTENT_TYPE } from '../../../src/contracts/wire';
import { json, page, problemFrom, readJson } from '../../shared/http';
import type { FileRow } from './db';
import { dnsProblem, now, requireAccount, requireZone, type DnsEnv, type Params } from './env';
import { contentTypeOf, MAX_FILE_BYTES, MESSAGES, parseWebsitePath, websiteRoot } from './rules';

const FileBody = z.object({ path: z.string().max(1000), content: z.string() });

function toWebsiteFile(row: FileRow): WebsiteFile {
  return {
    path: row.path,
    url: `${websiteRoot(row.zone)}${row.path}`,
    size: new TextEncoder().encode(row.content).length,
    contentType: row.contentType,
    uploadedAt: row.uploadedAt,
  };
}

export async function websiteFiles(env: DnsEnv, zone: string): Promise<WebsiteFile[]> {
  const rows = await env.db.files.where('zone').equals(zone).toArray();
  return rows.map(toWebsiteFile).sort((a, b) => a.path.localeCompare(b.path));
}

/** GET /api/zones/:zone/files → WebsiteFile[]. */
export async function listFiles(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const zone = await requireZone(env, await requireAccount(env, request), params);
  return json<WebsiteFile[]>(await websiteFiles(env, zone.name));
}

/** PUT /api/zones/:zone/files {path, content} → 201 WebsiteFile (200 when it replaced a file). Online at once: HTTP has no propagation. */
export async function putFile(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const zone = await requireZone(env, await requireAccount(env, request), params);
  const body = await readJson(request, FileBody);
  const path = parseWebsitePath(body.path);
  if (!path.ok) return problemFrom(422, path.problem);
  if (new TextEncoder().encode(body.content).length > MAX_FILE_BYTES)
    return dnsProblem(422, 'content_too_large', MESSAGES.contentTooLarge, 'content');
  const row: FileRow = {
    zone: zone.name,
    path: path.value,
    content: body.content,
    contentType: contentTypeOf(path.value),
    uploadedAt: now(env),
  };
  const replaced = await env.db.transaction('rw', env.db.files, async () => {
    const existing = await env.db.files.get([zone.name, path.value]);
    await env.db.files.put(row);
    return existing !== undefined;
  });
  return json<WebsiteFile>(toWebsiteFile(row), { status: replaced ? 200 : 201 });
}

/** DELETE /api/zones/:zone/files?path=… → 204. */
export async function deleteFile(env: DnsEnv, request: Request, params: Params): Promise<Response> {
  const zone = await requireZone(env, await requireAccount(env, request), params);
  const path = (new URL(request.url).searchParams.get('path') ?? '').replace(/^\/+/, '');
  const found = await env.db.transaction('rw', env.db.files, async () => {
    if (!(await env.db.files.get([zone.name, path]))) return false;
    await env.db.files.delete([zone.name, path]);
    return true;
  });
  return found ? new Response(null, { status: 204 }) : dnsProblem(404, 'not_found', MESSAGES.fileNotFound(path));
}

/** Whether a request is for the website of a hosted domain (https only, the apex: https://company.com/…). */
export function isWebsiteRequest(env: DnsEnv, request: Request): boolean {
  const url = new URL(request.url);
  return url.protocol === 'https:' && env.hostedZones.has(url.hostname);
}

/** GET https://<zone>/<path>: the published file as it is, or 404. A virtual browser's navigation gets it as a page. */
export async function serveWebsite(env: DnsEnv, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain' } });
  let path: string;
  try {
    path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    path = url.pathname.replace(/^\/+/, '');
  }
  const row = path ? await env.db.files.get([url.hostname, path]) : undefined;
  const navigation = (request.headers.get('accept') ?? '').includes(PAGE_CONTENT_TYPE);
  const target = `${url.origin}${url.pathname}`;
  if (!row) {
    if (navigation) return page<DnsSiteNotFoundPageData>(DNS_VIEWS.siteNotFound, '404 Not Found', { url: target }, { status: 404 });
    return new Response(request.method === 'HEAD' ? null : '<h1>404 Not Found</h1>', {
      status: 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  }
  if (navigation)
    return page<DnsSiteFilePageData>(DNS_VIEWS.siteFile, row.path, { url: target, contentType: row.contentType, content: row.content });
  return new Response(request.method === 'HEAD' ? null : row.content, {
    headers: { 'content-type': row.contentType, 'last-modified': new Date(row.uploadedAt).toUTCString() },
  });
}

// Owns what the HRM calls at the integrations server: the SMS provider's send endpoint (a shift request going out) and
// the payroll file server's inbox, which takes a file only from a source address on its allow-list (R18: the HRM's
// outbound address changes with the move). Both land in the run log of their integration.
import type { ReceivedFile, RunLogEntry } from '../../../src/contracts/integrations';
import { json, problem, readJson } from '../../shared/http';
import { z } from 'zod';
import type { FileRow, RunRow } from './db';
import { integrationsProblem, logCalls, newRunId, now, param, requireIntegration, type IntegrationsEnv, type Params } from './env';
import { checkFileName, forwardedFor, MAX_FILE_BYTES, MAX_REFERENCE, MAX_SMS_TEXT, MESSAGES, PHONE_NUMBER } from './rules';

/** papaparse, loaded the first time a file arrives: the simulation's start does without it. */
const papaparse = async () => (await import('papaparse')).default;

const SmsBody = z.object({ to: z.unknown(), text: z.unknown(), reference: z.unknown() });

/** POST /sms/messages {to, text, reference} → 202 {id}; each field that is wrong is a 422 at that field. */
export async function sendSms(env: IntegrationsEnv, request: Request): Promise<Response> {
  const body = await readJson(request, SmsBody);
  await requireIntegration(env, 'sms');
  if (typeof body.to !== 'string' || !PHONE_NUMBER.test(body.to)) throw integrationsProblem(422, 'to_invalid', MESSAGES.toInvalid, 'to');
  if (typeof body.text !== 'string' || body.text.trim() === '' || body.text.length > MAX_SMS_TEXT)
    throw integrationsProblem(422, 'text_invalid', MESSAGES.textInvalid, 'text');
  if (typeof body.reference !== 'string' || body.reference.trim() === '' || body.reference.length > MAX_REFERENCE)
    throw integrationsProblem(422, 'reference_invalid', MESSAGES.referenceInvalid, 'reference');
  const id = `sms_${env.ctx.random.hex(8)}`;
  const at = now(env);
  const log: RunRow = {
    integration: 'sms',
    runId: newRunId(env),
    trigger: 'inbound',
    at,
    method: request.method,
    url: request.url,
    status: 202,
    ok: true,
    message: `202: message to ${body.to} accepted (${body.reference}).`,
    details: [`Text: ${body.text}`],
  };
  await env.db.transaction('rw', [env.db.smsMessages, env.db.runs], async () => {
    await env.db.smsMessages.add({
      id,
      to: body.to as string,
      text: body.text as string,
      reference: body.reference as string,
      receivedAt: at,
      reply: null,
    });
    await logCalls(env, [log]);
  });
  return json({ id }, { status: 202 });
}

/** Data rows of a CSV file (RFC 4180), its header line not counted. */
async function rowsOf(content: string): Promise<number> {
  const parsed = (await papaparse()).parse<string[]>(content, { skipEmptyLines: true });
  return Math.max(0, parsed.data.length - 1);
}

/** Logs the inbox's answer to one delivery and gives it back. */
async function logged(
  env: IntegrationsEnv,
  request: Request,
  status: number,
  message: string,
  from: string | null,
): Promise<RunLogEntry[]> {
  return logCalls(env, [
    {
      integration: 'file-server',
      runId: newRunId(env),
      trigger: 'inbound',
      at: now(env),
      method: request.method,
      url: request.url,
      status,
      ok: status < 400,
      message: `${status}: ${message}`,
      details: [`Source address: ${from ?? 'not given'}`],
    },
  ]);
}

/** POST /file-server/inbox/:fileName (text/csv), from an address on the allow-list (RFC 7239 Forwarded: for=). */
export async function receiveFile(env: IntegrationsEnv, request: Request, params: Params): Promise<Response> {
  const row = await requireIntegration(env, 'file-server');
  const from = forwardedFor(request.headers.get('forwarded'));
  const refuse = async (
    status: number,
    code: 'source_unknown' | 'source_not_allowed' | 'file_name_invalid' | 'content_invalid',
    message: string,
    field?: string,
  ) => {
    await logged(env, request, status, message, from);
    return problem(status, code, message, field);
  };
  if (from === null) return refuse(403, 'source_unknown', MESSAGES.sourceUnknown);
  if (!row.config.allowList.includes(from)) return refuse(403, 'source_not_allowed', MESSAGES.sourceNotAllowed(from));
  const name = checkFileName(param(params, 'fileName'));
  if (!name.ok) return refuse(422, 'file_name_invalid', name.problem.message, 'fileName');
  const content = await request.text();
  if (content.trim() === '') return refuse(422, 'content_invalid', MESSAGES.emptyFile);
  const size = new TextEncoder().encode(content).length;
  if (size > MAX_FILE_BYTES) return refuse(413, 'content_invalid', MESSAGES.fileTooLarge);
  const file: ReceivedFile = { fileName: name.value, size, rows: await rowsOf(content), receivedAt: now(env), from };
  const stored: FileRow = { ...file, content };
  await env.db.transaction('rw', [env.db.files, env.db.runs], async () => {
    await env.db.files.add(stored);
    await logged(env, request, 201, `${file.fileName} received: ${file.rows} rows, ${file.size} bytes.`, from);
  });
  return json(file, { status: 201 });
}

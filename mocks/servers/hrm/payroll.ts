// Owns payroll runs, as far as the rollout touches them (R12: "If employees haven't verified their
// email … can we still run payroll as usual? Yes"): a run pays every employment of the period from the directory,
// whatever the link state; the run keeps each line, and the link state beside it only to show that it changed nothing.
import { z } from 'zod';
import type { PayrollLine, PayrollRunPage, PayrollRunSummary, UserLinkState } from '../../../src/contracts/hrm';
import { intParam, json, readJson } from '../../shared/http';
import type { PayrollRunRow, StoredUser } from './db';
import { userState } from './directory';
import { auditEntry, hrmProblem, now, type HrmEnv } from './env';
import { requireUser } from './signed-in';
import { isAdmin, MESSAGES } from './rules';

const RunBody = z.object({ period: z.string() });

/**
 * Preliminary tax, simplified: 30 % municipal tax, and 20 % state tax on the part of the monthly pay above the
 * threshold (SEK 643,100 a year in 2026, about 53,600 a month). Rounded to whole kronor, as payslips are.
 */
export function preliminaryTax(gross: number): number {
  const STATE_TAX_THRESHOLD = 53_600;
  return Math.round(gross * 0.3 + Math.max(0, gross - STATE_TAX_THRESHOLD) * 0.2);
}

async function requirePayroll(env: HrmEnv, request: Request): Promise<StoredUser> {
  const user = await requireUser(env, request);
  if (!isAdmin(user.roles) && !user.roles.includes('hr')) throw hrmProblem(403, 'forbidden', MESSAGES.payrollForbidden);
  return user;
}

function summaryOf(run: PayrollRunRow, directory: Awaited<ReturnType<HrmEnv['directory']>>): PayrollRunSummary {
  const { items: _lines, createdBy, ...rest } = run;
  return { ...rest, createdBy: { id: createdBy, name: directory.get(createdBy)?.name ?? createdBy } };
}

/** Every employment paid for `period`: parental leave is paid by the Social Insurance Agency, so 0 here. */
export function payrollLines(users: Iterable<StoredUser>): PayrollLine[] {
  const lines: PayrollLine[] = [];
  for (const user of users) {
    const state: UserLinkState = userState(user);
    for (const e of user.employments) {
      const gross = e.status === 'parental_leave' ? 0 : e.monthlySalary;
      const tax = preliminaryTax(gross);
      lines.push({
        userId: user.id,
        name: user.name,
        employeeNumber: user.employeeNumber,
        title: e.title,
        department: e.department,
        employmentStatus: e.status,
        gross,
        tax,
        net: gross - tax,
        state,
      });
    }
  }
  return lines;
}

/** POST /api/payroll-runs {period: "2026-03"} → 201 PayrollRunPage (first page of lines). */
export async function runPayroll(env: HrmEnv, request: Request): Promise<Response> {
  const runner = await requirePayroll(env, request);
  const { period } = await readJson(request, RunBody);
  const match = /^(\d{4})-(\d{2})$/.exec(period.trim());
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
    return hrmProblem(422, 'period_invalid', 'Give the period as year and month, e.g. 2026-03.', 'period');
  const directory = await env.directory();
  const lines = payrollLines(directory.all());
  const byState: Record<UserLinkState, number> = { not_started: 0, code_sent: 0, link_sent: 0, linked: 0 };
  const paid = new Set<string>();
  let gross = 0;
  let tax = 0;
  for (const line of lines) {
    gross += line.gross;
    tax += line.tax;
    if (line.gross > 0 && !paid.has(line.userId)) {
      paid.add(line.userId);
      byState[line.state]++;
    }
  }
  const run: PayrollRunRow = {
    id: `pay_${env.ctx.random.hex(8)}`,
    number: 0,
    period: period.trim(),
    createdAt: now(env),
    createdBy: runner.id,
    employees: paid.size,
    lines: lines.length,
    gross,
    tax,
    net: gross - tax,
    byState,
    items: lines,
  };
  await env.db.transaction('rw', env.db.payrollRuns, env.db.audit, async () => {
    run.number = ((await env.db.payrollRuns.orderBy('number').last())?.number ?? 0) + 1;
    await env.db.payrollRuns.add(run);
    await env.db.audit.add(
      auditEntry(
        env,
        'payroll_run',
        `${runner.name} ran payroll for ${run.period}: ${run.employees} employees paid, ${byState.linked} of them linked to Connect`,
        { actor: runner.id },
      ),
    );
  });
  return json<PayrollRunPage>(
    { ...summaryOf(run, directory), rows: lines.slice(0, 50), total: lines.length, offset: 0, limit: 50 },
    { status: 201 },
  );
}

export async function payrollRunSummaries(env: HrmEnv): Promise<PayrollRunSummary[]> {
  const directory = await env.directory();
  const runs = await env.db.payrollRuns.orderBy('number').reverse().limit(20).toArray();
  return runs.map((r) => summaryOf(r, directory));
}

/** GET /api/payroll-runs → the newest runs (summaries). */
export async function listPayrollRuns(env: HrmEnv, request: Request): Promise<Response> {
  await requirePayroll(env, request);
  return json<PayrollRunSummary[]>(await payrollRunSummaries(env));
}

/** GET /api/payroll-runs/:id?offset&limit → PayrollRunPage. */
export async function getPayrollRun(
  env: HrmEnv,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
): Promise<Response> {
  await requirePayroll(env, request);
  const id = String(params['id'] ?? '');
  const run = await env.db.payrollRuns.get(id);
  if (!run) return hrmProblem(404, 'not_found', `There is no payroll run ${id}`);
  const search = new URL(request.url).searchParams;
  const offset = intParam(search, 'offset', 0, 0, 10_000_000);
  const limit = intParam(search, 'limit', 50, 1, 500);
  return json<PayrollRunPage>({
    ...summaryOf(run, await env.directory()),
    rows: run.items.slice(offset, offset + limit),
    total: run.items.length,
    offset,
    limit,
  });
}

// Owns the Audit log page's state: the filter form, the query the shown page answers, and paging through the HRM's
// audit API. A bulk job's recipients are found by its kind of mail within the job's run.
import { getJob, listAudit } from '../../clients/hrm';
import type { ClientContext } from '../../clients/http';
import type { AuditPage, AuditQuery } from '../../contracts/hrm';
import { auditQueryOf, filterInputs, RECIPIENT_TYPE, type AuditFilterInputs } from './audit';
import { toDateTimeLocal } from './format';
import { FormRequest } from './form.svelte';

export const AUDIT_PAGE_SIZE = 50;

export class AuditLogView {
  page = $state.raw<AuditPage>({ entries: [], total: 0, offset: 0, limit: AUDIT_PAGE_SIZE });
  /** What the form holds; the shown page answers `query` until the form is sent. */
  inputs = $state<AuditFilterInputs>(filterInputs({}));
  query = $state.raw<AuditQuery>({});
  readonly request = new FormRequest(['type', 'q', 'from', 'to']);
  readonly #client: ClientContext;

  constructor(client: ClientContext, initial: AuditPage, query: AuditQuery) {
    this.#client = client;
    this.page = initial;
    this.query = query;
    this.inputs = filterInputs(query);
  }

  search(): Promise<void> {
    return this.#load(auditQueryOf(this.inputs), 0);
  }

  goTo(offset: number): Promise<void> {
    return this.#load(this.query, offset);
  }

  /** Every filter off, the user's too. */
  clear(): Promise<void> {
    this.inputs = filterInputs({});
    return this.search();
  }

  clearUser(): Promise<void> {
    this.inputs.userId = '';
    return this.search();
  }

  /** The recipients of a bulk job: entries of its kind of mail, from its start to its end. */
  async showRecipients(jobId: string): Promise<void> {
    const result = await this.request.run(() => getJob(this.#client, jobId));
    if (!result) return;
    const job = result.value;
    this.inputs = {
      type: RECIPIENT_TYPE[job.kind],
      q: '',
      from: toDateTimeLocal(job.createdAt),
      to: job.finishedAt === null ? '' : toDateTimeLocal(job.finishedAt),
      userId: '',
    };
    await this.search();
  }

  async #load(query: AuditQuery, offset: number): Promise<void> {
    const result = await this.request.run(() => listAudit(this.#client, { ...query, offset, limit: AUDIT_PAGE_SIZE }));
    if (!result) return;
    this.page = result.value;
    this.query = query;
  }
}

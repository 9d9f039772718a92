// Owns the Payroll page's state: the period to run (the world clock's month to begin with), the run on show — new or
// opened from the list — and paging through its lines.
import { getPayrollRun, runPayroll } from '../../clients/hrm';
import type { ClientContext } from '../../clients/http';
import type { PayrollRunPage } from '../../contracts/hrm';
import { FormRequest } from './form.svelte';

export const PAYROLL_PAGE_SIZE = 50;

export class PayrollView {
  period = $state('');
  run = $state.raw<PayrollRunPage | null>(null);
  readonly request = new FormRequest(['period']);
  readonly lines = new FormRequest([]);
  readonly #client: ClientContext;

  constructor(client: ClientContext, period: string) {
    this.#client = client;
    this.period = period;
  }

  /** True when the run was made. */
  async start(): Promise<boolean> {
    const period = this.period;
    const result = await this.request.run(() => runPayroll(this.#client, period));
    if (!result) return false;
    this.run = result.value;
    return true;
  }

  open(runId: string): Promise<void> {
    return this.#load(runId, 0);
  }

  goTo(offset: number): Promise<void> {
    return this.run ? this.#load(this.run.id, offset) : Promise.resolve();
  }

  async #load(runId: string, offset: number): Promise<void> {
    const result = await this.lines.run(() => getPayrollRun(this.#client, runId, { offset, limit: PAYROLL_PAGE_SIZE }));
    if (result) this.run = result.value;
  }
}

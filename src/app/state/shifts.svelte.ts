// Owns the state of My schedule's calendar subscription (the link on show, "Create a new link", copying) and of the
// Shift requests page's form (an open shift to offer, each field's message) and its list.
import { listShiftRequests, offerShift, renewCalendarLink } from '../../clients/hrm-shifts';
import type { ClientContext } from '../../clients/http';
import type { CalendarSubscription, ShiftRequestSummary } from '../../contracts/hrm-shifts';
import { FormRequest } from './form.svelte';

export class CalendarSubscriptionView {
  subscription = $state.raw<CalendarSubscription>({ url: '', token: '', createdAt: 0 });
  /** Said after copying or renewing. */
  note = $state<string | null>(null);
  readonly request = new FormRequest(['replaces']);
  readonly #client: ClientContext;

  constructor(client: ClientContext, subscription: CalendarSubscription) {
    this.#client = client;
    this.subscription = subscription;
  }

  async renew(): Promise<void> {
    this.note = null;
    const result = await this.request.run(() => renewCalendarLink(this.#client, this.subscription.token));
    if (!result) return;
    this.subscription = result.value;
    this.note = 'A new link was created: the old one no longer works. Paste the new link into your calendar app.';
  }

  async copy(write: (text: string) => Promise<void>): Promise<void> {
    try {
      await write(this.subscription.url);
      this.note = 'Copied to the clipboard.';
    } catch {
      this.note = 'The browser did not allow copying: select the link and copy it.';
    }
  }
}

export const SHIFT_FIELDS = ['date', 'startTime', 'endTime', 'department'] as const;

export class ShiftRequestsView {
  date = $state('');
  startTime = $state('');
  endTime = $state('');
  department = $state('');
  requests = $state.raw<ShiftRequestSummary[]>([]);
  /** The request just sent, for the confirmation. */
  sent = $state.raw<ShiftRequestSummary | null>(null);
  readonly request = new FormRequest(SHIFT_FIELDS);
  readonly list = new FormRequest([]);
  readonly #client: ClientContext;

  constructor(client: ClientContext, requests: ShiftRequestSummary[]) {
    this.#client = client;
    this.requests = requests;
  }

  async offer(): Promise<boolean> {
    this.sent = null;
    const shift = { date: this.date, startTime: this.startTime, endTime: this.endTime, department: this.department };
    const result = await this.request.run(() => offerShift(this.#client, shift));
    if (!result) return false;
    this.sent = result.value;
    await this.refresh();
    return true;
  }

  async refresh(): Promise<void> {
    const result = await this.list.run(() => listShiftRequests(this.#client));
    if (result) this.requests = result.value.requests;
  }
}

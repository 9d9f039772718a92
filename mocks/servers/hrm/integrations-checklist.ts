// Owns the "Integrations after the move" checklist as a pure rule (R18): from who was seen calling which address and
// when, what still uses an old address (red), what moved (green), what to change for each, and the warnings before and
// after a temporary measure (API forwarding, the calendar redirect) ends.
import type {
  ChecklistItem,
  ChecklistStatus,
  IntegrationCallKind,
  IntegrationsChecklist,
  PlannedChange,
} from '../../../src/contracts/hrm-integrations';
import { PUBLIC_API_BASE } from '../../../src/contracts/hrm-integrations';
import { HRM_NEW_ORIGINS, HRM_OUTBOUND_IP } from '../../../src/contracts/origins';
import type { FileExportRunRow, IntegrationCallRow } from './db';
import { formatTenantDateTime } from './rules';

const DAY = 86_400_000;
/** Warnings start this many days before a temporary measure ends. */
export const WARNING_DAYS = 14;

export interface ChecklistInput {
  now: number;
  /** When the new addresses took over; null: not yet. */
  activatedAt: number | null;
  hosting: 'hosted' | 'selfHosted';
  apiForwardingEndsAt: number | null;
  calendarRedirectEndsAt: number | null;
  customerNumber: string | null;
  calls: readonly IntegrationCallRow[];
  /** The newest file export run. */
  lastFileExport: FileExportRunRow | null;
  fileServerName: string | null;
}

const KIND_NAMES: Readonly<Record<IntegrationCallKind, string>> = {
  api: 'API client',
  calendar: 'Calendar subscription',
  smsCallback: 'SMS provider callback',
  shiftRequestLink: 'Shift request link',
  fileExport: 'File export',
  timeclock: 'Timeclock device',
  mobile: 'Mobile app',
};

export function kindName(kind: IntegrationCallKind): string {
  return KIND_NAMES[kind];
}

/** The last segment of a path, without an extension: the token or secret an old address carries. */
function lastSegment(path: string): string {
  const segment = path.split('/').filter(Boolean).pop() ?? '';
  return decodeURIComponent(segment).replace(/\.ics$/i, '');
}

/** What to change for a caller of this kind, with the exact new address (or the address to allow). */
export function changeFor(kind: IntegrationCallKind, client: string, lastPath: string, customerNumber: string | null): string {
  switch (kind) {
    case 'api':
      return `Change the API address in ${client} from ${PUBLIC_API_BASE.old} to ${PUBLIC_API_BASE.new}; the API key stays the same.`;
    case 'calendar':
      return `Subscribe again with the link from My Profile: ${HRM_NEW_ORIGINS.web}/calendar/${lastSegment(lastPath)}/schedule.ics`;
    case 'smsCallback':
      return `Change the callback URL at ${client} to ${HRM_NEW_ORIGINS.api}/v1/sms/callback/${lastSegment(lastPath)}`;
    case 'shiftRequestLink':
      return 'Shift requests sent before the move cannot be answered: send the request again from the HRM.';
    case 'fileExport':
      return `Add ${HRM_OUTBOUND_IP.new} to ${client}’s allow-list: the HRM’s files come from that address since the move.`;
    case 'timeclock':
      return `Enter the device’s new address on it, ${HRM_NEW_ORIGINS.timeclock}/<device name>/${customerNumber ?? '<customer number>'}, and log in again on it.`;
    case 'mobile':
      return `Use the new mobile address, ${HRM_NEW_ORIGINS.mobile}.`;
  }
}

/** What each kind of integration will have to change at the move, shown before it. */
export function plannedChanges(customerNumber: string | null, hosting: ChecklistInput['hosting']): PlannedChange[] {
  const number = customerNumber ?? '<customer number>';
  const forwarding =
    hosting === 'hosted' ? ' The old address forwards calls until the end date you set.' : ' The old address stops answering at once.';
  return [
    { kind: 'web', what: 'Everyone opens the HRM at the new web address; the old one shows where to go.', newAddress: HRM_NEW_ORIGINS.web },
    { kind: 'mobile', what: 'The mobile app moves to the new mobile address.', newAddress: HRM_NEW_ORIGINS.mobile },
    {
      kind: 'timeclock',
      what: 'Each Timeclock device is updated by hand: enter its new address and log in again on it. Badges keep working.',
      newAddress: `${HRM_NEW_ORIGINS.timeclock}/default/${number} (or /<device name>/${number})`,
    },
    { kind: 'api', what: `API clients must call the new API address with the same key.${forwarding}`, newAddress: PUBLIC_API_BASE.new },
    {
      kind: 'calendar',
      what: 'Calendar subscriptions must be made again with the link from My Profile.',
      newAddress: `${HRM_NEW_ORIGINS.web}/calendar/<token>/schedule.ics`,
    },
    {
      kind: 'smsCallback',
      what: 'The SMS provider’s callback URL must be changed at the provider.',
      newAddress: `${HRM_NEW_ORIGINS.api}/v1/sms/callback/<secret>`,
    },
    {
      kind: 'shiftRequestLink',
      what: 'Shift requests sent before the move cannot be answered after it: send open requests again after the move.',
      newAddress: `${HRM_NEW_ORIGINS.web}/shift-requests/<id>`,
    },
    {
      kind: 'fileExport',
      what: `The HRM’s file exports come from a new address: add it to the file server’s allow-list before the move.`,
      newAddress: HRM_OUTBOUND_IP.new,
    },
  ];
}

const OUTCOME_WORDS: Readonly<Record<IntegrationCallRow['lastOutcome'], string>> = {
  ok: 'Answered',
  forwarded: 'Forwarded to the new address',
  redirected: 'Redirected to the new address',
  refused: 'Refused',
};

/** The status of one caller from its rows at the old and the new address, and the newest file export run. */
export function statusOf(
  old: IntegrationCallRow | undefined,
  fresh: IntegrationCallRow | undefined,
  activatedAt: number,
  fileExport: FileExportRunRow | null,
): ChecklistStatus {
  const oldSinceMove = old !== undefined && old.lastSeenAt >= activatedAt;
  if (fresh?.kind === 'fileExport' || old?.kind === 'fileExport') {
    // The file export always goes from the new address after the move: green once a run after the move got through.
    if (fileExport && fileExport.at >= activatedAt) return fileExport.outcome === 'ok' ? 'new' : 'old';
    return 'unseen';
  }
  if (oldSinceMove && (!fresh || fresh.lastSeenAt < old.lastSeenAt)) return 'old';
  if (fresh && fresh.lastSeenAt >= activatedAt) return 'new';
  return 'unseen';
}

export function integrationsChecklist(input: ChecklistInput): IntegrationsChecklist {
  const planned = plannedChanges(input.customerNumber, input.hosting);
  const moved = input.activatedAt !== null && input.now >= input.activatedAt;
  if (!moved || input.activatedAt === null)
    return { moved: false, activatedAt: input.activatedAt, planned, items: [], warnings: [], allMoved: false };
  const activatedAt = input.activatedAt;

  const byClient = new Map<string, { old?: IntegrationCallRow; fresh?: IntegrationCallRow }>();
  for (const call of input.calls) {
    const key = `${call.kind}|${call.client}`;
    const entry = byClient.get(key) ?? {};
    if (call.address === 'old') entry.old = call;
    else entry.fresh = call;
    byClient.set(key, entry);
  }
  const items: ChecklistItem[] = [];
  for (const { old, fresh } of byClient.values()) {
    const last = !old ? fresh! : !fresh ? old : fresh.lastSeenAt >= old.lastSeenAt ? fresh : old;
    const status = statusOf(old, fresh, activatedAt, input.lastFileExport);
    const lastOutcome =
      last.kind === 'fileExport' && input.lastFileExport && status !== 'unseen'
        ? input.lastFileExport.outcome === 'ok'
          ? 'File received'
          : `Refused: ${input.lastFileExport.message ?? 'no reason given'}`
        : OUTCOME_WORDS[last.lastOutcome];
    items.push({
      kind: last.kind,
      client: last.client,
      status,
      lastSeenAt: last.lastSeenAt,
      address: last.address,
      lastOutcome,
      change:
        status === 'new'
          ? 'Nothing: it uses the new address.'
          : changeFor(last.kind, last.client, (old ?? last).lastPath, input.customerNumber),
    });
  }
  const rank: Record<ChecklistStatus, number> = { old: 0, unseen: 1, new: 2 };
  items.sort((a, b) => rank[a.status] - rank[b.status] || b.lastSeenAt - a.lastSeenAt || a.client.localeCompare(b.client));

  const warnings: string[] = [];
  if (input.hosting === 'selfHosted') {
    const still = items.filter((i) => i.status === 'old' && (i.kind === 'api' || i.kind === 'calendar'));
    if (still.length > 0)
      warnings.push(
        `A self-hosted installation has no forwarding: ${names(still)} ${still.length === 1 ? 'calls' : 'call'} an old address and ${
          still.length === 1 ? 'gets' : 'get'
        } an error.`,
      );
  } else {
    const measure = (endsAt: number | null, label: string, kind: IntegrationCallKind, verb: string) => {
      if (endsAt === null) return;
      const still = items.filter((i) => i.kind === kind && i.status === 'old');
      if (still.length === 0) return;
      if (input.now < endsAt && endsAt - input.now <= WARNING_DAYS * DAY) {
        const days = Math.ceil((endsAt - input.now) / DAY);
        warnings.push(
          `${label} ends on ${formatTenantDateTime(endsAt)} (in ${days} ${days === 1 ? 'day' : 'days'}) and ${names(still)} still ${
            still.length === 1 ? 'calls' : 'call'
          } the old address.`,
        );
      } else if (input.now >= endsAt) {
        warnings.push(
          `${label} ended on ${formatTenantDateTime(endsAt)}: ${names(still)} still ${still.length === 1 ? 'calls' : 'call'} the old address and ${verb}.`,
        );
      }
    };
    measure(input.apiForwardingEndsAt, 'API forwarding', 'api', 'gets an error since');
    measure(input.calendarRedirectEndsAt, 'The calendar redirect', 'calendar', 'gets no schedule since');
  }
  const fileRefused = items.find((i) => i.kind === 'fileExport' && i.status === 'old');
  if (fileRefused) warnings.push(`The file export to ${fileRefused.client} is refused: ${fileRefused.change}`);

  return { moved: true, activatedAt, planned, items, warnings, allMoved: items.every((i) => i.status !== 'old') };
}

function names(items: readonly ChecklistItem[]): string {
  const all = [...new Set(items.map((i) => i.client))];
  return all.length === 1 ? all[0]! : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]!}`;
}

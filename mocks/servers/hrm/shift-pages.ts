// Owns the pages of schedules and shift requests (R18): My schedule (shifts and the calendar subscription link) and
// Shift requests (offer an open shift, see who answered), each inside the HRM's shell.
import { HRM_VIEWS } from '../../../src/contracts/hrm';
import {
  HRM_SHIFT_VIEWS,
  type HrmMySchedulePageData,
  type HrmShiftRequestsPageData,
  type ShiftRequestList,
} from '../../../src/contracts/hrm-shifts';
import { page } from '../../shared/http';
import { now } from './env';
import { shell, signedIn } from './pages';
import { mySchedule } from './schedules';
import { canOfferShifts, listShiftRequests } from './shift-requests';
import { stockholmDate } from './shift-rules';

export const mySchedulePage = signedIn(async (env, user) => {
  const data: HrmMySchedulePageData = { ...(await shell(env, user)), schedule: await mySchedule(env, user) };
  return page(HRM_SHIFT_VIEWS.mySchedule, 'My schedule', data);
});

export const shiftRequestsPage = signedIn(async (env, user, request) => {
  const base = await shell(env, user);
  if (!canOfferShifts(user))
    return page(
      HRM_VIEWS.forbidden,
      'No access',
      { ...base, message: 'Shift requests are for administrators and HR staff.' },
      { status: 403 },
    );
  const list = (await (await listShiftRequests(env, request)).json()) as ShiftRequestList;
  const data: HrmShiftRequestsPageData = { ...base, list, today: stockholmDate(now(env)) };
  return page(HRM_SHIFT_VIEWS.shiftRequests, 'Shift requests', data);
});

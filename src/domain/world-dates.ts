// Owns the range of world time the product accepts. JavaScript dates end at ±8.64e15 ms; a world clock, a schedule or
// a policy date anywhere near that cannot be shown, formatted or added to, so every date that enters the simulation
// (a request, a workspace file, a scenario step, the clock's own moves) is checked against this one range.
import { z } from 'zod';

/** 1 Jan 1970: no workspace's world starts before the epoch. */
export const FIRST_WORLD_TIME = 0;
/** 31 Dec 9999, 23:59:59.999 UTC: the last moment a date field, a file or the clock may name. */
export const LAST_WORLD_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isWorldTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= FIRST_WORLD_TIME && value <= LAST_WORLD_TIME;
}

/** What a person reads when a date is outside the range. */
export const WORLD_TIME_RANGE_MESSAGE = 'a date between 1 Jan 1970 and 31 Dec 9999';

/** A world time in epoch milliseconds, within the range, for schemas at the edges. */
export const worldTimeSchema = z
  .number({ error: `must be ${WORLD_TIME_RANGE_MESSAGE}, in milliseconds since 1 Jan 1970` })
  .refine(isWorldTime, { error: `must be ${WORLD_TIME_RANGE_MESSAGE}` });

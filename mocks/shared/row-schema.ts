// Owns how a server declares the rows of its database for the checks a workspace file passes before it is written:
// a zod schema per table with exactly the fields of the row's TypeScript type, and the date fields every row shares.
import { z } from 'zod';
import { worldTimeSchema } from '../../src/domain/world-dates';
import type { AppliedEvent } from '../../src/contracts/inspection';

/**
 * A row's schema with exactly the fields of its TypeScript type `T`: a field added to the type and not here, or one
 * here the type does not have, fails type-checking, so the check of imported rows keeps up with what is stored.
 */
export function rowOf<T>(shape: { [K in keyof T]-?: z.ZodType<T[K]> }): z.ZodType<T> {
  return z.object(shape as z.ZodRawShape) as unknown as z.ZodType<T>;
}

/**
 * The list itself when it names every member of `T`; otherwise a type no array literal is assignable to, so the list
 * fails type-checking and the error names the members left out. (A value `T` lacks fails on `V`'s constraint.)
 */
type AllMembers<T extends string, V extends readonly string[]> = [Exclude<T, V[number]>] extends [never]
  ? V
  : { error: 'members of the union missing'; missing: Exclude<T, V[number]> };

/**
 * A zod enum of exactly the members of the string-literal union `T`: `membersOf<AuditType>()(['login', …])`. rowOf's
 * field check alone accepts an enum of fewer members (a subset is assignable), and such an enum would refuse a stored
 * value the server legitimately writes — a workspace file exported from a real session could not be imported again.
 * Here a member left out, or a value `T` does not have, fails type-checking. (Curried so `T` is given and the list
 * inferred.)
 */
export function membersOf<T extends string>() {
  return <const V extends readonly [T, ...T[]]>(values: V & AllMembers<T, V>): z.ZodEnum<{ [K in T]: K }> =>
    z.enum(values as readonly [T, ...T[]]) as unknown as z.ZodEnum<{ [K in T]: K }>;
}

/**
 * Data a server keeps only to show it (the x-ray's WebAuthn ceremonies, the inspection's last events): checked in its
 * outline — the fields a page reads first — and taken as the type it is shown as. No server decides anything on it.
 */
export function shownAs<T>(outline: z.ZodType): z.ZodType<T> {
  return outline as unknown as z.ZodType<T>;
}

/** One table's rows of a database, checked as the owning server reads them. */
export type RowSchemas = Record<string, z.ZodType>;

/** A world time (epoch ms) that can be shown and added to: between 1 Jan 1970 and 31 Dec 9999. */
export const date = worldTimeSchema;
export const dateOrNull = worldTimeSchema.nullable();
export const text = z.string();
export const textOrNull = z.string().nullable();
export const count = z.number().int().nonnegative();
export const flag = z.union([z.literal(0), z.literal(1)]);
export const texts = z.array(z.string());
/** A JSON Web Key as stored (RFC 7517 §4): an object with its key type. */
export const jwk = z.looseObject({ kty: z.string() });
/** A machine's state value as XState keeps it: a state name, or nested names. */
export const stateValue = z.union([z.string(), z.record(z.string(), z.unknown())]);
/** An event a machine took, as the inspection keeps it (src/contracts/inspection.ts AppliedEvent). */
export const appliedEvent = shownAs<AppliedEvent>(
  z.looseObject({ type: z.string(), at: date, from: z.unknown(), to: z.unknown(), transitions: z.array(z.unknown()) }),
);

// Owns how a server's problem lands in a form: at its field when it names one the form has, otherwise at the form.
import type { ProblemBody } from '../../contracts/wire';

export interface FormErrors {
  /** Messages by field name ("email", "code", "allowedDomains.2"). */
  fields: Record<string, string>;
  /** A message for the whole form (no field, or a field the form does not show). */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

export function errorsFrom(problem: ProblemBody, knownFields: readonly string[] | ((field: string) => boolean)): FormErrors {
  const known = typeof knownFields === 'function' ? knownFields : (field: string) => knownFields.includes(field);
  if (problem.field && known(problem.field)) return { fields: { [problem.field]: problem.message }, form: null };
  return { fields: {}, form: problem.message };
}

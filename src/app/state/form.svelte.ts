// Owns a form's request state: busy while a request runs, and the server's problem placed where the person looks —
// at its field when the form has that field (issue: "a specific message at the field"), otherwise above the form.
import type { ClientResult } from '../../clients/http';
import type { ProblemBody } from '../../contracts/wire';

export class FormRequest {
  busy = $state(false);
  /** Messages by field name, for the fields this form shows. */
  fieldErrors = $state<Record<string, string>>({});
  formError = $state<string | null>(null);
  readonly #fields: readonly string[];

  constructor(fields: readonly string[]) {
    this.#fields = fields;
  }

  /**
   * Runs one request and places its problem. `onProblem` may claim a problem first (e.g. a spent reset link that
   * changes the whole page) by returning true. Resolves to the value, or undefined when the request failed.
   */
  async run<T>(request: () => Promise<ClientResult<T>>, onProblem?: (problem: ProblemBody) => boolean): Promise<{ value: T } | undefined> {
    this.busy = true;
    this.clear();
    try {
      const result = await request();
      if (result.ok) return { value: result.value };
      if (!onProblem?.(result.problem)) this.place(result.problem);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Shows a problem at its field when this form has it, or above the form. */
  place(problem: ProblemBody): void {
    if (problem.field !== undefined && this.#fields.includes(problem.field)) this.fieldErrors = { [problem.field]: problem.message };
    else this.formError = problem.message;
  }

  clear(): void {
    this.fieldErrors = {};
    this.formError = null;
  }
}

// Owns the shape of every error the simulated servers return: a code to switch on, a human message,
// and the form field it belongs to, so the UI can show it at the field (issue: "a specific message at the field").

export interface Problem<Code extends string = string> {
  code: Code;
  message: string;
  field?: string;
}

export type Result<T, Code extends string = string> = { ok: true; value: T } | { ok: false; problem: Problem<Code> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <Code extends string>(code: Code, message: string, field?: string): { ok: false; problem: Problem<Code> } => ({
  ok: false,
  problem: field === undefined ? { code, message } : { code, message, field },
});

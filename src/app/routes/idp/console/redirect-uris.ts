// Owns the redirect URI box of the console's forms: one URI a line, and the server's problem at `redirectUris.<n>`
// told back as the line it is about.
import type { ProblemBody } from '../../../../contracts/wire';

/** The URIs typed, one a line, blank lines left out. */
export function urisOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The message for the redirect URI box, naming the URI a problem is about; null when the problem is not about it. */
export function redirectUriError(problem: ProblemBody, uris: readonly string[]): string | null {
  if (problem.field === 'redirectUris') return problem.message;
  const match = /^redirectUris\.(\d+)$/.exec(problem.field ?? '');
  if (!match) return null;
  const uri = uris[Number(match[1])];
  return uri === undefined ? problem.message : `“${uri}”: ${problem.message}`;
}

// A client context for testing src/clients without a simulation: its network records each request a client sends and
// answers it as the test says, so a test reads exactly what went on the wire.
import type { ClientContext } from '../../src/clients/http';

export function recordingClient(answer: (request: Request) => Response): { ctx: ClientContext; sent: Request[] } {
  const sent: Request[] = [];
  const ctx: ClientContext = {
    initiator: 'stage',
    network: {
      fetch: async (request: Request) => {
        sent.push(request);
        return answer(request);
      },
    } as unknown as ClientContext['network'],
  };
  return { ctx, sent };
}

/** Answers the requests with these responses, one each, in turn; a request beyond them fails the test. */
export function answersInTurn(...answers: Response[]): () => Response {
  return () => {
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left for this request');
    return answer;
  };
}

/** A JSON answer, new for every request. */
export function jsonAnswer(body: unknown, status = 200): () => Response {
  return () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

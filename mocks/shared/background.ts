// Owns a server's background work: jobs a request starts and answers before they finish, so that the answer (its
// words, its headers, its time) never tells what the job found. settled() is what tests and scenarios wait on.

/** Work that runs after the answer; a failure is reported, never thrown into the request that started it. */
export class BackgroundWork {
  readonly #running = new Set<Promise<void>>();
  readonly #server: string;

  constructor(server: string) {
    this.#server = server;
  }

  /** Starts `work` on a later turn: the request that calls this answers first, whatever the work then does. */
  start(label: string, work: () => Promise<void>): void {
    const run: Promise<void> = Promise.resolve()
      .then(work)
      .catch((error: unknown) => {
        // Like a failed world-clock timer: nobody is waiting on this answer, so the console is where it shows.
        console.error(`[${this.#server}] background work "${label}" failed`, error);
      })
      .finally(() => this.#running.delete(run));
    this.#running.add(run);
  }

  /** Resolves when every job started so far, and every job those started, has ended. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}

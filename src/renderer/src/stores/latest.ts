import { runInAction } from 'mobx';

/**
 * The stale-answer guard: each request takes a ticket, and the answer to a
 * request older than the latest is dropped, so a slow reply never replaces
 * a newer one.
 */
export class Latest {
  private count = 0;

  /** Starts a request: the check returned stays true until a newer one starts. */
  start(): () => boolean {
    const mine = ++this.count;
    return () => mine === this.count;
  }

  /** Starts a request: `keep` gets its answer, or `fail` its error message, unless a newer request has started by then. */
  async load<T>(fetch: () => Promise<T>, keep: (answer: T) => void, fail: (message: string) => void): Promise<void> {
    const current = this.start();
    try {
      const answer = await fetch();
      if (current()) runInAction(() => keep(answer));
    } catch (e) {
      if (current()) runInAction(() => fail((e as Error).message));
    }
  }

  /** Continues the request under way (another page of the same answer): true until a newer one starts. */
  current(): () => boolean {
    const mine = this.count;
    return () => mine === this.count;
  }
}

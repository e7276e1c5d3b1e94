import { action, makeObservable, observable, runInAction } from 'mobx';
import { Latest } from './latest.ts';

/** What a failure says to the user: the engine's message (already in words), or what was thrown. */
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The one base for asking the engine something: whether a request is under
 * way (loading), what the last one said when it failed (error, in the engine's
 * words), and the stale-answer guard (Latest), so a slow answer never replaces
 * a newer one. A store holds one per kind of request (MobX's stores are
 * composed, not subclassed: makeAutoObservable does not take subclasses);
 * nothing a store asks goes unanswered or fails silently.
 */
export class Request {
  /** A request is under way. */
  loading = false;
  /** What the latest request said when it failed; null once one succeeds. */
  error: string | null = null;
  private readonly latest = new Latest();

  constructor() {
    makeObservable(this, { loading: observable, error: observable, fail: action, clear: action });
  }

  /**
   * Runs `fetch`: while it runs, loading; its answer goes to `take` (in an
   * action) and is returned, unless a newer request has started by then. It
   * never rejects: a failure is kept in `error` and the answer is undefined.
   */
  async run<T>(fetch: () => Promise<T>, take?: (answer: T) => void): Promise<T | undefined> {
    const current = this.latest.start();
    runInAction(() => (this.loading = true));
    try {
      const answer = await fetch();
      if (!current()) return undefined;
      runInAction(() => {
        this.error = null;
        take?.(answer);
      });
      return answer;
    } catch (e) {
      if (current()) this.fail(messageOf(e));
      return undefined;
    } finally {
      if (current()) runInAction(() => (this.loading = false));
    }
  }

  /**
   * Takes a ticket without running anything: the check returned stays true
   * until the next request starts. For a load that also refreshes what this
   * request loads (a panel's refresh that reloads its cell too).
   */
  begin(): () => boolean {
    return this.latest.start();
  }

  /** Says a failure that did not come from a request (a file that could not be read). */
  fail(message: string): void {
    this.error = message;
  }

  /** Forgets the error, and drops the answer of any request still under way (what it was for has changed). */
  clear(): void {
    this.latest.start();
    this.error = null;
    this.loading = false;
  }
}

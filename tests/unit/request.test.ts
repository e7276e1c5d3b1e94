// The renderer's base for requests: loading, errors in words, and the guard
// that keeps a slow answer from replacing a newer one; driven by a fake API
// whose answers the test releases in the order it chooses.
import { autorun } from 'mobx';
import { describe, expect, it } from 'vitest';
import { Request } from '../../src/renderer/src/stores/request.ts';

/** A fake API call: each call waits until the test answers or fails it. */
function fakeCall<T>() {
  const pending: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  const call = () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  return { call, pending };
}

describe('Request: the base every store asks the engine through', () => {
  it('is loading while a request is under way, hands its answer over, and returns it', async () => {
    const r = new Request();
    const api = fakeCall<string[]>();
    const seen: boolean[] = [];
    autorun(() => seen.push(r.loading));
    let used: string[] = [];
    const running = r.run(api.call, (answer) => (used = answer));
    expect(r.loading).toBe(true);
    api.pending[0]!.resolve(['Belarus neutral']);
    await expect(running).resolves.toEqual(['Belarus neutral']);
    expect(used).toEqual(['Belarus neutral']);
    expect(r.loading).toBe(false);
    expect(r.error).toBeNull();
    expect(seen).toEqual([false, true, false]);
  });

  it('keeps a failure in words and never rejects; the next success clears it', async () => {
    const r = new Request();
    const api = fakeCall<number>();
    const failing = r.run(api.call);
    api.pending[0]!.reject(new Error('The project is busy: another program has it open.'));
    await expect(failing).resolves.toBeUndefined();
    expect(r.error).toBe('The project is busy: another program has it open.');
    expect(r.loading).toBe(false);
    const next = r.run(api.call);
    expect(r.error).toBe('The project is busy: another program has it open.'); // said until an answer replaces it
    api.pending[1]!.resolve(5);
    await next;
    expect(r.error).toBeNull();
  });

  it('says what was thrown when it is not an Error', async () => {
    const r = new Request();
    await r.run(() => Promise.reject('The file could not be read'));
    expect(r.error).toBe('The file could not be read');
  });

  it('drops a slow answer that a newer request overtook, and a failure of one too', async () => {
    const r = new Request();
    const api = fakeCall<string>();
    const used: string[] = [];
    const older = r.run(api.call, (a) => used.push(a));
    const newer = r.run(api.call, (a) => used.push(a));
    api.pending[1]!.resolve('newer');
    await newer;
    expect(r.loading).toBe(false);
    api.pending[0]!.resolve('older');
    await expect(older).resolves.toBeUndefined();
    expect(used).toEqual(['newer']);

    const third = r.run(api.call, (a) => used.push(a));
    const fourth = r.run(api.call, (a) => used.push(a));
    api.pending[2]!.reject(new Error('stale failure'));
    await third;
    expect(r.error).toBeNull();
    expect(r.loading).toBe(true); // the newer one is still under way
    api.pending[3]!.resolve('fourth');
    await fourth;
    expect(used).toEqual(['newer', 'fourth']);
  });

  it('clear forgets the error and drops the answer still on its way', async () => {
    const r = new Request();
    r.fail('Choose a file.');
    expect(r.error).toBe('Choose a file.');
    const api = fakeCall<string>();
    const used: string[] = [];
    const running = r.run(api.call, (a) => used.push(a));
    r.clear();
    expect(r.loading).toBe(false);
    expect(r.error).toBeNull();
    api.pending[0]!.resolve('late');
    await running;
    expect(used).toEqual([]);
  });
});

// What the preload and the harness's client pass on to the page: only events
// this version knows, with the fields it reads.
import { describe, expect, it } from 'vitest';
import { isServerEvent } from '../../src/shared/events.ts';

describe('a server event as the window checks it', () => {
  it('is a progress of known work with its counts, or the known kinds of record changed', () => {
    expect(isServerEvent({ type: 'progress', work: 'export', done: 2, total: 5, current: 'A title' })).toBe(true);
    expect(isServerEvent({ type: 'changed', kinds: ['codings', 'memos'] })).toBe(true);
    expect(isServerEvent({ type: 'changed', kinds: [], origin: 'tab-a' })).toBe(true);
  });

  it('is nothing else: another type, unknown work or kind, a count that is not a number, an origin that is not text', () => {
    for (const value of [
      null,
      'changed',
      { type: 'deleted', kinds: ['codings'] },
      { type: 'progress', work: 'merge', done: 1, total: 2, current: '' },
      { type: 'progress', work: 'import', done: '1', total: 2, current: '' },
      { type: 'progress', work: 'import', done: 1, total: 2 },
      { type: 'changed', kinds: ['passwords'] },
      { type: 'changed', kinds: 'codings' },
      { type: 'changed', kinds: ['codings'], origin: 7 },
    ]) {
      expect(isServerEvent(value), JSON.stringify(value)).toBe(false);
    }
  });
});

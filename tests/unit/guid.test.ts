import { describe, expect, it } from 'vitest';
import { newGuid } from '../../src/main/core/guid.ts';

describe('GUIDs', () => {
  it('are version 7 UUIDs in the form REFI-QDA expects', () => {
    const guid = newGuid();
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carry their creation time, so later ones sort after earlier ones', () => {
    const earlier = newGuid(Date.UTC(2022, 11, 18));
    const later = newGuid(Date.UTC(2022, 11, 19));
    expect(earlier < later).toBe(true);
    expect(parseInt(later.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2022, 11, 19));
  });

  it('are unique', () => {
    const many = new Set(Array.from({ length: 10_000 }, () => newGuid(0)));
    expect(many.size).toBe(10_000);
  });
});

// The coding store and the rule of exclusive groups, over the real engine: a
// change the engine refuses becomes a question (the passages, then Cancel or
// keep the latest), and what a change did besides the obvious is told.
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

async function stanceStore() {
  const project = await createTestProject();
  const codes = await Promise.all(
    ['Belarus neutral', 'Belarus complicit', 'Sanctions'].map((name) => call(project, 'createCode', { name })),
  );
  await call(project, 'createCodeGroup', {
    name: 'Belarus role',
    exclusive: true,
    codeIds: [codes[0]!.id, codes[1]!.id],
  });
  const store = new RootStore(engineClient(project), { searchDelay: 0 });
  await store.start();
  const { coding } = store;
  const id = (name: string) => coding.codes.find((c) => c.name === name)!.id;
  const role = coding.codebook.groups.find((g) => g.name === 'Belarus role')!;
  return { project, coding, id, role };
}

describe('the coding store and exclusive groups', () => {
  it('asks before making a group exclusive over passages with two values; Cancel changes nothing, keep-latest does it and says so', async () => {
    const { coding, id, role } = await stanceStore();
    await coding.updateGroup(role.id, { exclusive: false });
    await coding.apply(3, 100, 180, { id: id('Belarus neutral') });
    await coding.apply(3, 150, 230, { id: id('Belarus complicit') });
    expect(coding.notice).toBeNull();

    await coding.updateGroup(role.id, { exclusive: true });
    expect(coding.error).toBeNull();
    expect(coding.conflict?.message).toMatch(
      /^‘Belarus role’ cannot be made exclusive: 1 passage holds two of its values by the same coder: /,
    );
    expect(coding.group(role.id)!.exclusive).toBe(false);
    coding.cancelConflict();
    expect(coding.conflict).toBeNull();

    await coding.updateGroup(role.id, { exclusive: true });
    await coding.conflict!.keepLatest();
    expect(coding.conflict).toBeNull();
    expect(coding.group(role.id)!.exclusive).toBe(true);
    expect(coding.codebookNotice).toMatch(/^Kept the latest value on 1 passage/);
    // The codings of the open document came again: the earlier value was cut back.
    await coding.loadCodings(3);
    expect(coding.codingsOf(3).map((k) => [k.codeId, k.start])).toEqual([
      [id('Belarus neutral'), 100],
      [id('Belarus complicit'), 150],
    ]);
    expect(coding.codingsOf(3)[0]!.end).toBeLessThanOrEqual(150);
  });

  it('tells what applying a value replaced, reloads what is left of it, and forgets it at the next change', async () => {
    const { coding, id } = await stanceStore();
    await coding.loadCodings(3);
    await coding.apply(3, 100, 180, { id: id('Belarus neutral') });
    await coding.apply(3, 150, 230, { id: id('Belarus complicit') });
    expect(coding.notice?.lines.join(' ')).toMatch(
      /^Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — .*keeps the text before it\.$/,
    );
    await expect
      .poll(() => coding.codingsOf(3).map((k) => k.codeId))
      .toEqual([id('Belarus neutral'), id('Belarus complicit')]);
    await coding.apply(3, 400, 420, { id: id('Sanctions') });
    expect(coding.notice).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { offerForReuse, shareWhileInUse } from '../../../activities/stocktake/share-while-in-use';

/** A load that counts its calls and resolves when released, so tests decide who overlaps whom. */
function loader(value: string) {
  let calls = 0;
  const release: Array<() => void> = [];
  return {
    calls: () => calls,
    release: () => release.splice(0).forEach((r) => r()),
    load: () => {
      calls++;
      return new Promise<{ v: string; n: number }>((r) => release.push(() => r({ v: value, n: calls })));
    },
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('shareWhileInUse', () => {
  it('loads once for users that overlap and hands them the same value', async () => {
    const l = loader('a');
    const first = shareWhileInUse('t1', l.load, async (v) => v);
    const second = shareWhileInUse('t1', l.load, async (v) => v);
    l.release();
    const [a, b] = await Promise.all([first, second]);
    expect(l.calls()).toBe(1);
    expect(a).toBe(b);
  });

  it('drops the value when the last user is done: a later user loads again', async () => {
    const l = loader('b');
    const first = shareWhileInUse('t2', l.load, async (v) => v.n);
    l.release();
    expect(await first).toBe(1);
    const later = shareWhileInUse('t2', l.load, async (v) => v.n);
    l.release();
    expect(await later).toBe(2);
  });

  it('keeps the value lingerMs after the last user, then drops it', async () => {
    const l = loader('c');
    const use = async (v: { n: number }) => v.n;
    const first = shareWhileInUse('t3', l.load, use, { lingerMs: 200 });
    l.release();
    await first;
    expect(await shareWhileInUse('t3', l.load, use, { lingerMs: 200 })).toBe(1);
    await sleep(300);
    const late = shareWhileInUse('t3', l.load, use, { lingerMs: 200 });
    l.release();
    expect(await late).toBe(2);
  });

  it('does not keep a failed load, and separate keys never share', async () => {
    let calls = 0;
    const failing = () => Promise.reject(new Error(`read failed ${++calls}`));
    await expect(shareWhileInUse('t4', failing, async () => 'never', { lingerMs: 10_000 })).rejects.toThrow(
      'read failed 1',
    );
    await expect(shareWhileInUse('t4', failing, async () => 'never')).rejects.toThrow('read failed 2');
    const x = loader('x');
    const y = loader('y');
    const vx = shareWhileInUse('t5', x.load, async (v) => v.v);
    const vy = shareWhileInUse('t6', y.load, async (v) => v.v);
    x.release();
    y.release();
    expect(await Promise.all([vx, vy])).toEqual(['x', 'y']);
  });

  it('hands an offered value to users within lingerMs instead of loading, then drops it', async () => {
    const l = loader('loaded');
    const made = { v: 'made', n: 0 };
    offerForReuse('t7', made, 200);
    expect(await shareWhileInUse('t7', l.load, async (v) => v, { lingerMs: 200 })).toBe(made);
    // A second offer under a key already shared changes nothing.
    offerForReuse('t7', { v: 'other', n: -1 }, 200);
    expect(await shareWhileInUse('t7', l.load, async (v) => v.v, { lingerMs: 200 })).toBe('made');
    expect(l.calls()).toBe(0);
    await sleep(300);
    const late = shareWhileInUse('t7', l.load, async (v) => v.v);
    l.release();
    expect(await late).toBe('loaded');
    expect(l.calls()).toBe(1);
  });
});

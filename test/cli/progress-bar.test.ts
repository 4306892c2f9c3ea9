import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createProgressBar } from '../../cli/progress-bar';

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  let out = '';
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  }) as Writable & { isTTY: boolean; text: () => string };
  w.isTTY = isTTY;
  w.text = () => out;
  return w;
}

describe('progress bar', () => {
  it('redraws one line in place on a terminal, with percent, counts and label', () => {
    let now = 0;
    const tty = sink(true);
    const bar = createProgressBar(tty, { title: 'dunning', now: () => now });
    bar.update(250, 1000, 'fan-out');
    now = 65_000;
    bar.update(1000, 1000, 'done');
    bar.finish();
    const frames = tty.text().split('\r\x1b[2K').filter(Boolean);
    expect(frames[0]).toBe('dunning [######------------------]  25% 250/1000 0s  fan-out');
    expect(frames[1]).toBe('dunning [########################] 100% 1000/1000 1m05s  done\n');
  });

  it('writes plain lines at most every few seconds to a file or pipe, always the last one', () => {
    let now = 0;
    const log = sink(false);
    const bar = createProgressBar(log, { title: 'dunning', now: () => now, plainEveryMs: 5_000 });
    bar.update(1, 100);
    now = 1_000;
    bar.update(2, 100); // too soon: skipped
    now = 6_000;
    bar.update(50, 100, 'fan-out');
    now = 7_000;
    bar.update(100, 100); // the end is always written
    bar.note('dunning-2026-11: completed');
    expect(log.text().split('\n').filter(Boolean)).toEqual([
      'dunning: 1/100 (1%) [0s]',
      'dunning: 50/100 (50%) fan-out [6s]',
      'dunning: 100/100 (100%) [7s]',
      'dunning-2026-11: completed',
    ]);
  });
});

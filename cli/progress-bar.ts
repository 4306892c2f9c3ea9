/**
 * A one-line progress bar on a terminal (redrawn in place), or a plain line every few seconds when the output is
 * a file or a pipe (CI logs), so long runs — dunning over thousands of dealers — show they are moving.
 */
export interface ProgressSink {
  update(done: number, total: number, label?: string): void;
  note(text: string): void;
  finish(): void;
}

export function createProgressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  opts: { title: string; plainEveryMs?: number; now?: () => number },
): ProgressSink {
  const now = opts.now ?? Date.now;
  const started = now();
  let lastPlain = -Infinity;
  let lastText = '';
  let drawn = false;
  const elapsed = () => {
    const s = Math.round((now() - started) / 1000);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  };
  return {
    update(done, total, label) {
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      const counts = total > 0 ? `${done}/${total}` : `${done}`;
      if (stream.isTTY) {
        const width = 24;
        const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
        const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
        const line = `${opts.title} ${bar} ${String(pct).padStart(3)}% ${counts} ${elapsed()}${label ? `  ${label}` : ''}`;
        stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
        drawn = true;
        return;
      }
      const text = `${opts.title}: ${counts}${total > 0 ? ` (${pct}%)` : ''}${label ? ` ${label}` : ''}`;
      if (text !== lastText && (now() - lastPlain >= (opts.plainEveryMs ?? 5_000) || done >= total)) {
        stream.write(`${text} [${elapsed()}]\n`);
        lastPlain = now();
        lastText = text;
      }
    },
    note(text) {
      if (drawn) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
      drawn = false;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('fast style lookup (pdfmake)', () => {
  it('gives the same bytes as pdfmake’s own lookups: templates, and styles with extends, cycles, arrays, lists', async () => {
    const tsx = resolve(__dirname, '../../../node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, [
      resolve(__dirname, 'fixtures/render-with-and-without-fast-styles.ts'),
    ]);
    const { patched, fast, own } = JSON.parse(stdout) as { patched: boolean; fast: string[]; own: string[] };
    expect(patched).toBe(true);
    expect(fast).toHaveLength(4);
    expect(new Set(fast).size).toBe(4);
    expect(fast).toEqual(own);
  }, 60_000);
});

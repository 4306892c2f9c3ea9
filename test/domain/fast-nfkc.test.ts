import { describe, expect, it } from 'vitest';
import { nfkc } from '../../domain/fast-nfkc';

describe('nfkc', () => {
  it('equals String#normalize("NFKC") for every BMP character, alone and between ASCII and Chinese text', () => {
    let differing = 0;
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `A${ch}`, `配件${ch}b`, `${ch}\u0301`]) {
        if (nfkc(text) !== text.normalize('NFKC')) differing++;
      }
    }
    expect(differing).toBe(0);
  });
  it('passes plain ASCII and Chinese text through and folds full-width forms', () => {
    expect(nfkc('XJ-011796 后减震器')).toBe('XJ-011796 后减震器');
    expect(nfkc('ＸＪ－０１１７９６')).toBe('XJ-011796');
    expect(nfkc('e\u0301')).toBe('\u00e9');
  });
});

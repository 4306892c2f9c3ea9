// The strict config accepts what the docs tell people to write: every ```yaml block of README.md and docs/*.md
// (laid over the example config) and a source using every key a sheets source has (sheets/tabs, globs, mapping,
// set, setFrom, values, money, rows). A typo inside those nested keys is refused with its path and a did-you-mean.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../config/load-config';
import { ConfigError } from '../../domain/errors';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML edited freely by the tests
type Raw = Record<string, any>;
const ROOT = join(__dirname, '..', '..');
const example = (): Raw => parse(readFileSync(join(ROOT, 'config', 'example.yaml'), 'utf8')) as Raw;
/** Values for the `${VAR}`s the docs' examples use. */
const ENV = { TEMPORAL_API_KEY: 'k', SMTP_PASSWORD: 'p', GOOGLE_CLIENT_SECRET: 's', GOOGLE_REFRESH_TOKEN: 'r' };

const isObj = (x: unknown): x is Raw => !!x && typeof x === 'object' && !Array.isArray(x);
/** A section that names another variant (`smtp.mode: relay` over the example's catcher) replaces it whole. */
const otherVariant = (b: Raw, v: Raw) => ['mode', 'kind'].some((d) => d in v && v[d] !== b[d]);

/** Lays `over` onto `base` key by key (objects merge, anything else replaces). */
function overlay(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k] as unknown;
    out[k] = isObj(b) && isObj(v) && !otherVariant(b, v) ? overlay(b, v) : v;
  }
  return out;
}

function problemsOf(raw: unknown): { path: string; message: string }[] {
  try {
    parseConfig(raw, ENV, 'test.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).context.problems as { path: string; message: string }[];
  }
  return [];
}

const docs = ['README.md', ...readdirSync(join(ROOT, 'docs'), { recursive: true }).map((f) => join('docs', String(f)))]
  .filter((f) => f.endsWith('.md'))
  .sort();
const blocks = docs.flatMap((file) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m, i) => ({
    name: `${file} #${i + 1}`,
    yaml: m[1]!,
  })),
);

/** Every option a sheets source has, as the README's onboarding section describes them. */
const options = {
  mapping: { 零件号: 'partNo' },
  set: { warehouse: '{sheet}', year: 2026 },
  setFrom: { warehouse: { from: 'sheet', pattern: '(新件库|旧件库)' }, period: { from: 'file' } },
  values: { type: { credit: ['退货冲账'] } },
  money: { sign: 'debit-credit', unit: 'wan' },
  rows: [
    { match: '期初余额', action: 'opening' },
    { match: '合计', action: 'skip' },
  ],
};

describe('docs examples under the strict config', () => {
  it('finds the examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks)('$name is accepted', ({ yaml }) => {
    expect(problemsOf(overlay(example(), parse(yaml) as Raw))).toEqual([]);
  });

  it('accepts every key of a sheets source, Excel and Google, single and as a list', () => {
    const raw = example();
    raw.sources.stockLedger = [
      { kind: 'excel', path: 'samples/库存台账 2026-*.xlsx', sheets: ['新件库', '旧件库'], ...options },
      { kind: 'excel', path: 'samples/库存台账 2026-12.xlsx', sheet: '*', ...options },
    ];
    raw.sources.dealerTransactions = { kind: 'google', spreadsheetId: '1AbC', tabs: ['往来账', '期初'], ...options };
    raw.sources.dealers = { kind: 'google', spreadsheetId: '1AbC', tab: '经销商', mapping: { 名称: 'name' } };
    raw.sources.qualityEvents[0] = { ...raw.sources.qualityEvents[0], ...options };
    const cfg = parseConfig(raw, ENV);
    expect(cfg.sources.stockLedger).toEqual([
      expect.objectContaining({ sheets: ['新件库', '旧件库'], set: { warehouse: '{sheet}', year: '2026' } }),
      expect.objectContaining({ sheet: '*', money: { sign: 'debit-credit', unit: 'wan' } }),
    ]);
    expect(cfg.sources.dealerTransactions).toEqual(expect.objectContaining({ tabs: ['往来账', '期初'] }));
  });

  it('refuses a typo inside the nested source keys with its path and a did-you-mean', () => {
    const raw = example();
    raw.sources.stockLedger = {
      kind: 'excel',
      path: 'a.xlsx',
      sheets: ['新件库'],
      setFrom: { warehouse: { from: 'sheet', patern: '(新件库)' } },
      money: { sing: 'signed' },
      rows: [{ match: '期初余额', acton: 'opening' }],
    };
    raw.sources.dealers = { kind: 'google', spreadsheetId: 'x', tabss: ['a'] };
    expect(problemsOf(raw)).toEqual(
      expect.arrayContaining([
        {
          path: 'sources.stockLedger.setFrom.warehouse.patern',
          message: 'unknown key "patern" (did you mean "pattern"?)',
        },
        { path: 'sources.stockLedger.money.sing', message: 'unknown key "sing" (did you mean "sign"?)' },
        { path: 'sources.stockLedger.rows.0.acton', message: 'unknown key "acton" (did you mean "action"?)' },
        { path: 'sources.dealers.tabss', message: 'unknown key "tabss" (did you mean "tabs"?)' },
      ]),
    );
  });

  it('a key of another variant at its place says so (smtp.outboxDir belongs to mode: catcher)', () => {
    const raw = example();
    raw.smtp = { ...raw.smtp, mode: 'relay', host: 'smtp.example.cn', from: 'a <a@example.cn>' };
    expect(problemsOf(raw)).toEqual([
      {
        path: 'smtp.outboxDir',
        message: expect.stringMatching(/^unknown key "outboxDir" \(not with these settings; known here: mode, .*host/),
      },
    ]);
  });
});

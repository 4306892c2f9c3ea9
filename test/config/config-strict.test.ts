// The config is strict: a key the schema does not know at its place stops start-up with its full path and the
// closest known key; every problem of the file is reported at once; `config validate` exits non-zero on them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { loadConfig, parseConfig } from '../../config/load-config';
import { ConfigError } from '../../domain/errors';
import { findUnknownKeys } from '../../config/find-unknown-keys';
import { editDistance, suggestKey } from '../../config/suggest-key';
import { runCli } from '../cli/cli-kit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the example's YAML, edited freely by the tests
type Raw = Record<string, any>;
const example = (): Raw => parse(readFileSync(join(__dirname, '..', '..', 'config', 'example.yaml'), 'utf8')) as Raw;

function problemsOf(raw: unknown, env: NodeJS.ProcessEnv = {}): { path: string; message: string }[] {
  try {
    parseConfig(raw, env, 'test.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).context.problems as { path: string; message: string }[];
  }
  throw new Error('the config was accepted');
}

describe('strict config', () => {
  it('accepts the example config as it is', () => {
    expect(parseConfig(example(), {}).approvals.linkTtl).toBe('14 days');
  });

  it('refuses typo’d keys anywhere with their path and a did-you-mean, all at once, in file order', () => {
    const raw = example();
    raw.approvals.linkTTL = '2 days';
    raw.validationPolcy = 'proceed-with-valid';
    raw.stocktake.blnd = false;
    raw.sources.qualityEvents[1].sheeet = '三包鉴定';
    raw.dunning.levels[2].tempalte = 'dunning-final';
    raw.departments.slaes = { name: '营销部', emails: ['sales@example.cn'] };
    raw.returns.targets.credits.kindd = 'excel';
    raw.web.blind = true;
    raw.temporal.embedded.dbfile = 'x.db';
    const problems = problemsOf(raw);
    expect(problems).toEqual([
      { path: 'temporal.embedded.dbfile', message: 'unknown key "dbfile" (did you mean "dbFile"?)' },
      { path: 'web.blind', message: 'unknown key "blind" (a key of stocktake)' },
      { path: 'sources.qualityEvents.1.sheeet', message: 'unknown key "sheeet" (did you mean "sheet"?)' },
      { path: 'departments.slaes', message: 'unknown key "slaes" (did you mean "sales"?)' },
      { path: 'approvals.linkTTL', message: 'unknown key "linkTTL" (did you mean "linkTtl"?)' },
      { path: 'stocktake.blnd', message: 'unknown key "blnd" (did you mean "blind"?)' },
      { path: 'dunning.levels.2.tempalte', message: 'unknown key "tempalte" (did you mean "template"?)' },
      { path: 'returns.targets.credits.kindd', message: 'unknown key "kindd" (did you mean "kind"?)' },
      // added last to the document, so listed last
      { path: 'validationPolcy', message: 'unknown key "validationPolcy" (did you mean "validationPolicy"?)' },
    ]);
  });

  it('reports unset variables, unknown keys and refused values together, with suggestions for enum values', () => {
    const raw = example();
    raw.secrets.sessionSecret = '${SESSION_SECRET_UNSET}';
    raw.validationPolicy = 'stop-on-eror';
    raw.sources.returns.kind = 'exel';
    raw.google = { serviceAccountKeyFil: '/etc/key.json' };
    raw.smtp.prot = 25;
    raw.timezone = 'Mars/Olympus';
    const problems = problemsOf(raw);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'timezone', message: 'unknown IANA time zone' },
        { path: 'secrets.sessionSecret', message: 'environment variable SESSION_SECRET_UNSET is not set' },
        { path: 'smtp.prot', message: 'unknown key "prot" (did you mean "port"?)' },
        {
          path: 'validationPolicy',
          message:
            '"stop-on-eror" is not allowed here; expected one of "proceed-with-valid", "stop-on-error" (did you mean "stop-on-error"?)',
        },
        {
          path: 'sources.returns.kind',
          message: '"exel" is not allowed here; expected one of "excel", "google" (did you mean "excel"?)',
        },
        {
          path: 'google.serviceAccountKeyFil',
          message: 'unknown key "serviceAccountKeyFil" (did you mean "serviceAccountKeyFile"?)',
        },
        { path: 'google.serviceAccountKeyFile', message: 'required (expected string, received undefined)' },
      ]),
    );
    // The unset variable is reported once, not again as a too-short secret.
    expect(problems.filter((p) => p.path === 'secrets.sessionSecret')).toHaveLength(1);
    expect(problems).toHaveLength(7);
  });

  it('Google endpoints must be https (http only on loopback, for a local stand-in)', () => {
    const raw = example();
    raw.google = {
      oauth: { clientId: 'c', clientSecret: 's', refreshToken: 'r', tokenUri: 'http://tokens.example.com/' },
    };
    expect(problemsOf(raw)).toEqual([
      { path: 'google.oauth.tokenUri', message: 'must be an https URL (http only on 127.0.0.1)' },
    ]);
    raw.google = { serviceAccountKeyFile: '/k.json', apiRootUrl: 'http://127.0.0.1:9999/' };
    expect(parseConfig(raw, {}).google).toEqual({
      serviceAccountKeyFile: '/k.json',
      apiRootUrl: 'http://127.0.0.1:9999/',
    });
  });

  it('a typo’d duration no longer falls back to the default silently', () => {
    const raw = example();
    delete raw.approvals.linkTtl;
    raw.approvals.linkTTL = '2 days';
    expect(problemsOf(raw).map((p) => p.path)).toEqual(['approvals.linkTTL']);
  });

  it('is generic: keys added to any schema are known at once; loose objects accept anything', () => {
    const schema = z.object({
      sources: z.record(
        z.string(),
        z.discriminatedUnion('kind', [
          z.object({
            kind: z.literal('excel'),
            workbooks: z.array(z.object({ path: z.string() })),
            set: z.record(z.string(), z.string()).optional(),
          }),
          z.object({ kind: z.literal('google'), spreadsheetId: z.string() }),
        ]),
      ),
      extra: z.looseObject({ a: z.number() }).optional(),
      pair: z.intersection(z.object({ a: z.number() }), z.object({ b: z.number() })).optional(),
      money: z.union([z.number(), z.string()]).transform(Number).optional(),
    });
    const value = {
      sources: {
        parts: { kind: 'excel', workbooks: [{ path: 'a.xlsx', pth: 'b' }], set: { anything: 'goes' } },
        dealers: { kind: 'google', spreadsheetId: 'x', tabb: 'y' },
      },
      extra: { a: 1, whatever: { deep: true } },
      pair: { a: 1, b: 2, c: 3 },
      money: '12',
    };
    expect(findUnknownKeys(schema, value)).toEqual([
      { path: ['sources', 'parts', 'workbooks', 0, 'pth'], known: ['path'], suggestion: 'path' },
      { path: ['sources', 'dealers', 'tabb'], known: ['kind', 'spreadsheetId'] },
      { path: ['pair', 'c'], known: ['a'] },
    ]);
  });

  it('suggests only plausible typos', () => {
    expect(editDistance('blnd', 'blind')).toBe(1);
    expect(editDistance('linkTTL', 'linkTtl')).toBe(0);
    expect(editDistance('tempalte', 'template')).toBe(1);
    expect(suggestKey('colour', ['company', 'locale', 'timezone'])).toBeUndefined();
    expect(suggestKey('timezon', ['company', 'locale', 'timezone'])).toBe('timezone');
  });

  it('YAML syntax errors and duplicate keys are all reported with line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-strict-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'locale: en\nweb:\n  port: 1\n  port: 2\nsources: [\n');
    let message = '';
    try {
      loadConfig(file, {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('line 4, column 3: Map keys must be unique');
    expect(message).toMatch(/line 6, column 1: .*end with a \]/);
  });

  it('`config validate` refuses a typo’d key with a did-you-mean and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-strict-'));
    const raw = example();
    raw.dataDir = dir;
    raw.approvals.linkTTL = '2 days';
    raw.stocktake.blnd = false;
    const file = join(dir, 'config.yaml');
    writeFileSync(file, stringify(raw));
    const run = await runCli(['config', 'validate', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`config error: invalid config ${file} (2 problems):`);
    expect(run.stderr).toContain('approvals.linkTTL: unknown key "linkTTL" (did you mean "linkTtl"?)');
    expect(run.stderr).toContain('stocktake.blnd: unknown key "blnd" (did you mean "blind"?)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../domain/errors';
import { collect, startGoogleFixture, type GoogleFixture } from './google-fixture';

type RetryInfo = { method: string; attempt: number; delayMs: number; reason: string };

describe('Google Sheets backend: faults and retries', () => {
  let fx: GoogleFixture;
  let id: string;
  const ref = (): { kind: 'google'; spreadsheetId: string } => ({ kind: 'google', spreadsheetId: id });

  beforeAll(async () => {
    fx = await startGoogleFixture();
    const rows = Array.from({ length: 120 }, (_, i) => [`P-${i}`, i]);
    id = fx.standin.createSpreadsheet({ sheets: [{ title: '配件', rows: [['配件编号', '数量'], ...rows] }] });
  });
  afterAll(async () => {
    await fx.close();
  });

  it('429 with Retry-After is retried after waiting at least that long, then succeeds', async () => {
    const seen: RetryInfo[] = [];
    const backend = fx.backend({ retry: { onRetry: (i) => seen.push(i) } });
    await backend.listSheets(ref()); // token fetched beforehand, so timing below is the retry alone
    fx.standin.resetCalls();
    fx.standin.fail(429, { times: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    expect(await backend.listSheets(ref())).toEqual(['配件']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fx.standin.callCount('spreadsheets.get')).toBe(2);
    expect(fx.standin.log.map((l) => l.status)).toEqual([429, 200]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'spreadsheets.get', attempt: 1, reason: 'HTTP 429' });
    expect(seen[0]!.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('500 twice on a batched read, then success: the read completes with every row', async () => {
    const backend = fx.backend({ chunkRows: 50, rangesPerCall: 1 });
    fx.standin.resetCalls();
    fx.standin.fail(500, { times: 2, method: 'spreadsheets.values.batchGet' });
    const rows = await collect(backend.readRows(ref()));
    expect(rows).toHaveLength(121);
    expect(rows.at(-1)).toEqual({ rowNumber: 121, cells: ['P-119', 119] });
    // 1000-row grid in 50-row ranges = 20 batchGet calls, plus the two failures.
    expect(fx.standin.callCount('spreadsheets.values.batchGet')).toBe(22);
    expect(fx.standin.log.filter((l) => l.status === 500)).toHaveLength(2);
  });

  it('503 on a write is retried and the table lands once', async () => {
    const backend = fx.backend();
    fx.standin.resetCalls();
    fx.standin.fail(503, { times: 1, method: 'spreadsheets.values.batchUpdate' });
    const res = await backend.writeTable(ref(), '结果 503', ['a'], [['x'], ['y']]);
    expect(res).toEqual({ written: true, rows: 2 });
    expect(fx.standin.callCount('spreadsheets.values.batchUpdate')).toBe(2);
    expect(fx.standin.peek(id, "'结果 503'!A1:A5").values).toEqual([['a'], ['x'], ['y']]);
  });

  it('a request that hangs times out and is retried', async () => {
    const seen: RetryInfo[] = [];
    const backend = fx.backend({ retry: { timeoutMs: 400, onRetry: (i) => seen.push(i) } });
    await backend.listSheets(ref());
    fx.standin.resetCalls();
    fx.standin.hang({ times: 1, method: 'spreadsheets.get' });
    expect(await backend.listSheets(ref())).toEqual(expect.arrayContaining(['配件']));
    expect(fx.standin.callCount('spreadsheets.get')).toBe(2);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.reason).not.toMatch(/^HTTP/);
  });

  it.each([
    [403, 'The caller does not have permission'],
    [400, 'Request contains an invalid argument.'],
  ] as const)('HTTP %i is permanent: one call, no retry, a non-retryable error', async (status, message) => {
    const backend = fx.backend();
    await backend.listSheets(ref());
    fx.standin.resetCalls();
    fx.standin.fail(status, { times: 5 });
    const err = await backend.listSheets(ref()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'SheetsApiError', permanent: true, context: { status, attempts: 1 } });
    expect((err as Error).message).toContain(message);
    expect(fx.standin.callCount()).toBe(1);
    fx.standin.faults.clear();
  });

  it('an unknown spreadsheet is a permanent 404', async () => {
    const err = await fx
      .backend()
      .listSheets({ kind: 'google', spreadsheetId: 'no-such-sheet' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SheetsApiError', permanent: true, context: { status: 404 } });
  });

  it('5xx that never ends gives up after maxAttempts with a transient error (Temporal retries later)', async () => {
    const backend = fx.backend({ retry: { maxAttempts: 3 } });
    await backend.listSheets(ref());
    fx.standin.resetCalls();
    fx.standin.fail(503, { times: 10 });
    const err = await backend.listSheets(ref()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SheetsUnavailable', permanent: false, context: { status: 503, attempts: 3 } });
    expect(fx.standin.callCount()).toBe(3);
    fx.standin.faults.clear();
  });
});

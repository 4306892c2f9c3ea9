import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { activityBoundary, reportProgress } from '../../../activities/boundary';
import { AppError, ConcurrentEditError, ValidationError } from '../../../domain/errors';

const scheduled = Date.parse('2026-12-01T02:02:00Z');

async function failureOf(fn: () => Promise<unknown>): Promise<ApplicationFailure> {
  const env = new MockActivityEnvironment({ scheduledTimestampMs: scheduled }, { interceptors: [activityBoundary] });
  const err = await env.run(fn).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('the activity error boundary', () => {
  it('fails permanent faults fast, typed, with the operator message and the cell problems', async () => {
    const problem = { file: 'ledger.xlsx', sheet: '库存台账', row: 7, column: '数量', value: 'x', reason: '不是数字' };
    const bad = await failureOf(async () => {
      throw new ValidationError('2 rows are invalid', [problem]);
    });
    expect(bad).toMatchObject({ type: 'ValidationError', nonRetryable: true });
    expect(bad.message).toContain('ledger.xlsx › 库存台账 › row 7 › column "数量"');
    expect(bad.details?.[0]).toEqual([problem]);
    expect(bad.details?.[1]).toEqual({ firstScheduledAt: '2026-12-01T02:02:00.000Z' });

    const config = await failureOf(async () => {
      throw new AppError('ConfigError', 'sources.ledger: file not found', { key: 'sources.ledger' });
    });
    expect(config).toMatchObject({
      type: 'ConfigError',
      nonRetryable: true,
      message: 'sources.ledger: file not found',
    });
  });

  it('types transient faults and leaves them retryable: a workbook open in Excel, disk full, SMTP down, Sheets 429', async () => {
    const open = await failureOf(async () => {
      throw new ConcurrentEditError('库存台账 2026-11.xlsx is open in Excel by 孙仓管', {
        path: '/data/库存台账 2026-11.xlsx',
        lockFile: '/data/~$库存台账 2026-11.xlsx',
        owner: '孙仓管',
      });
    });
    expect(open).toMatchObject({ type: 'ConcurrentEditError', nonRetryable: false });
    expect(open.details?.[0]).toMatchObject({ owner: '孙仓管' });

    const full = await failureOf(async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        syscall: 'write',
        path: '/data/store/archive/docs/.tmp-x',
      });
    });
    expect(full).toMatchObject({ type: 'DiskFull', nonRetryable: false });
    expect(full.details?.[0]).toMatchObject({ code: 'ENOSPC', path: '/data/store/archive/docs/.tmp-x' });

    const smtp = await failureOf(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET', command: 'CONN' });
    });
    expect(smtp).toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });

    const sheets = await failureOf(async () => {
      throw Object.assign(new Error('Quota exceeded'), { status: 429 });
    });
    expect(sheets).toMatchObject({ type: 'SheetsUnavailable', nonRetryable: false });
  });

  it("keeps an activity's own decision and passes unknown errors through for Temporal to retry", async () => {
    const own = await failureOf(async () => {
      throw ApplicationFailure.nonRetryable('SMTP server rejected the message permanently', 'SmtpRejected', {
        responseCode: 550,
      });
    });
    expect(own).toMatchObject({ type: 'SmtpRejected', nonRetryable: true });
    expect(own.details?.[0]).toEqual({ responseCode: 550 });

    const env = new MockActivityEnvironment({}, { interceptors: [activityBoundary] });
    const plain = await env
      .run(async () => {
        throw new TypeError('x is undefined');
      })
      .catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(TypeError);
  });

  it('heartbeats while a long activity runs, carrying the progress it last reported', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 600 }, { interceptors: [activityBoundary] });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    await env.run(async () => {
      await new Promise((r) => setTimeout(r, 500));
      reportProgress({ rows: 20_000 });
      await new Promise((r) => setTimeout(r, 700));
    });
    const after = beats.slice(beats.findIndex((b) => b !== undefined));
    // At least: the first keep-alive, the reported progress, and keep-alives after it repeating that progress.
    expect(beats.length).toBeGreaterThanOrEqual(5);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.every((b) => JSON.stringify(b) === '{"rows":20000}')).toBe(true);
    const count = beats.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(beats.length).toBe(count); // stopped with the activity
  });
});

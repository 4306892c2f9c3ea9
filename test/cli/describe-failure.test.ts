import { describe, expect, it } from 'vitest';
import { describeFailure, describeRetrying } from '../../cli/temporal/describe-failure';

describe('failure causes in plain words', () => {
  it('names the outage, the full disk, the person holding a workbook open, and a silent worker', () => {
    expect(
      describeRetrying(describeFailure({ type: 'SmtpUnavailable', message: 'connect ECONNREFUSED' }), '10:02', 7),
    ).toBe('邮件服务器无法连接（自 10:02 起已重试 7 次）');
    expect(
      describeFailure({
        type: 'ConcurrentEditError',
        message: '库存台账 2026-11.xlsx is open in Excel by 孙仓管 (lock file ~$库存台账 2026-11.xlsx)',
        context: { path: '/data/库存台账 2026-11.xlsx', lockFile: '/data/~$库存台账 2026-11.xlsx', owner: '孙仓管' },
      }),
    ).toBe('库存台账 2026-11.xlsx 正被 孙仓管 在 Excel 中打开');
    expect(
      describeFailure({ type: 'DiskFull', message: 'ENOSPC', context: { path: '/data/store/archive/docs/.tmp-doc' } }),
    ).toBe('磁盘已满，无法写入 /data/store/archive/docs');
    expect(describeFailure({ type: 'Timeout:heartbeat', message: 'activity Heartbeat timeout' })).toContain(
      '工作进程无响应',
    );
    expect(describeFailure({ type: 'SheetsUnavailable', message: 'x', context: { status: 503 } }, 'en')).toBe(
      'Google Sheets is unavailable (HTTP 503)',
    );
    expect(describeRetrying('the mail server cannot be reached', '10:02', 1, 'en')).toBe(
      'the mail server cannot be reached (retried 1 time since 10:02)',
    );
    // Anything else: the operator's message, first line.
    expect(describeFailure({ type: 'ConfigError', message: 'sources.ledger: file not found\nstack' })).toBe(
      'sources.ledger: file not found',
    );
  });
});

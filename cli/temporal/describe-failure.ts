import { basename, dirname } from 'node:path';
import { TransientFailure } from '../../domain/failure-kinds';

export type Locale = 'zh-CN' | 'en';

/** What status knows of an activity's last failure (decoded from the pending activity's lastFailure). */
export interface FailureFacts {
  /** ApplicationFailure type (AppError code or a TransientFailure), or `Timeout:<kind>` for a timeout. */
  type?: string;
  message: string;
  /** First detail of the failure: the error's context (path, owner, status, …). */
  context?: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * The cause of a failing activity in the operator's words, e.g. "邮件服务器无法连接" or
 * "库存台账 2026-11.xlsx 正被 孙仓管 在 Excel 中打开". Falls back to the first line of the error message.
 */
export function describeFailure(f: FailureFacts, locale: Locale = 'zh-CN'): string {
  const zh = locale !== 'en';
  const c = f.context ?? {};
  const path = str(c.path) ?? str(c.lockPath);
  const file = path ? basename(path) : undefined;
  switch (f.type) {
    case TransientFailure.SmtpUnavailable:
      return zh ? '邮件服务器无法连接' : 'the mail server cannot be reached';
    case TransientFailure.DiskFull:
      return zh
        ? `磁盘已满，无法写入${path ? ` ${dirname(path)}` : ''}`
        : `the disk is full${path ? `: cannot write to ${dirname(path)}` : ''}`;
    case TransientFailure.FileSystemBusy:
      return zh
        ? `文件系统暂时不可用（${str(c.code) ?? ''}）`
        : `the file system is unavailable (${str(c.code) ?? ''})`;
    case TransientFailure.SheetsUnavailable:
      return zh
        ? `Google 表格服务暂时不可用（HTTP ${String(c.status ?? '?')}）`
        : `Google Sheets is unavailable (HTTP ${String(c.status ?? '?')})`;
    case TransientFailure.TemporalUnavailable:
      return zh ? 'Temporal 服务无法连接' : 'the Temporal server cannot be reached';
    case TransientFailure.WorkbookOpen:
    case 'ConcurrentEditError':
      if (str(c.lockFile) || str(c.owner)) {
        const who = str(c.owner);
        if (zh) return `${file ?? '工作簿'} 正被 ${who ?? '他人'} 在 Excel 中打开`;
        return `${file ?? 'the workbook'} is open in Excel${who ? ` by ${who}` : ''}`;
      }
      return zh
        ? `${file ?? '工作簿'} 在读取后被他人修改，将重新读取`
        : `${file ?? 'the workbook'} was changed by someone else; reading it again`;
    case 'LockTimeout':
      return zh ? `等待文件锁 ${file ?? ''} 超时` : `timed out waiting for the lock ${file ?? ''}`;
    case 'MailSendInFlight':
      return zh ? '另一个工作进程正在发送同一封邮件' : 'another worker is sending the same mail';
  }
  if (f.type?.startsWith('Timeout:')) {
    return zh
      ? '工作进程无响应（可能已停止），正在交给其他工作进程重试'
      : 'the worker stopped answering (it may have stopped); retrying on another worker';
  }
  return f.message.split('\n')[0]!.trim() || (f.type ?? (zh ? '未知错误' : 'unknown error'));
}

/** "邮件服务器无法连接（自 10:02 起已重试 7 次）" — the cause, since when, and how many retries. */
export function describeRetrying(cause: string, sinceLocal: string, retries: number, locale: Locale = 'zh-CN'): string {
  if (locale === 'en') return `${cause} (retried ${retries} time${retries === 1 ? '' : 's'} since ${sinceLocal})`;
  return `${cause}（自 ${sinceLocal} 起已重试 ${retries} 次）`;
}

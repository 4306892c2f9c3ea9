import { type MailBlock, type MailTemplate, composeMail, requireText } from './compose-mail';

export interface ReturnRegisterProblemsVars {
  recipientName?: string;
  file: string;
  sheet: string;
  problemCount: number;
  /** One line per problem: "file › sheet › row N › column "X": reason (value: "…")". */
  problems: string[];
  senderName?: string;
}

/** To the register's keeper: rows of the returns register that were not started, and why. */
export const returnRegisterProblems: MailTemplate<ReturnRegisterProblemsVars> = {
  render(v, locale) {
    const file = requireText(v.file, 'file');
    const zh = locale === 'zh-CN';
    const shown = v.problems.slice(0, 50);
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'colleague'},` },
      {
        kind: 'paragraph',
        text: zh
          ? `旧件退回登记表 ${file} › ${v.sheet} 中有 ${v.problemCount} 处问题，相关退回单未启动处理。请修正后保存，系统下次读取时自动处理。`
          : `The returns register ${file} › ${v.sheet} has ${v.problemCount} problem(s); those returns were not started. Fix and save the sheet; the next read picks them up.`,
      },
      { kind: 'summary', lines: shown },
    ];
    if (v.problemCount > shown.length) {
      blocks.push({
        kind: 'note',
        text: zh
          ? `另有 ${v.problemCount - shown.length} 处问题未列出。`
          : `${v.problemCount - shown.length} more not listed.`,
      });
    }
    blocks.push({
      kind: 'note',
      text: zh
        ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
        : 'This email was sent automatically.',
    });
    return composeMail(
      locale,
      zh
        ? `【旧件退回登记】${file} 有 ${v.problemCount} 处数据问题`
        : `[Returns register] ${file}: ${v.problemCount} problem(s)`,
      blocks,
    );
  },
};

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailTransport } from '../../../activities/mail/create-transport';
import { startMailCatcher } from '../../../scripts/lib/mail-catcher';
import { createMailActivities } from '../../../activities/mail/send-mail';
import { createFileSentLog } from '../../../activities/mail/sent-log';
import { renderMail } from '../../../templates/mail';
import type { ActionRequestVars } from '../../../templates/mail';
import { artifactDir } from './mail-test-kit';

const approval: ActionRequestVars = {
  recipientName: '李经理',
  title: '2026-11 新件库盘点差异审批',
  summaryLines: [
    { label: '差异行数', value: '12' },
    { label: '差异金额', value: '¥-3,456.70' },
  ],
  actionUrl: 'https://ops.example.com/a/7f3c?step=approve-variance&sig=ab+cd',
  expiresAt: '2026-12-05T10:00:00Z',
  requestedBy: '仓管 张三',
};

describe('mail templates', () => {
  it('renders report-delivery in Chinese by default and in English on request', () => {
    const vars = {
      title: '质量信息反馈表（品质部）',
      period: '2026-11',
      summaryLines: ['投诉 37 起，环比 -12%', { label: '前三失效模式', value: '漏油、异响、启动困难' }],
      attachmentNames: ['质量信息反馈表-品质部-2026-11.pdf'],
      documentId: 'doc-42',
      sha256: 'ab12',
    };
    const zh = renderMail('report-delivery', undefined, vars);
    expect(zh.subject).toBe('【2026-11】质量信息反馈表（品质部）');
    expect(zh.text).toContain('附件是 2026-11 期间的《质量信息反馈表（品质部）》');
    expect(zh.text).toContain('  • 前三失效模式: 漏油、异响、启动困难');
    expect(zh.text).toContain('文档编号 doc-42，SHA-256 ab12');
    expect(zh.html).toContain('<html lang="zh-CN">');
    const en = renderMail('report-delivery', 'en', { ...vars, title: 'Quality feedback (Quality dept.)' });
    expect(en.subject).toBe('[2026-11] Quality feedback (Quality dept.)');
    expect(en.text).toContain('Please find attached "Quality feedback (Quality dept.)" for the period 2026-11.');
    expect(en.html).toContain('<html lang="en">');
  });

  it('escapes every variable in HTML and keeps the subject on one line', () => {
    const out = renderMail('report-delivery', 'zh-CN', {
      title: '对账单<script>alert(1)</script>\r\nBcc: spy@attacker.example',
      period: '2026-11',
      recipientName: '"王" & <经理>',
      summaryLines: [{ label: '<b>余额</b>', value: "1,000.00' onmouseover='x" }],
    });
    expect(out.subject).toBe('【2026-11】对账单<script>alert(1)</script> Bcc: spy@attacker.example');
    expect(out.html).not.toContain('<script>');
    expect(out.html).not.toContain('<b>');
    expect(out.html).toContain('&#60;script&#62;');
    expect(out.html).toContain('&#34;王&#34; &#38; &#60;经理&#62;');
    expect(out.html).toContain('1,000.00&#39; onmouseover=&#39;x');
  });

  it('renders an action request with the link button, summary, expiry in Shanghai time and the unexpected-mail note', () => {
    const out = renderMail('action-request', 'zh-CN', approval);
    expect(out.subject).toBe('【待处理】2026-11 新件库盘点差异审批');
    expect(out.text).toContain('请您处理：2026-11 新件库盘点差异审批。');
    expect(out.text).toContain('  • 差异金额: ¥-3,456.70');
    expect(out.text).toContain('  • 发起人：仓管 张三');
    expect(out.text).toContain(`查看并处理: ${approval.actionUrl}`);
    expect(out.text).toContain('此链接将于 2026-12-05 18:00 (Asia/Shanghai) 失效');
    expect(out.text).toContain('如果您并未预期收到此邮件');
    expect(out.html).toContain('href="https://ops.example.com/a/7f3c?step=approve-variance&#38;sig=ab+cd"');

    const en = renderMail('action-request', 'en', {
      ...approval,
      timeZone: 'Europe/Berlin',
      actionLabel: 'Approve or reject',
    });
    expect(en.subject).toBe('Action required: 2026-11 新件库盘点差异审批');
    expect(en.text).toContain('This link expires on 2026-12-05 11:00 (Europe/Berlin)');
    expect(en.text).toContain('If you did not expect this email');
    expect(en.html).toContain('>Approve or reject</a>');
  });

  it('renders reminder and escalation variants of the same request', () => {
    const r = renderMail('reminder', undefined, { ...approval, reminderNumber: 2 });
    expect(r.subject).toBe('【提醒】2026-11 新件库盘点差异审批');
    expect(r.text).toContain('第 2 次提醒：“2026-11 新件库盘点差异审批”尚未处理');
    const e = renderMail('escalation', 'en', {
      ...approval,
      recipientName: 'Ms. Zhao',
      originalRecipient: 'Li (warehouse manager)',
      waitingSince: '2026-12-01T01:30:00Z',
    });
    expect(e.subject).toBe('Escalation: 2026-11 新件库盘点差异审批');
    expect(e.text).toContain(
      'was sent to Li (warehouse manager) on 2026-12-01 09:30 (Asia/Shanghai) and has not been answered',
    );
    expect(e.text).toContain('Dear Ms. Zhao,');
  });

  it('refuses unsafe links and malformed or missing variables with the variable named', () => {
    expect(() => renderMail('action-request', 'zh-CN', { ...approval, actionUrl: 'javascript:alert(1)' })).toThrow(
      'Mail template variable "actionUrl" must be an http(s) URL',
    );
    expect(() => renderMail('action-request', 'zh-CN', { ...approval, actionUrl: '/relative' })).toThrow('"actionUrl"');
    expect(() => renderMail('action-request', 'zh-CN', { ...approval, expiresAt: 'next Friday' })).toThrow(
      '"expiresAt"',
    );
    expect(() => renderMail('report-delivery', 'zh-CN', { title: '', period: '2026-11' })).toThrow('"title"');
  });

  it('a rendered Chinese approval mail arrives intact over SMTP with a working link', async () => {
    const dir = artifactDir('template');
    const catcher = await startMailCatcher({ outboxDir: join(dir, 'outbox') });
    const transport = createMailTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
    try {
      const mail = createMailActivities({
        transport,
        from: '售后服务部 <aftersales@example.com>',
        sentLog: createFileSentLog(join(dir, 'log')),
      });
      const rendered = renderMail('action-request', 'zh-CN', approval);
      await mail.sendMail({
        key: { workflowId: 'stocktake-2026-11-new', step: 'approve-variance', recipient: 'li@example.com' },
        to: { name: '李经理', address: 'li@example.com' },
        ...rendered,
      });
      const [got] = catcher.messages();
      expect(got!.subject).toBe(rendered.subject);
      expect(got!.text).toBe(rendered.text);
      expect(got!.html).toContain('差异金额');
      const href = /href="([^"]+)"/.exec(String(got!.html))?.[1]?.replace(/&#38;/g, '&');
      expect(href).toBe(approval.actionUrl);
    } finally {
      transport.close();
      await catcher.close();
    }
  });
});

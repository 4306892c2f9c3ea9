import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createMailTransport } from '../../../activities/mail/create-transport';
import { startMailCatcher } from '../../../scripts/lib/mail-catcher';
import { createMailActivities } from '../../../activities/mail/send-mail';
import { createFileSentLog } from '../../../activities/mail/sent-log';
import { artifactDir } from './mail-test-kit';

describe('mail catcher', () => {
  it('stores every accepted message as a complete .eml, reports the envelope, and waits for later mail', async () => {
    const dir = artifactDir('catcher');
    const catcher = await startMailCatcher({ outboxDir: dir });
    const transport = createMailTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
    try {
      const later = catcher.waitFor((m) => m.subject === '第二封', 5_000);
      await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: '第一封', text: '一' });
      await transport.sendMail({
        from: 'a@example.com',
        to: 'b@example.com',
        bcc: 'hidden@example.com',
        subject: '第二封',
        text: '二',
      });
      expect((await later).text?.trim()).toBe('二');
      const second = catcher.caught()[1]!;
      // Bcc only exists in the envelope, which the catcher keeps next to the parsed message.
      expect(second.envelope).toEqual({ from: 'a@example.com', to: ['b@example.com', 'hidden@example.com'] });
      expect(second.user).toBeUndefined();
      const files = readdirSync(dir).sort();
      expect(files).toHaveLength(2);
      expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
      expect((await simpleParser(readFileSync(join(dir, files[0]!)))).subject).toBe('第一封');
      await expect(catcher.waitFor((m) => m.subject === 'never', 100)).rejects.toThrow('2 received');
    } finally {
      transport.close();
      await catcher.close();
    }
  });
});

describe('createMailTransport', () => {
  it('pools connections for a bulk run with credentials, and a rerun of the same batch sends nothing', async () => {
    const dir = artifactDir('bulk');
    const catcher = await startMailCatcher({ outboxDir: join(dir, 'outbox') });
    const transport = createMailTransport({
      host: '127.0.0.1',
      port: catcher.port,
      secure: false,
      user: 'mailer',
      pass: 'secret',
      pool: { maxConnections: 4, maxMessages: 50 },
    });
    const mail = createMailActivities({
      transport,
      from: '财务 <finance@example.com>',
      sentLog: createFileSentLog(join(dir, 'log')),
    });
    const dealers = Array.from({ length: 200 }, (_, i) => `dealer${String(i).padStart(4, '0')}@dealers.example`);
    const send = (to: string) =>
      mail.sendMail({
        key: { workflowId: 'dunning-2026-11', step: 'statement', recipient: to },
        to,
        subject: `2026年11月对账单 ${to}`,
        text: '您好：附件是本月对账单，请核对。',
      });
    try {
      const started = performance.now();
      const first = await Promise.all(dealers.map(send));
      const ms = performance.now() - started;
      console.log(`bulk: ${dealers.length} mails over a 4-connection pool in ${ms.toFixed(0)} ms`);
      expect(first.every((r) => r.status === 'sent')).toBe(true);
      expect(catcher.messages()).toHaveLength(200);
      expect(new Set(catcher.caught().map((c) => c.envelope.to[0])).size).toBe(200);
      expect(new Set(catcher.caught().map((c) => c.user))).toEqual(new Set(['mailer']));

      const rerun = await Promise.all(dealers.map(send));
      expect(rerun.every((r) => r.status === 'already-sent')).toBe(true);
      expect(rerun.map((r) => r.messageId)).toEqual(first.map((r) => r.messageId));
      expect(catcher.messages()).toHaveLength(200);
    } finally {
      transport.close();
      await catcher.close();
    }
  });

  it('refuses attachment content from file paths or URLs', async () => {
    const catcher = await startMailCatcher();
    const transport = createMailTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
    try {
      const base = { from: 'a@example.com', to: 'b@example.com', subject: 's', text: 't' };
      await expect(transport.sendMail({ ...base, attachments: [{ path: '/etc/hostname' }] })).rejects.toThrow(
        /File access rejected/,
      );
      await expect(transport.sendMail({ ...base, attachments: [{ path: 'http://127.0.0.1:9/x' }] })).rejects.toThrow(
        /url access rejected/i,
      );
      expect(catcher.messages()).toHaveLength(0);
    } finally {
      transport.close();
      await catcher.close();
    }
  });
});

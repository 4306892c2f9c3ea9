import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { Connection } from '@temporalio/client';
import { createMailTransport } from '../../activities/mail/create-transport';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { startStack } from '../../scripts/lib/stack';
import { makeTestConfig } from '../support/test-config';
import { temporalAddress } from '../support/temporal';

describe('the stack reuses what already listens on its ports', () => {
  let catcher: MailCatcher;
  beforeAll(async () => {
    catcher = await startMailCatcher({ port: 0 });
  });
  afterAll(async () => {
    await catcher.close();
  });

  it('a mail catcher and a Temporal dev server already running are used, not started again nor stopped', async () => {
    const port = Number(temporalAddress().split(':')[1]);
    const cfg = makeTestConfig({ smtpPort: catcher.port });
    const lines: string[] = [];
    const stack = await startStack(
      { ...cfg, temporal: { ...cfg.temporal, address: 'embedded', embedded: { ...cfg.temporal.embedded, port } } },
      { worker: false, web: false, log: (l) => lines.push(l) },
    );
    try {
      expect(stack.devServer).toBeUndefined();
      expect(stack.catcher).toBeUndefined();
      expect(lines.join('\n')).toContain(`reusing the Temporal dev server already running on 127.0.0.1:${port}`);
      expect(lines.join('\n')).toContain(`reusing the mail catcher already listening on 127.0.0.1:${catcher.port}`);
      await stack.services.transport.sendMail({ from: 'a@example.cn', to: 'b@example.cn', subject: 'x', text: 'y' });
      expect(catcher.messages()).toHaveLength(1);
    } finally {
      await stack.stop();
    }
    // The stack did not stop what it did not start: both still answer.
    const conn = await Connection.connect({ address: temporalAddress() });
    await conn.workflowService.getSystemInfo({});
    await conn.close();
    const transport = createMailTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
    await transport.sendMail({ from: 'a@example.cn', to: 'b@example.cn', subject: 'after', text: 'y' });
    transport.close();
    expect(catcher.messages()).toHaveLength(2);
  });

  it('a port taken by something that is not SMTP is a clear error', async () => {
    const squatter: Server = createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
    const busy = (squatter.address() as { port: number }).port;
    const port = Number(temporalAddress().split(':')[1]);
    const cfg = makeTestConfig({ smtpPort: busy });
    try {
      await expect(
        startStack(
          { ...cfg, temporal: { ...cfg.temporal, address: 'embedded', embedded: { ...cfg.temporal.embedded, port } } },
          { worker: false, web: false, log: () => undefined },
        ),
      ).rejects.toThrow(`port ${busy} (smtp.port) is taken by something that is not an SMTP server`);
    } finally {
      squatter.close();
    }
  });
});

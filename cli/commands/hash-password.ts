import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { runHashPasswordCli } from '../../web/portal/password-hash';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export function registerHashPasswordCommand(program: Command, ctx: CliContext): void {
  program
    .command('hash-password')
    .description('hash an auditor password read from stdin (first line) for config `auditors[].passwordHash`')
    .addHelpText(
      'after',
      '\nThe password is read from stdin so it stays out of shell history and `ps`:\n  printf %s "$PASSWORD" | aftersales hash-password',
    )
    .action(async () => {
      const password = await firstLine(ctx.io.stdin);
      if (!password)
        throw new UsageError('no password on stdin (pipe it in: printf %s "$PASSWORD" | aftersales hash-password)');
      await runHashPasswordCli(Readable.from([`${password}\n`]), ctx.io.stdout);
    });
}

/**
 * `aftersales` — the operator's command line (`npx aftersales …`, `npm run cli -- …`). Every command has --help;
 * errors are one readable line (stack traces only with --verbose); exit codes: 0 ok, 1 failure, 2 usage or
 * config error. Config from --config or AFTERSALES_CONFIG (default config/example.yaml).
 */
import { Command, CommanderError } from 'commander';
import { registerArchiveCommands } from './commands/archive';
import { registerAuditCommands } from './commands/audit';
import { registerApproveCommand } from './commands/approve';
import { registerConfigCommands } from './commands/config-validate';
import { registerHashPasswordCommand } from './commands/hash-password';
import { registerResendMailCommand } from './commands/resend-mail';
import { registerRunCommand } from './commands/run';
import { registerSchedulesCommands } from './commands/schedules';
import { registerSheetsCommands } from './commands/sheets-inspect';
import { registerStatusCommand } from './commands/status';
import { registerWorkflowsCommand } from './commands/workflows';
import { CliContext, type CliIo, type GlobalOptions } from './context';
import { EXIT, describeError, exitCodeOf } from './errors';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command()
    .name('aftersales')
    .description('Aftersales Ops: run and watch the month-end workflows, schedules, approvals and the archive')
    .option('-c, --config <path>', 'config file (default: $AFTERSALES_CONFIG or config/example.yaml)')
    .option('-v, --verbose', 'show stack traces and causes of errors')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .exitOverride();
  // Global options are read when a command runs, so `aftersales run … --config x` and `aftersales --config x run …` both work.
  program.hook('preAction', (_root, action) => {
    const merged = action.optsWithGlobals<GlobalOptions>();
    Object.assign(ctx.options, {
      config: merged.config ?? ctx.options.config,
      verbose: merged.verbose ?? ctx.options.verbose,
    });
  });
  registerWorkflowsCommand(program, ctx);
  registerRunCommand(program, ctx);
  registerStatusCommand(program, ctx);
  registerApproveCommand(program, ctx);
  registerResendMailCommand(program, ctx);
  registerArchiveCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerConfigCommands(program, ctx);
  registerSchedulesCommands(program, ctx);
  registerSheetsCommands(program, ctx);
  registerHashPasswordCommand(program, ctx);
  // Sub-commands inherit the error handling and output of the root.
  const inherit = (cmd: Command): void => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(add --help for usage)');
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Runs the CLI on `argv` (as process.argv: node, script, args…) and returns the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<number> {
  // `aftersales archive list | head`: a closed pipe ends the output quietly, not with an EPIPE stack trace.
  io.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  const ctx = new CliContext({ verbose: argv.includes('--verbose') || argv.includes('-v') }, io);
  const program = buildProgram(ctx);
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    // Commander has already printed its own usage messages.
    if (!(err instanceof CommanderError)) ctx.err(describeError(err, !!ctx.options.verbose));
    return exitCodeOf(err);
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  void runCli(process.argv).then((code) => {
    process.exitCode = code;
  });
}

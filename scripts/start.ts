/**
 * `npm start`: worker + web server together (plus the embedded Temporal dev server and mail catcher when the
 * config says so). `--no-worker` / `--no-web` run one alone. Stops cleanly on SIGINT/SIGTERM.
 */
import { loadConfig } from '../config/load-config';
import { AppError } from '../domain/errors';
import { startStack } from './lib/stack';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cfgIdx = argv.indexOf('--config');
  const cfg = loadConfig(cfgIdx >= 0 ? argv[cfgIdx + 1] : undefined);
  const stack = await startStack(cfg, { worker: !argv.includes('--no-worker'), web: !argv.includes('--no-web') });
  console.log('[start] running; press Ctrl+C to stop');
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[start] ${sig}: shutting down`);
    stack.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof AppError ? err.message : err);
  process.exit(1);
});

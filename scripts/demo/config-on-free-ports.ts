import { join } from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/load-config';
import { freePort } from '../lib/dev-server';
import { demoTimings } from './demo-early-warning';

/**
 * The demo config (config/example.yaml) with its own data dir and free ports for the embedded Temporal server,
 * the mail catcher and the web server, so a running `npm run demo` is never in the way (tests, replay capture);
 * with the demo's timings (an incident's verification period of seconds instead of weeks).
 */
export async function demoConfigOnFreePorts(dataDir: string): Promise<LoadedConfig> {
  const base = loadConfig(join(__dirname, '..', '..', 'config', 'example.yaml'), {});
  const [port, uiPort, smtpPort, webPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  return demoTimings({
    ...base,
    dataDirAbs: dataDir,
    temporal: { ...base.temporal, address: 'embedded', embedded: { port, uiPort, dbFile: 'temporal.db' } },
    smtp: { mode: 'catcher', port: smtpPort, outboxDir: 'outbox', from: base.smtp.from },
    web: { ...base.web, port: webPort, publicBaseUrl: `http://127.0.0.1:${webPort}` },
  });
}

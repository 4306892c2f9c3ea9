// The parts a quality test clicks links on: a mail catcher, the platform services on a fresh data dir, a Temporal
// client and the real web server on a free port (its public base URL is what the mailed links point at).
import type { Client } from '@temporalio/client';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { startWebServer, type RunningWebServer } from '../../../web/server';
import { createPlatformServices, createWeb, type PlatformServices } from '../../../worker';
import { connectClient } from '../../support/temporal';
import { makeTestConfig } from '../../support/test-config';
import { freePort } from './quality-test-kit';

export interface QualityWebStack {
  cfg: PlatformServices['config'];
  catcher: MailCatcher;
  services: PlatformServices;
  client: Client;
  server: RunningWebServer;
  close(): Promise<void>;
}

export async function startQualityWebStack(): Promise<QualityWebStack> {
  const catcher = await startMailCatcher({ port: 0 });
  const port = await freePort();
  const cfg = makeTestConfig({ smtpPort: catcher.port, publicBaseUrl: `http://127.0.0.1:${port}` });
  const services = createPlatformServices(cfg);
  const client = await connectClient();
  const server = await startWebServer({ app: createWeb(services, client), port });
  return {
    cfg: services.config,
    catcher,
    services,
    client,
    server,
    async close() {
      await server.close();
      await client.connection.close();
      services.transport.close();
      await catcher.close();
    },
  };
}

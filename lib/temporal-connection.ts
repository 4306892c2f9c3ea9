/**
 * The one place Temporal connections are made from the config, for the worker, the CLI and the web server:
 * the address (`embedded` = the dev server `npm start` runs), TLS client certificates or an API key.
 */
import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/load-config';

/** host:port of the config's Temporal frontend. */
export function temporalAddress(cfg: LoadedConfig): string {
  return cfg.temporal.address === 'embedded' ? `127.0.0.1:${cfg.temporal.embedded.port}` : cfg.temporal.address;
}

/** Options for `Connection.connect` / `NativeConnection.connect`: address, TLS, API key. */
export function temporalConnectionOptions(cfg: LoadedConfig) {
  const t = cfg.temporal;
  return {
    address: temporalAddress(cfg),
    tls: t.tls
      ? { clientCertPair: { crt: readFileSync(t.tls.certPath), key: readFileSync(t.tls.keyPath) } }
      : t.apiKey
        ? true
        : undefined,
    ...(t.apiKey ? { apiKey: t.apiKey } : {}),
  };
}

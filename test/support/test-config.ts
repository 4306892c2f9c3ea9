import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseConfig, type LoadedConfig } from '../../config/load-config';

/**
 * A LoadedConfig for tests: the example config with a fresh temp data dir, the given mail catcher port
 * and web base URL. Deep-merge `patch` for test-specific settings.
 */
export function makeTestConfig(opts: {
  smtpPort: number;
  publicBaseUrl?: string;
  patch?: Record<string, unknown>;
}): LoadedConfig {
  const raw = parse(readFileSync(join(__dirname, '..', '..', 'config', 'example.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-test-'));
  const merged = deepMerge(raw, {
    dataDir,
    smtp: { mode: 'catcher', port: opts.smtpPort, outboxDir: 'outbox', from: '售后服务部 <aftersales@example.cn>' },
    web: { publicBaseUrl: opts.publicBaseUrl ?? 'http://127.0.0.1:8380' },
    ...(opts.patch ?? {}),
  });
  const cfg = parseConfig(merged, {}, 'test-config');
  return { ...cfg, configPath: join(dataDir, 'config.yaml'), dataDirAbs: dataDir };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)
        ? deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

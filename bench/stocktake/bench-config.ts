import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseConfig, type LoadedConfig } from '../../config/load-config';

/** The example config on the bench's own data dir, mailing to the bench's SMTP listener. */
export function benchConfig(dataDir: string, smtpPort: number): LoadedConfig {
  const raw = parse(readFileSync(join(__dirname, '..', '..', 'config', 'example.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const cfg = parseConfig(
    {
      ...raw,
      dataDir,
      smtp: { mode: 'catcher', port: smtpPort, outboxDir: 'outbox', from: '售后服务部 <aftersales@example.cn>' },
    },
    {},
    'bench',
  );
  return { ...cfg, configPath: join(dataDir, 'config.yaml'), dataDirAbs: dataDir };
}

/** The real services and activities for a benchmark process: platform + dunning, on their own data dir. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createDunningActivities, createDunningServices } from '../../activities/dunning';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { dataPath, parseConfig, type LoadedConfig } from '../../config/load-config';
import { createActivities, createPlatformServices } from '../../worker';
import type { DunningSettingsInput } from '../../workflows/dunning-month';
import { procedureFromConfig } from '../../domain/dunning';
import { type Period } from '../../domain/calendar';

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
      secrets: {
        linkKeys: ['bench-link-key-0123456789abcdef0123456789'],
        sessionSecret: 'bench-session-secret-0123456789abcdef0123',
        csrfSecret: 'bench-csrf-secret-0123456789abcdef012345',
      },
    },
    {},
    'bench',
  );
  return { ...cfg, configPath: join(dataDir, 'config.yaml'), dataDirAbs: dataDir };
}

export function benchActivities(cfg: LoadedConfig) {
  const services = createPlatformServices(cfg);
  const excel = createExcelBackend();
  const platform = createActivities(services);
  const activities = {
    ...platform,
    ...createDunningActivities({
      ...createDunningServices({
        root: dataPath(cfg, cfg.archive.dir),
        resolveExcelPath: (ref) => excel.resolvePath(ref),
      }),
      work: services.work,
      archive: services.archive,
      backendFor: () => excel,
      mail: platform.sendMail,
      render: platform.renderDocument,
      signer: { keys: cfg.secrets.linkKeys },
      publicBaseUrl: cfg.web.publicBaseUrl,
      timeZone: cfg.timezone,
      senderName: cfg.company.name,
    }),
  };
  return { services, activities };
}

export function benchSettings(
  cfg: LoadedConfig,
  period: Period,
  dealersPath: string,
  transactionsPath: string,
): DunningSettingsInput {
  return {
    period,
    procedure: procedureFromConfig(cfg.dunning!),
    sources: { dealers: { kind: 'excel', path: dealersPath }, transactions: { kind: 'excel', path: transactionsPath } },
    people: {
      finance: cfg.people.finance,
      manager: cfg.people.manager,
      customerSupervisor: cfg.people.customerSupervisor,
    },
    locale: 'zh-CN',
    timeZone: cfg.timezone,
    defaultPaymentTermsDays: 30,
    followUpDays: 0,
    recheckDays: 7,
    approvals: { reminders: ['2 days'], linkTtl: '14 days' },
    statementLinkTtl: '30 days',
    companyName: cfg.company.name,
  };
}

import type { QualitySource } from './types';

export type DepartmentKind = 'sales' | 'production' | 'quality' | 'purchasing' | 'engineering';

/**
 * Which slice of the monthly quality data goes to which department. Plain data (no zod) so config,
 * workflows and tests can all build one; `DEFAULT_QUALITY_ROUTING` is the department split of the seed duty
 * 质量信息反馈表 报营销、生产、品质、采购、技术.
 */
export interface DepartmentRoute {
  /** Stable id, used in file names and mail keys (unique within the routing). */
  id: string;
  kind: DepartmentKind;
  name: string;
  nameEn: string;
  recipients: string[];
  /**
   * Failure-mode categories this department owns (compared after NFKC, case-insensitively); empty = all.
   * production: 制造/装配 · engineering: 设计 · purchasing: 供应商 (supplier-attributable).
   */
  categories: string[];
  /** Event sources the sales view counts (complaints and calls by default); empty = all. */
  sources: QualitySource[];
  /** Rows per ranked table in the view. */
  topN: number;
}

export interface QualityRouting {
  departments: DepartmentRoute[];
}

export const DEFAULT_QUALITY_ROUTING: QualityRouting = {
  departments: [
    {
      id: 'sales',
      kind: 'sales',
      name: '营销部',
      nameEn: 'Sales',
      recipients: [],
      categories: [],
      sources: ['complaint', 'call'],
      topN: 10,
    },
    {
      id: 'production',
      kind: 'production',
      name: '生产部',
      nameEn: 'Production',
      recipients: [],
      categories: ['制造', '装配', 'manufacturing', 'assembly'],
      sources: [],
      topN: 10,
    },
    {
      id: 'quality',
      kind: 'quality',
      name: '品质部',
      nameEn: 'Quality',
      recipients: [],
      categories: [],
      sources: [],
      topN: 10,
    },
    {
      id: 'purchasing',
      kind: 'purchasing',
      name: '采购/配套部',
      nameEn: 'Purchasing',
      recipients: [],
      categories: ['供应商', '外购', 'supplier'],
      sources: [],
      topN: 10,
    },
    {
      id: 'engineering',
      kind: 'engineering',
      name: '技术部',
      nameEn: 'Engineering',
      recipients: [],
      categories: ['设计', 'design'],
      sources: [],
      topN: 10,
    },
  ],
};

/**
 * Fills names and recipients from the config's `departments` map (keyed by kind); routes whose kind is
 * missing from the map keep their defaults and no recipients.
 */
export function withDepartmentRecipients(
  routing: QualityRouting,
  departments: Partial<Record<string, { name?: string; emails: readonly string[] }>>,
): QualityRouting {
  return {
    departments: routing.departments.map((d) => {
      const cfg = departments[d.id] ?? departments[d.kind];
      return cfg ? { ...d, name: cfg.name ?? d.name, recipients: [...cfg.emails] } : { ...d };
    }),
  };
}

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../../config/schema';
import {
  finalLevel,
  interestRateAtLevel,
  procedureFromConfig,
  validateProcedure,
  type DunningConfigSection,
} from '../../../domain/dunning';
import { ConfigError } from '../../../domain/errors';
import { exampleProcedure } from './fixtures';

const YAML = `
graceDays: 3
concurrency: 20
minBalanceForStatement: 0.01
levels:
  - { level: 1, daysAfterDue: 0, minOverdue: 100, template: dunning-reminder }
  - { level: 2, daysAfterDue: 10, minOverdue: 100, template: dunning-second, fee: 50 }
  - { level: 3, daysAfterDue: 20, minOverdue: "1,000.50", template: dunning-final, interestBpPerYear: 1000, needsApproval: true }
creditHold: { atLevel: 3, overLimit: true }
`;

describe('dunning procedure', () => {
  it('is built from the parsed config section (money in fen)', () => {
    const section: DunningConfigSection | undefined = configSchema.shape.dunning.parse(parse(YAML));
    const p = procedureFromConfig(section!);
    expect(p).toEqual({
      graceDays: 3,
      minBalanceForStatementFen: 1,
      levels: [
        { level: 1, daysAfterDue: 0, minOverdueFen: 10_000, template: 'dunning-reminder', needsApproval: false },
        {
          level: 2,
          daysAfterDue: 10,
          minOverdueFen: 10_000,
          template: 'dunning-second',
          feeFen: 5_000,
          needsApproval: false,
        },
        {
          level: 3,
          daysAfterDue: 20,
          minOverdueFen: 100_050,
          template: 'dunning-final',
          interestBpPerYear: 1000,
          needsApproval: true,
        },
      ],
      creditHold: { overLimit: true, atLevel: 3 },
    });
  });

  it('interest applies from the first level that sets a rate, inherited upwards', () => {
    const p = exampleProcedure();
    expect([0, 1, 2, 3].map((l) => interestRateAtLevel(p, l))).toEqual([0, 0, 0, 1000]);
    p.levels[1]!.interestBpPerYear = 500;
    expect([0, 1, 2, 3].map((l) => interestRateAtLevel(p, l))).toEqual([0, 0, 500, 1000]);
    expect(finalLevel(p)).toBe(3);
  });

  it('rejects inconsistent procedures with a ConfigError', () => {
    const bad = (mutate: (p: ReturnType<typeof exampleProcedure>) => void): (() => unknown) => {
      const p = exampleProcedure();
      mutate(p);
      return () => validateProcedure(p);
    };
    expect(bad(() => undefined)).not.toThrow();
    expect(bad((p) => (p.levels = []))).toThrow(ConfigError);
    expect(bad((p) => (p.levels[2]!.level = 4))).toThrow(/numbered 1\.\.3/);
    expect(bad((p) => (p.levels[1]!.daysAfterDue = 0))).toThrow(/daysAfterDue must be greater/);
    expect(bad((p) => (p.levels[0]!.template = ''))).toThrow(/template/);
    expect(bad((p) => (p.levels[0]!.minOverdueFen = -1))).toThrow(/minOverdue/);
    expect(bad((p) => (p.levels[0]!.interestBpPerYear = 1.5))).toThrow(/interestBpPerYear/);
    expect(bad((p) => (p.graceDays = -1))).toThrow(/graceDays/);
    expect(bad((p) => (p.creditHold = { overLimit: true, atLevel: 4 }))).toThrow(/atLevel/);
  });
});

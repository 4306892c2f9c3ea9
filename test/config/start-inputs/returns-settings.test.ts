// Return processing reads its register and masters as one sheet each and writes each journal to one sheet: a list,
// a glob or several sheets there is refused at start-up with a ConfigError naming every such key (it used to take
// the first entry and leave the others' returns, dealers and parts out silently).
import { describe, expect, it } from 'vitest';
import { firstSource } from '../../../config/schema';
import { makeTestConfig } from '../../support/test-config';
import { returnsSettingsFromConfig } from '../../../config/start-inputs/returns-settings';

const base = makeTestConfig({ smtpPort: 2525 });
const register = firstSource(base.sources.returns)!;
const dealers = firstSource(base.sources.dealers)!;
const parts = firstSource(base.sources.parts)!;
if (register.kind !== 'excel' || dealers.kind !== 'excel' || parts.kind !== 'excel') {
  throw new Error('the example keeps these in Excel');
}

describe('returnsSettingsFromConfig: one sheet per table, or refused', () => {
  it('reads the register and masters of the example as one sheet each', () => {
    const s = returnsSettingsFromConfig(base);
    expect(s.sources.register).toEqual({ kind: 'excel', path: register.path, sheet: register.sheet });
    expect(s.sources.dealers).toEqual({ kind: 'excel', path: dealers.path, sheet: dealers.sheet });
    expect(s.targets.credits).toEqual({ kind: 'excel', path: 'samples/退货抵扣.xlsx', sheet: '退货抵扣' });
  });

  it('claims incident costs from the early warning register, and from none without early warning', () => {
    const reg = base.earlyWarning?.register;
    expect(reg).toBeDefined();
    expect(returnsSettingsFromConfig(base).incidentRegister).toMatchObject({ kind: 'excel', sheet: '质量事件' });
    // Without a register configured: 质量事件登记.xlsx beside the first quality-event source, as the incidents write it.
    const beside = returnsSettingsFromConfig({ ...base, earlyWarning: { ...base.earlyWarning!, register: undefined } });
    expect(beside.incidentRegister).toMatchObject({ kind: 'excel', sheet: '质量事件' });
    expect(beside.incidentRegister?.kind === 'excel' && beside.incidentRegister.path).toMatch(/质量事件登记\.xlsx$/);
    expect(returnsSettingsFromConfig({ ...base, earlyWarning: undefined }).incidentRegister).toBeUndefined();
  });

  it('refuses a register glob, a dealer list and parts on several sheets, naming each key at once', () => {
    const cfg = {
      ...base,
      sources: {
        ...base.sources,
        returns: { ...register, path: 'samples/旧件退回登记 2026-*.xlsx' },
        dealers: [dealers, { ...dealers, path: 'samples/经销商名录 华南.xlsx' }],
        parts: { ...parts, sheet: undefined, sheets: ['配件目录', '新增配件'] },
      },
    };
    expect(() => returnsSettingsFromConfig(cfg)).toThrow(
      new RegExp(
        [
          '^sources\\.returns: return processing reads one workbook and one sheet per table; a glob',
          'sources\\.dealers: return processing reads .*a list of sources',
          'sources\\.parts: return processing reads .*several sheets \\(配件目录, 新增配件\\).*point it at one sheet',
        ].join('.*\\n'),
      ),
    );
  });

  it('refuses a journal target on several sheets', () => {
    const cfg = {
      ...base,
      returns: { ...base.returns!, targets: { credits: { ...register, sheet: undefined, sheets: ['a', 'b'] } } },
    };
    expect(() => returnsSettingsFromConfig(cfg)).toThrow(/^returns\.targets\.credits: return processing reads one/);
  });
});

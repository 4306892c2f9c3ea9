import { describe, expect, it } from 'vitest';
import {
  cleanNumberText,
  parseBoolean,
  parseCode,
  parseDate,
  parseDecimal,
  parseEmails,
  parseInteger,
  parseList,
  parseMoney,
  parseMonth,
  parsePercentBp,
} from '../../../domain/sheets/parse-values';

const value = <T>(r: { ok: true; value: T } | { ok: false }): T | 'fail' => (r.ok ? r.value : 'fail');

describe('numbers typed by people', () => {
  it.each([
    ['1,234', '1234'],
    ['１２３．５', '123.5'],
    ['¥1,234.50', '1234.50'],
    ['￥ 88', '88'],
    ['(1,234.00)', '-1234.00'],
    ["'0012", '0012'],
    ['1.5E+3', '1.5E+3'],
    ['12元', '12'],
    ['−7', '-7'],
    ['1,23', null],
    ['12,3456', null],
    ['12abc', null],
    ['', null],
  ])('cleanNumberText(%j) → %j', (input, expected) => {
    expect(cleanNumberText(input)).toBe(expected);
  });

  it('parses decimals and integers, with unit words where allowed', () => {
    expect(value(parseDecimal('1,200.5'))).toBe(1200.5);
    expect(value(parseDecimal(0.1 + 0.2))).toBe(0.3);
    expect(value(parseInteger('30天', ['天']))).toBe(30);
    expect(value(parseInteger('30天'))).toBe('fail');
    expect(parseInteger('1.5')).toEqual({ ok: false, reason: 'integer' });
    expect(value(parseInteger(11.999999999999998))).toBe(12);
    expect(parseDecimal('#N/A')).toEqual({ ok: false, reason: 'formulaError', detail: '#N/A' });
  });
});

describe('money to integer fen', () => {
  it.each([
    ['¥1,234.50', 123450],
    ['1234.5', 123450],
    ['１２．３', 1230],
    ['(12.00)', -1200],
    ['12.345', 1235],
    ['12.344', 1234],
    ['-0.005', -1],
    ['0.00', 0],
    ['RMB 5', 500],
  ])('%j → %d fen', (input, fen) => {
    expect(value(parseMoney(input))).toBe(fen);
  });
  it('rounds numbers on their decimal digits, not binary ones', () => {
    expect(value(parseMoney(1234.505))).toBe(123451);
    expect(value(parseMoney(1.005))).toBe(101);
    expect(value(parseMoney(0.1 + 0.2))).toBe(30);
    expect(value(parseMoney(-12.5))).toBe(-1250);
  });
  it('a number and its shortest decimal text give the same fen (the fast path for whole cents included)', () => {
    const bits = new Float64Array(1);
    const word = new BigInt64Array(bits.buffer);
    const neighbour = (x: number, d: number): number => {
      bits[0] = x;
      word[0] = (word[0] as bigint) + BigInt(d);
      return bits[0];
    };
    let compared = 0;
    for (let k = -30_000; k <= 30_000; k += 7) {
      for (const base of [k / 100, k * 1.01, k * 12_345.67, k / 1000]) {
        for (const n of [base, neighbour(base, 1), neighbour(base, -1), neighbour(base, 3)]) {
          expect(parseMoney(n), String(n)).toEqual(parseMoney(String(n)));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100_000);
    expect(parseMoney(1e21)).toEqual({ ok: false, reason: 'money' });
    expect(value(parseMoney(-0))).toBe(0);
    expect(Object.is(value(parseMoney(-0)), 0)).toBe(true);
  });
  it('rejects non-amounts', () => {
    expect(parseMoney('abc')).toEqual({ ok: false, reason: 'money' });
    expect(parseMoney(true)).toEqual({ ok: false, reason: 'money' });
    expect(parseMoney(new Date())).toEqual({ ok: false, reason: 'money' });
  });
});

describe('percentages as basis points', () => {
  it('reads "12.5%" and Excel fractions alike', () => {
    expect(value(parsePercentBp('12.5%'))).toBe(1250);
    expect(value(parsePercentBp('１２．５％'))).toBe(1250);
    expect(value(parsePercentBp(0.125))).toBe(1250);
    expect(value(parsePercentBp('abc%'))).toBe('fail');
  });
});

describe('dates', () => {
  it.each([
    [new Date(Date.UTC(2026, 10, 3, 15, 30)), '2026-11-03'],
    [46329, '2026-11-03'],
    [46329.75, '2026-11-03'],
    ['46329', '2026-11-03'],
    [20261103, '2026-11-03'],
    ['20261103', '2026-11-03'],
    ['2026-11-03', '2026-11-03'],
    ['2026/11/3', '2026-11-03'],
    ['2026.11.3', '2026-11-03'],
    ['2026年11月3日', '2026-11-03'],
    ['2026 年 11 月 3 日', '2026-11-03'],
    ['２０２６年１１月３日', '2026-11-03'],
    ['2026-11-03 08:30:00', '2026-11-03'],
    ['2026-11-03T08:30', '2026-11-03'],
  ])('%j → %s', (input, iso) => {
    expect(value(parseDate(input))).toBe(iso);
  });
  it.each([['3/11/2026'], ['2026-02-30'], ['2026-13-01'], [12], ['tomorrow'], [true]])('rejects %j', (input) => {
    expect(parseDate(input)).toMatchObject({ ok: false, reason: 'date' });
  });
  it('months', () => {
    expect(value(parseMonth('2026-11'))).toBe('2026-11');
    expect(value(parseMonth('2026年11月'))).toBe('2026-11');
    expect(value(parseMonth(202611))).toBe('2026-11');
    expect(value(parseMonth('2026/11/15'))).toBe('2026-11');
    expect(value(parseMonth(new Date(Date.UTC(2026, 10, 1))))).toBe('2026-11');
    expect(value(parseMonth('2026-13'))).toBe('fail');
  });
});

describe('flags, codes, emails and lists', () => {
  it('booleans in Chinese and English', () => {
    for (const yes of ['是', 'Y', 'yes', 'TRUE', '√', 1, true]) expect(value(parseBoolean(yes))).toBe(true);
    for (const no of ['否', 'n', 'No', 'false', '×', 0, false]) expect(value(parseBoolean(no))).toBe(false);
    expect(value(parseBoolean('冻结', { yes: ['冻结'] }))).toBe(true);
    expect(value(parseBoolean('maybe'))).toBe('fail');
  });
  it('codes are half-width, upper case, without spaces; an auto-converted date is called out', () => {
    expect(value(parseCode(' ｐ－１００３ '))).toBe('P-1003');
    expect(value(parseCode('ab 12'))).toBe('AB12');
    expect(value(parseCode(10023))).toBe('10023');
    expect(parseCode(new Date(Date.UTC(2026, 2, 12)))).toEqual({ ok: false, reason: 'codeIsDate' });
  });
  it('emails and lists', () => {
    expect(value(parseEmails('a@x.cn；b@y.cn'))).toBe('a@x.cn, b@y.cn');
    expect(value(parseEmails('a＠x.cn'))).toBe('a@x.cn');
    expect(value(parseEmails('not-an-email'))).toBe('fail');
    expect(value(parseList('异响；漏油、 磨损,松动'))).toEqual(['异响', '漏油', '磨损', '松动']);
  });
});

describe('formula guard', () => {
  it('prefixes text that a spreadsheet would run as a formula', async () => {
    const { neutraliseFormulaText, neutraliseCell } = await import('../../../domain/sheets/formula-guard');
    expect(['=1+1', '+1', '-1', '@A1', '\tx', '\rx', 'ok', '', ' =1'].map(neutraliseFormulaText)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@A1",
      "'\tx",
      "'\rx",
      'ok',
      '',
      ' =1',
    ]);
    expect(neutraliseCell(-1)).toBe(-1);
    expect(neutraliseCell(null)).toBeNull();
  });
});

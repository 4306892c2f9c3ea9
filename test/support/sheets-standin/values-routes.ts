import { ApiError, type StandinSpreadsheet } from './model';
import type { CellValue, DateTimeRenderOption, ValueRenderOption } from './render';
import {
  appendRows,
  applyWrite,
  clearRange,
  planWrite,
  readRange,
  type ReadOptions,
  type ValueInputOption,
} from './values';

function readOptions(params: URLSearchParams): ReadOptions {
  const o: ReadOptions = {};
  const vr = params.get('valueRenderOption');
  const dr = params.get('dateTimeRenderOption');
  const md = params.get('majorDimension');
  if (vr) {
    if (!['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'].includes(vr))
      throw new ApiError(400, `Invalid value at 'value_render_option' (${vr})`);
    o.valueRenderOption = vr as ValueRenderOption;
  }
  if (dr) o.dateTimeRenderOption = dr as DateTimeRenderOption;
  if (md) o.majorDimension = md as 'ROWS' | 'COLUMNS';
  return o;
}

function inputOption(value: unknown): ValueInputOption {
  if (value === 'RAW' || value === 'USER_ENTERED') return value;
  // Google refuses writes without an explicit valueInputOption.
  throw new ApiError(400, "'valueInputOption' is required but not specified");
}

interface ValueRangeBody {
  range?: string;
  majorDimension?: 'ROWS' | 'COLUMNS';
  values?: CellValue[][];
}

/** The values.* methods of the Sheets v4 API. */
export function dispatchValues(
  ss: StandinSpreadsheet,
  name: string,
  range: string | undefined,
  params: URLSearchParams,
  body: Record<string, unknown>,
): unknown {
  switch (name) {
    case 'spreadsheets.values.get':
      return readRange(ss, range as string, readOptions(params));
    case 'spreadsheets.values.batchGet': {
      const ranges = params.getAll('ranges');
      const opts = readOptions(params);
      return { spreadsheetId: ss.spreadsheetId, valueRanges: ranges.map((r) => readRange(ss, r, opts)) };
    }
    case 'spreadsheets.values.update': {
      const vr = body as ValueRangeBody;
      if (vr.range && vr.range !== range) {
        throw new ApiError(400, `Requested entity range [${range}] does not match the range in the body [${vr.range}]`);
      }
      const plan = planWrite(ss, range as string, vr.values, vr.majorDimension);
      return applyWrite(ss, plan, inputOption(params.get('valueInputOption')));
    }
    case 'spreadsheets.values.append':
      return appendRows(
        ss,
        range as string,
        (body as ValueRangeBody).values ?? [],
        inputOption(params.get('valueInputOption')),
      );
    case 'spreadsheets.values.batchUpdate': {
      const option = inputOption(body.valueInputOption);
      const data = (body.data ?? []) as ValueRangeBody[];
      // Validate every range first: a batch writes all of its ranges or none.
      const plans = data.map((d) => planWrite(ss, d.range ?? '', d.values, d.majorDimension));
      const responses = plans.map((p) => applyWrite(ss, p, option));
      return {
        spreadsheetId: ss.spreadsheetId,
        totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
        totalUpdatedColumns: Math.max(0, ...responses.map((r) => r.updatedColumns)),
        totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
        totalUpdatedSheets: new Set(plans.map((p) => p.sheet.sheetId)).size,
        responses,
      };
    }
    case 'spreadsheets.values.clear':
      return { spreadsheetId: ss.spreadsheetId, clearedRange: clearRange(ss, range as string) };
    case 'spreadsheets.values.batchClear': {
      const ranges = (body.ranges ?? []) as string[];
      return { spreadsheetId: ss.spreadsheetId, clearedRanges: ranges.map((r) => clearRange(ss, r)) };
    }
    default:
      throw new ApiError(404, `Method not found: ${name}`);
  }
}

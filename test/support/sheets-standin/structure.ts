import { ApiError, type DeveloperMetadata, type StandinSheet, type StandinSpreadsheet } from './model';

function sheetResource(ss: StandinSpreadsheet, s: StandinSheet, index: number): Record<string, unknown> {
  const developerMetadata = ss.metadata.filter((m) => 'sheetId' in m.location && m.location.sheetId === s.sheetId);
  return {
    properties: {
      sheetId: s.sheetId,
      title: s.title,
      index,
      sheetType: 'GRID',
      gridProperties: { rowCount: s.rowCount, columnCount: s.columnCount },
      ...(s.hidden ? { hidden: true } : {}),
    },
    ...(s.merges.length ? { merges: s.merges } : {}),
    ...(developerMetadata.length ? { developerMetadata } : {}),
  };
}

/** The Spreadsheet resource as spreadsheets.get returns it with includeGridData=false. */
export function spreadsheetResource(ss: StandinSpreadsheet): Record<string, unknown> {
  const docMeta = ss.metadata.filter((m) => 'spreadsheet' in m.location);
  return {
    spreadsheetId: ss.spreadsheetId,
    properties: { title: ss.title, locale: 'zh_CN', autoRecalc: 'ON_CHANGE', timeZone: 'Asia/Shanghai' },
    sheets: ss.sheets.map((s, i) => sheetResource(ss, s, i)),
    ...(docMeta.length ? { developerMetadata: docMeta } : {}),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${ss.spreadsheetId}/edit`,
  };
}

type Request = Record<string, Record<string, unknown> | undefined>;

function sheetById(ss: StandinSpreadsheet, id: unknown): StandinSheet {
  const s = ss.sheets.find((x) => x.sheetId === id);
  if (!s) throw new ApiError(400, `Invalid requests[0]: No grid with id: ${String(id)}`);
  return s;
}

function addSheet(ss: StandinSpreadsheet, body: Record<string, unknown>): unknown {
  const props = (body.properties ?? {}) as Record<string, unknown>;
  const grid = (props.gridProperties ?? {}) as Record<string, number>;
  const title = (props.title as string | undefined) ?? `Sheet${ss.sheets.length + 1}`;
  if (ss.sheets.some((s) => s.title.toLowerCase() === title.toLowerCase())) {
    throw new ApiError(
      400,
      `Invalid requests[0].addSheet: A sheet with the name "${title}" already exists. Please enter another name.`,
    );
  }
  const sheetId = (props.sheetId as number | undefined) ?? ss.nextSheetId++;
  const sheet: StandinSheet = {
    sheetId,
    title,
    hidden: props.hidden === true,
    rowCount: grid.rowCount ?? 1000,
    columnCount: grid.columnCount ?? 26,
    rows: [],
    formulas: new Map(),
    formats: new Map(),
    columnFormats: [],
    merges: [],
  };
  const index = typeof props.index === 'number' ? props.index : ss.sheets.length;
  ss.sheets.splice(index, 0, sheet);
  return { addSheet: { properties: sheetResource(ss, sheet, ss.sheets.indexOf(sheet)).properties } };
}

function deleteSheet(ss: StandinSpreadsheet, body: Record<string, unknown>): unknown {
  const sheet = sheetById(ss, body.sheetId);
  if (ss.sheets.length === 1)
    throw new ApiError(400, "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document.");
  ss.sheets.splice(ss.sheets.indexOf(sheet), 1);
  ss.metadata = ss.metadata.filter((m) => !('sheetId' in m.location) || m.location.sheetId !== sheet.sheetId);
  return {};
}

function createMetadata(ss: StandinSpreadsheet, body: Record<string, unknown>): unknown {
  const dm = (body.developerMetadata ?? {}) as Record<string, unknown>;
  const loc = (dm.location ?? {}) as Record<string, unknown>;
  if (typeof dm.metadataKey !== 'string')
    throw new ApiError(400, 'Invalid createDeveloperMetadata: metadataKey is required');
  let location: DeveloperMetadata['location'];
  if (typeof loc.sheetId === 'number')
    location = { sheetId: sheetById(ss, loc.sheetId).sheetId, locationType: 'SHEET' };
  else if (loc.spreadsheet === true) location = { spreadsheet: true, locationType: 'SPREADSHEET' };
  else throw new ApiError(400, 'Invalid createDeveloperMetadata: location must be a sheet or the spreadsheet');
  const created: DeveloperMetadata = {
    metadataId: (dm.metadataId as number | undefined) ?? ss.nextMetadataId++,
    metadataKey: dm.metadataKey,
    ...(typeof dm.metadataValue === 'string' ? { metadataValue: dm.metadataValue } : {}),
    location,
    visibility: dm.visibility === 'PROJECT' ? 'PROJECT' : 'DOCUMENT',
  };
  ss.metadata.push(created);
  return { createDeveloperMetadata: { developerMetadata: created } };
}

function deleteMetadata(ss: StandinSpreadsheet, body: Record<string, unknown>): unknown {
  const lookup = ((body.dataFilter ?? {}) as Record<string, unknown>).developerMetadataLookup as
    Record<string, unknown> | undefined;
  if (!lookup)
    throw new ApiError(400, 'Invalid deleteDeveloperMetadata: dataFilter.developerMetadataLookup is required');
  const matches = (m: DeveloperMetadata): boolean =>
    (lookup.metadataId === undefined || m.metadataId === lookup.metadataId) &&
    (lookup.metadataKey === undefined || m.metadataKey === lookup.metadataKey) &&
    (lookup.metadataLocation === undefined ||
      (lookup.metadataLocation as { sheetId?: number }).sheetId ===
        ('sheetId' in m.location ? m.location.sheetId : undefined));
  const deleted = ss.metadata.filter(matches);
  ss.metadata = ss.metadata.filter((m) => !matches(m));
  return { deleteDeveloperMetadata: { deletedDeveloperMetadata: deleted } };
}

function updateSheetProperties(ss: StandinSpreadsheet, body: Record<string, unknown>): unknown {
  const props = (body.properties ?? {}) as Record<string, unknown>;
  const sheet = sheetById(ss, props.sheetId);
  const fields = String(body.fields ?? '')
    .split(',')
    .map((f) => f.trim());
  const grid = (props.gridProperties ?? {}) as Record<string, number>;
  for (const f of fields) {
    if (f === 'title' && typeof props.title === 'string') sheet.title = props.title;
    else if (f === 'hidden') sheet.hidden = props.hidden === true;
    else if (f === 'gridProperties.rowCount' && grid.rowCount) sheet.rowCount = grid.rowCount;
    else if (f === 'gridProperties.columnCount' && grid.columnCount) sheet.columnCount = grid.columnCount;
    else if (f !== '' && f !== 'sheetId')
      throw new ApiError(400, `Invalid updateSheetProperties: unsupported field ${f}`);
  }
  return {};
}

function appendDimension(ss: StandinSpreadsheet, body: Record<string, unknown>): unknown {
  const sheet = sheetById(ss, body.sheetId);
  const length = Number(body.length ?? 0);
  if (body.dimension === 'ROWS') sheet.rowCount += length;
  else sheet.columnCount += length;
  return {};
}

const handlers: Record<string, (ss: StandinSpreadsheet, body: Record<string, unknown>) => unknown> = {
  addSheet,
  deleteSheet,
  createDeveloperMetadata: createMetadata,
  deleteDeveloperMetadata: deleteMetadata,
  updateSheetProperties,
  appendDimension,
};

/** spreadsheets.batchUpdate: all requests apply, or none (Google applies a batch atomically). */
export function applyBatchUpdate(ss: StandinSpreadsheet, requests: Request[]): unknown[] {
  const snapshot = {
    sheets: ss.sheets.map((s) => ({ ...s })),
    order: [...ss.sheets],
    metadata: [...ss.metadata],
    nextSheetId: ss.nextSheetId,
    nextMetadataId: ss.nextMetadataId,
  };
  try {
    return requests.map((req, i) => {
      const [kind, body] = Object.entries(req)[0] ?? [];
      const handler = kind ? handlers[kind] : undefined;
      if (!handler || !body)
        throw new ApiError(400, `Invalid requests[${i}]: unsupported request ${kind ?? '(empty)'}`);
      return handler(ss, body);
    });
  } catch (err) {
    snapshot.order.forEach((s, i) => Object.assign(s, snapshot.sheets[i]));
    ss.sheets = snapshot.order;
    ss.metadata = snapshot.metadata;
    ss.nextSheetId = snapshot.nextSheetId;
    ss.nextMetadataId = snapshot.nextMetadataId;
    throw err;
  }
}

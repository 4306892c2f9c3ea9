import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { AuthAuthority } from './auth';
import { FaultQueue, googleErrorBody, type Fault } from './faults';
import { applyFieldMask, parseFieldMask } from './field-mask';
import { ApiError, buildSheet, type SeedSheet, type StandinSpreadsheet } from './model';
import type { CellValue } from './render';
import { applyBatchUpdate, spreadsheetResource } from './structure';
import { dispatchValues } from './values-routes';
import { applyWrite, planWrite, readRange, type ReadOptions, type ValueRange } from './values';

export interface SpreadsheetSeed {
  spreadsheetId?: string;
  title?: string;
  sheets: SeedSheet[];
}

export interface CallRecord {
  method: string;
  status: number;
  query: Record<string, string | string[]>;
}

export interface StandinOptions {
  /** Reject API calls without a valid bearer token (default true). */
  requireAuth?: boolean;
  /** Added to every API call, to imitate a network round trip in benchmarks. */
  latencyMs?: number;
}

export interface SheetsStandin {
  /** Pass as the client's `rootUrl`. */
  rootUrl: string;
  /** OAuth token endpoint (refresh-token grant for OAuth clients, JWT-bearer grant for service accounts). */
  tokenUri: string;
  auth: AuthAuthority;
  faults: FaultQueue;
  /** The next `times` calls (of `method`, if given) fail with `status`; 429s carry Retry-After. */
  fail(
    status: Extract<Fault, { kind: 'status' }>['status'],
    opts?: { times?: number; method?: string; after?: number; retryAfterSeconds?: number; message?: string },
  ): void;
  /** The next `times` calls never answer (until the client gives up, or `ms`). */
  hang(opts?: { times?: number; method?: string; after?: number; ms?: number }): void;
  createSpreadsheet(seed: SpreadsheetSeed): string;
  spreadsheet(id: string): StandinSpreadsheet;
  /** Types values into cells as a person in the browser would (USER_ENTERED; not counted as an API call). */
  edit(id: string, range: string, values: CellValue[][]): void;
  /** Reads as a person looking at the sheet would (not counted as an API call). */
  peek(id: string, range: string, opts?: ReadOptions): ValueRange;
  /** Counts of API calls by method, e.g. { 'spreadsheets.values.batchGet': 3 }; includes failed calls. */
  readonly calls: Record<string, number>;
  /** API calls (token endpoint excluded), of one method if given. */
  callCount(method?: string): number;
  readonly log: CallRecord[];
  resetCalls(): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return out;
}

/**
 * Identifies the Sheets v4 method from the raw path. Ranges arrive percent-encoded (`%27Sheet%201%27%21A1`),
 * while custom verbs (`:append`, `:batchGet`) stay literal, so split before decoding.
 */
export function routeOf(method: string, path: string): { name: string; id: string; range?: string } | null {
  const seg = path.split('/');
  if (seg[1] !== 'v4' || seg[2] !== 'spreadsheets' || !seg[3]) return null;
  const [rawId, verb] = seg[3].split(':') as [string, string | undefined];
  const id = decodeURIComponent(rawId);
  if (seg.length === 4) {
    if (verb === 'batchUpdate' && method === 'POST') return { name: 'spreadsheets.batchUpdate', id };
    if (!verb && method === 'GET') return { name: 'spreadsheets.get', id };
    return null;
  }
  if (seg[4]?.startsWith('values:') && seg.length === 5) {
    const v = seg[4].slice('values:'.length);
    const name =
      { batchGet: 'GET', batchUpdate: 'POST', batchClear: 'POST' }[v] === method ? `spreadsheets.values.${v}` : null;
    return name ? { name, id } : null;
  }
  if (seg[4] === 'values' && seg[5] && seg.length === 6) {
    const [rawRange, rangeVerb] = seg[5].split(':') as [string, string | undefined];
    const range = decodeURIComponent(rawRange);
    if (!rangeVerb && method === 'GET') return { name: 'spreadsheets.values.get', id, range };
    if (!rangeVerb && method === 'PUT') return { name: 'spreadsheets.values.update', id, range };
    if (rangeVerb === 'append' && method === 'POST') return { name: 'spreadsheets.values.append', id, range };
    if (rangeVerb === 'clear' && method === 'POST') return { name: 'spreadsheets.values.clear', id, range };
  }
  return null;
}

/** Starts the Sheets v4 stand-in on 127.0.0.1 on a free port. */
export async function startSheetsStandin(opts: StandinOptions = {}): Promise<SheetsStandin> {
  const books = new Map<string, StandinSpreadsheet>();
  const auth = new AuthAuthority();
  const faults = new FaultQueue();
  const calls: Record<string, number> = {};
  const log: CallRecord[] = [];
  const requireAuth = opts.requireAuth ?? true;

  const getBook = (id: string): StandinSpreadsheet => {
    const ss = books.get(id);
    if (!ss) throw new ApiError(404, 'Requested entity was not found.');
    return ss;
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = routeOf(req.method ?? 'GET', url.pathname);
    const name = route?.name ?? 'unknown';
    calls[name] = (calls[name] ?? 0) + 1;
    const record: CallRecord = { method: name, status: 0, query: queryObject(url.searchParams) };
    log.push(record);
    const reply = (status: number, body: unknown, headers?: Record<string, string>): void => {
      record.status = status;
      send(res, status, body, headers);
    };
    const body = await readBody(req);
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    const fault = faults.take(name);
    if (fault?.kind === 'hang') {
      record.status = -1;
      const timer = setTimeout(() => res.destroy(), fault.ms ?? 30_000);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (fault) {
      const headers: Record<string, string> =
        fault.status === 429 ? { 'retry-after': String(fault.retryAfterSeconds ?? 1) } : {};
      return reply(fault.status, googleErrorBody(fault.status, fault.message), headers);
    }
    if (requireAuth && !auth.authenticate(req.headers.authorization)) {
      return reply(
        401,
        googleErrorBody(
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        ),
        {
          'www-authenticate': 'Bearer realm="https://accounts.google.com/"',
        },
      );
    }
    if (!route) return reply(404, googleErrorBody(404, `Method not found: ${req.method} ${url.pathname}`));
    try {
      const ss = getBook(route.id);
      const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      if (route.name === 'spreadsheets.get') {
        if (url.searchParams.get('includeGridData') === 'true')
          throw new ApiError(400, 'includeGridData is not supported by the stand-in');
        const resource = spreadsheetResource(ss);
        const fields = url.searchParams.get('fields');
        return reply(200, fields ? applyFieldMask(resource, parseFieldMask(fields)) : resource);
      }
      if (route.name === 'spreadsheets.batchUpdate') {
        const requests = (json.requests ?? []) as Record<string, Record<string, unknown>>[];
        const replies = applyBatchUpdate(ss, requests);
        return reply(200, { spreadsheetId: ss.spreadsheetId, replies });
      }
      return reply(200, dispatchValues(ss, route.name, route.range, url.searchParams, json));
    } catch (err) {
      if (err instanceof ApiError)
        return reply(err.code, { error: { code: err.code, message: err.message, status: err.status } });
      if (err instanceof SyntaxError)
        return reply(400, googleErrorBody(400, `Invalid JSON payload received. ${err.message}`));
      throw err;
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const done = (err: unknown): void => {
      if (!res.headersSent) send(res, 500, googleErrorBody(500, String(err)));
    };
    if (url.pathname === '/token' && req.method === 'POST') {
      calls['oauth2.token'] = (calls['oauth2.token'] ?? 0) + 1;
      readBody(req)
        .then((text) => {
          const [status, body] = auth.token(new URLSearchParams(text));
          send(res, status, body);
        })
        .catch(done);
      return;
    }
    handleApi(req, res, url).catch(done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const rootUrl = `http://127.0.0.1:${port}/`;
  auth.tokenUri = `${rootUrl}token`;

  return {
    rootUrl,
    tokenUri: `${rootUrl}token`,
    auth,
    faults,
    fail(status, o = {}) {
      faults.add(
        {
          kind: 'status',
          status,
          ...(o.retryAfterSeconds !== undefined ? { retryAfterSeconds: o.retryAfterSeconds } : {}),
          ...(o.message ? { message: o.message } : {}),
        },
        o.times ?? 1,
        o.method,
        o.after,
      );
    },
    hang(o = {}) {
      faults.add({ kind: 'hang', ...(o.ms !== undefined ? { ms: o.ms } : {}) }, o.times ?? 1, o.method, o.after);
    },
    createSpreadsheet(seed) {
      const spreadsheetId = seed.spreadsheetId ?? `standin-${randomBytes(9).toString('base64url')}`;
      const ss: StandinSpreadsheet = {
        spreadsheetId,
        title: seed.title ?? spreadsheetId,
        sheets: [],
        metadata: [],
        nextSheetId: 0,
        nextMetadataId: 1,
      };
      seed.sheets.forEach((s, i) => ss.sheets.push(buildSheet(s, i === 0 ? 0 : 100_000 + i)));
      ss.nextSheetId = 200_000;
      books.set(spreadsheetId, ss);
      return spreadsheetId;
    },
    spreadsheet: getBook,
    peek: (id, range, o) => readRange(getBook(id), range, o),
    edit(id, range, values) {
      const ss = getBook(id);
      applyWrite(ss, planWrite(ss, range, values), 'USER_ENTERED');
    },
    calls,
    callCount(method?: string) {
      if (method) return calls[method] ?? 0;
      return Object.entries(calls).reduce((n, [m, c]) => (m === 'oauth2.token' ? n : n + c), 0);
    },
    log,
    resetCalls() {
      for (const k of Object.keys(calls)) delete calls[k];
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export type { CellValue };

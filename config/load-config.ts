import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../domain/errors';
import { configProblems, type ConfigProblem } from './config-problems';
import { configSchema, type AppConfig } from './schema';

export type { ConfigProblem } from './config-problems';

/**
 * `${VAR}` and `${VAR:-default}` in string values are replaced from the environment, so secrets live in env,
 * not in the file. A `${VAR}` without default whose variable is unset is a problem at that key (all of them are
 * collected, with the schema's own problems, before anything is reported).
 */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, path: string[], missing: ConfigProblem[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_m, name: string, def?: string) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (def !== undefined) return def;
      missing.push({ path: path.join('.') || '(root)', message: `environment variable ${name} is not set` });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, String(i)], missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k], missing)]));
  }
  return value;
}

export interface LoadedConfig extends AppConfig {
  /** Absolute path of the config file. `dataDir` resolves against its folder; other relative paths against dataDir. */
  configPath: string;
  /** Absolute data dir. */
  dataDirAbs: string;
}

function fail(configPath: string, problems: ConfigProblem[]): never {
  const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
  throw new ConfigError(
    `invalid config ${configPath} (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${lines.join('\n')}`,
    {
      keys: problems.map((p) => p.path),
      problems,
    },
  );
}

/**
 * Parses and validates the config once. Throws one ConfigError listing every problem: unset environment
 * variables, keys the schema does not know at their place (with a did-you-mean), and refused values.
 */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv, configPath = '<inline>'): AppConfig {
  const missing: ConfigProblem[] = [];
  const interpolated = interpolate(raw, env, [], missing);
  const { problems, data } = configProblems(configSchema, interpolated, missing);
  if (problems.length || !data) fail(configPath, problems);
  const cfg = data as AppConfig;
  // TEMPORAL_ADDRESS overrides the file (standard Temporal env var).
  if (env.TEMPORAL_ADDRESS) cfg.temporal.address = env.TEMPORAL_ADDRESS;
  if (env.TEMPORAL_NAMESPACE) cfg.temporal.namespace = env.TEMPORAL_NAMESPACE;
  return cfg;
}

/** YAML text to a plain value; every syntax error (with line and column) and every duplicate key is reported. */
export function parseConfigText(text: string, configPath: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    fail(
      configPath,
      doc.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(yaml)',
        message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      })),
    );
  }
  return doc.toJS();
}

/** The only place that reads process.env (besides CLI flags). */
export function loadConfig(
  path = process.env.AFTERSALES_CONFIG ?? 'config/example.yaml',
  env = process.env,
): LoadedConfig {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${abs}: ${(err as Error).message}`, { path: abs });
  }
  const cfg = parseConfig(parseConfigText(text, abs), env, abs);
  const dataDirAbs = isAbsolute(cfg.dataDir) ? cfg.dataDir : resolve(dirname(abs), cfg.dataDir);
  return { ...cfg, configPath: abs, dataDirAbs };
}

/** Resolves a path from the config: absolute as is, relative against the data dir. */
export function dataPath(cfg: LoadedConfig, p: string): string {
  return isAbsolute(p) ? p : resolve(cfg.dataDirAbs, p);
}

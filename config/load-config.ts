import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../domain/errors';
import { configSchema, type AppConfig } from './schema';

/**
 * `${VAR}` and `${VAR:-default}` in string values are replaced from the environment, so secrets live in env,
 * not in the file. A `${VAR}` without default whose variable is unset is an error naming the key.
 */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, path: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_m, name: string, def?: string) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (def !== undefined) return def;
      throw new ConfigError(`config key "${path.join('.')}": environment variable ${name} is not set`, {
        key: path.join('.'),
      });
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k])]));
  }
  return value;
}

export interface LoadedConfig extends AppConfig {
  /** Absolute path of the config file. `dataDir` resolves against its folder; other relative paths against dataDir. */
  configPath: string;
  /** Absolute data dir. */
  dataDirAbs: string;
}

/** Parses and validates the config once. Throws ConfigError naming each wrong key and its problem. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv, configPath = '<inline>'): AppConfig {
  const interpolated = interpolate(raw, env, []);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid config ${configPath}:\n${lines.join('\n')}`, {
      keys: result.error.issues.map((i) => i.path.join('.')),
    });
  }
  const cfg = result.data;
  // TEMPORAL_ADDRESS overrides the file (standard Temporal env var).
  if (env.TEMPORAL_ADDRESS) cfg.temporal.address = env.TEMPORAL_ADDRESS;
  if (env.TEMPORAL_NAMESPACE) cfg.temporal.namespace = env.TEMPORAL_NAMESPACE;
  return cfg;
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
  const cfg = parseConfig(parse(text), env, abs);
  const dataDirAbs = isAbsolute(cfg.dataDir) ? cfg.dataDir : resolve(dirname(abs), cfg.dataDir);
  return { ...cfg, configPath: abs, dataDirAbs };
}

/** Resolves a path from the config: absolute as is, relative against the data dir. */
export function dataPath(cfg: LoadedConfig, p: string): string {
  return isAbsolute(p) ? p : resolve(cfg.dataDirAbs, p);
}

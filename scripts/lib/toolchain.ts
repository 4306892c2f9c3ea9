import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths written by scripts/setup.sh; null entries mean "fall back to the SDK's own download". */
export interface Toolchain {
  temporalCli: string | null;
  temporalCliSource: 'PATH' | 'go-install' | 'go-install-cache' | 'sdk-download';
  timeSkippingServer: string | null;
}

export function readToolchain(root = join(__dirname, '..', '..')): Toolchain {
  const file = join(root, '.data', 'toolchain.json');
  if (!existsSync(file)) {
    return { temporalCli: null, temporalCliSource: 'sdk-download', timeSkippingServer: null };
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Toolchain;
}

// The production import graph — what the worker, the workflows, the web server and the CLI load — uses only
// `dependencies`, and every dependency is used by it (or by the install itself). Demo and test tools (the mail
// catcher, the embedded dev server, @temporalio/testing, smtp-server, mailparser) stay out, so
// `npm ci --omit=dev` gives a working production install.
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
/** Entry points of a production install: the worker (compiled by scripts/compile-entry.ts for `npm run worker`, and
 * the workflow bundle it builds), `npm start`, the CLI. */
const ENTRIES = [
  'worker.ts',
  'scripts/compile-entry.ts',
  'workflows/index.ts',
  'scripts/start.ts',
  'cli/bin.js',
  'cli/main.ts',
];
/** Used by the install, not imported: patch-package applies patches/ in postinstall. */
const INSTALL_ONLY = ['patch-package'];

/** Module specifiers a file loads at run time: value imports, re-exports and require() — not `import type`, not import(). */
function loadedSpecifiers(source: string): string[] {
  const out: string[] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue; // import type / export type
    const clause = m[3]!.trim();
    const named = /^\{([^}]*)\}$/.exec(clause);
    // `import { type A, type B } from` is elided by the compiler.
    if (named && named[1]!.split(',').every((s) => !s.trim() || /^type\s/.test(s.trim()))) continue;
    out.push(m[4]!);
  }
  for (const m of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  for (const m of code.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && !candidate.endsWith('/')) {
      try {
        readFileSync(candidate);
        return candidate;
      } catch {
        // a directory
      }
    }
  }
  return null;
}

const packageName = (spec: string): string =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;

function productionGraph(): { files: string[]; packages: Map<string, string[]> } {
  const seen = new Set<string>();
  const packages = new Map<string, string[]>();
  const queue = ENTRIES.map((e) => join(ROOT, e));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of loadedSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (!target) throw new Error(`${relative(ROOT, file)}: cannot resolve ${spec}`);
        queue.push(target);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0]!)) {
        const name = packageName(spec);
        packages.set(name, [...(packages.get(name) ?? []), relative(ROOT, file)]);
      }
    }
  }
  return { files: [...seen].map((f) => relative(ROOT, f)).sort(), packages };
}

describe('production dependencies', () => {
  const { files, packages } = productionGraph();

  it('loads only `dependencies`; no test, demo or dev tool is in the graph', () => {
    expect(files.length).toBeGreaterThan(150);
    const notDeps = [...packages].filter(([name]) => !(name in pkg.dependencies));
    expect(notDeps).toEqual([]);
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('bench/'))).toEqual([]);
    expect(files).not.toContain('scripts/lib/mail-catcher.ts');
    expect(files).not.toContain('scripts/lib/dev-server.ts');
    for (const dev of ['@temporalio/testing', 'smtp-server', 'mailparser', 'playwright-core']) {
      expect(pkg.devDependencies, dev).toHaveProperty(dev);
      expect(pkg.dependencies, dev).not.toHaveProperty(dev);
    }
  });

  it('every dependency is used by the production graph (nothing installed for nothing)', () => {
    const unused = Object.keys(pkg.dependencies).filter((d) => !packages.has(d) && !INSTALL_ONLY.includes(d));
    expect(unused).toEqual([]);
    expect(pkg.dependencies).not.toHaveProperty('google-auth-library');
    expect(pkg.scripts.postinstall).toBe('patch-package');
  });
});

/**
 * Compiles a long-running process's TypeScript entry (the worker, a bench's worker process) into one plain
 * JavaScript file with esbuild, so it runs on `node` alone: no TypeScript loader thread and no transpiled sources
 * kept with their source maps, about 70 MB less resident memory for an idle worker (measured: 340 → 270 MB), the
 * margin a small server needs. Packages stay external (required from node_modules as they are, patches included).
 *
 * Each project file keeps its own `__dirname` / `__filename` (replaced by its source location), so the paths it
 * builds (the sheet reader thread's entry, the workflow sources, config/example.yaml) are the same as under tsx;
 * only the entry's `require.main === module` start-up guard stays live, the guards of the modules it imports
 * (worker.ts, scripts/bundle-workflows.ts …) are false, as they are when those modules are imported under tsx.
 *
 * The output goes to node_modules/.cache/aftersales-ops/ (node_modules is found from there); it is written to a
 * temporary file and renamed, so processes compiling the same entry at once never read half a file.
 *
 *   tsx scripts/compile-entry.ts <entry.ts>   → prints the compiled file's path
 */
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(__dirname, '..');

/**
 * How a compiled worker process runs (scripts/worker.sh; the benches' worker processes), measured on the 2-core
 * machine with the dunning bench at 1,000 dealers:
 * - glibc's malloc arenas, one per thread by default, hold freed native memory apart: two keep ~55 MB less resident;
 * - a young generation of 4 MB semi-spaces instead of V8's 16 in each isolate (main, workflow thread): peak RSS
 *   438 -> 388 MB for ~6 % more worker CPU (nearly everything a statement allocates dies young either way).
 */
export const COMPILED_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
export const COMPILED_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

function sourceLocations(entry: string): Plugin {
  return {
    name: 'source-locations',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        let code = readFileSync(args.path, 'utf8')
          .replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path)))
          .replace(/\b__filename\b/g, JSON.stringify(args.path));
        if (args.path !== entry) code = code.replace(/require\.main === module/g, 'false');
        return { contents: code, loader: 'ts' };
      });
    },
  };
}

/** Compiles `entry` (a .ts file of this project) into one CommonJS file; returns that file's path. */
export async function compileEntry(entry: string): Promise<string> {
  const abs = resolve(entry);
  const name = relative(ROOT, abs).replace(/\.ts$/, '').replace(/[\\/]/g, '__');
  const dir = join(ROOT, 'node_modules', '.cache', 'aftersales-ops');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${name}.js`);
  const tmp = join(dir, `.${basename(out)}.${process.pid}.${Date.now()}.tmp`);
  await build({
    entryPoints: [abs],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    plugins: [sourceLocations(abs)],
    logLevel: 'warning',
    // Each module's code follows a `// path/to/file.ts` comment in the output: a stack trace's line is found there.
    legalComments: 'none',
  });
  renameSync(tmp, out);
  return out;
}

if (require.main === module) {
  const entry = process.argv[2];
  if (!entry) {
    console.error('usage: tsx scripts/compile-entry.ts <entry.ts>');
    process.exit(2);
  }
  compileEntry(entry).then(
    (out) => console.log(out),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

// Lists the functions (declarations, methods, arrows) longer than a limit, longest first, by the TypeScript
// compiler's own parse: `npx tsx scripts/long-functions.ts [--max 60] [files or folders...]` (default: workflows/).
// Exits 1 when any is over the limit, so it can gate a folder once that folder is clean.
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--max');
const max = at >= 0 ? Number(args.splice(at, 2)[1]) : 60;
const roots = args.length ? args : ['workflows'];

const files = (p: string): string[] =>
  statSync(p).isDirectory()
    ? readdirSync(p).flatMap((f) => (f === 'node_modules' ? [] : files(join(p, f))))
    : /\.tsx?$/.test(p) && !p.endsWith('.d.ts')
      ? [p]
      : [];

function nameOf(n: ts.Node, src: ts.SourceFile): string {
  const own = (n as ts.FunctionLikeDeclaration).name;
  if (own) return own.getText(src);
  const p = n.parent;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))
    return p.name.getText(src);
  return '<anonymous>';
}

const long: { lines: number; where: string }[] = [];
for (const file of roots.flatMap(files)) {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && (n as ts.FunctionLikeDeclaration).body) {
      const start = src.getLineAndCharacterOfPosition(n.getStart(src)).line;
      const end = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (end - start + 1 > max) long.push({ lines: end - start + 1, where: `${file}:${start + 1} ${nameOf(n, src)}` });
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
}
long.sort((a, b) => b.lines - a.lines);
for (const f of long) console.log(`${String(f.lines).padStart(4)}  ${f.where}`);
console.log(`${long.length} function(s) over ${max} lines in ${roots.join(' ')}`);
process.exitCode = long.length ? 1 : 0;

/**
 * Google partial responses (`fields=sheets(properties(title,sheetId),merges),spreadsheetId`): only the named
 * fields come back, so a client that forgets to ask for a field does not get it, here as with Google.
 */
type Mask = Map<string, Mask | true>;

function parseList(s: string, i: number, mask: Mask): number {
  while (i < s.length) {
    let name = '';
    while (i < s.length && !',()'.includes(s[i] as string)) name += s[i++];
    const path = name.trim().split('.').filter(Boolean);
    let node = mask;
    for (let p = 0; p < path.length - 1; p++) {
      const key = path[p] as string;
      let next = node.get(key);
      if (next === true) break;
      if (!next) node.set(key, (next = new Map()));
      node = next;
    }
    const leaf = path[path.length - 1];
    if (s[i] === '(') {
      let sub = node.get(leaf ?? '');
      if (sub === undefined || sub === true) sub = new Map();
      i = parseList(s, i + 1, sub);
      if (leaf) node.set(leaf, sub);
    } else if (leaf) {
      node.set(leaf, true);
    }
    if (s[i] === ')') return i + 1;
    if (s[i] === ',') i++;
  }
  return i;
}

export function parseFieldMask(fields: string): Mask {
  const mask: Mask = new Map();
  parseList(fields, 0, mask);
  return mask;
}

export function applyFieldMask(value: unknown, mask: Mask): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFieldMask(v, mask));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out[key] = sub === true ? v : applyFieldMask(v, sub);
  }
  return out;
}

import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../../domain/errors';
import { installFastCffIndex } from './fast-cff-index';
import { installCompactCffSubsets } from './compact-cff-subsets';
import { type FontkitFont, openFontFace, pdfkitFontkit } from './fontkit';
import { installSharedFontFaces } from './shared-font-faces';

/** One face of a font file; `postscriptName` is required for a collection (.ttc), as pdfkit needs it. */
export interface FontFaceSpec {
  file: string;
  postscriptName?: string;
}

/** A CJK font family candidate. A missing bold face falls back to the regular one. */
export interface CjkFontCandidate {
  name: string;
  regular: FontFaceSpec;
  bold?: FontFaceSpec;
}

/** A font found on this machine, verified to contain the named faces, with the file bytes loaded. */
export interface CjkFont {
  name: string;
  regular: LoadedFace;
  bold: LoadedFace;
}

export interface LoadedFace extends FontFaceSpec {
  bytes: Buffer;
  /** The face's PostScript name as fontkit reads it (pdfkit caches the loaded face under this name). */
  fontName: string;
}

const noto = (dir: string): CjkFontCandidate => ({
  name: `Noto Sans CJK SC (${dir})`,
  regular: { file: `${dir}/NotoSansCJK-Regular.ttc`, postscriptName: 'NotoSansCJKsc-Regular' },
  bold: { file: `${dir}/NotoSansCJK-Bold.ttc`, postscriptName: 'NotoSansCJKsc-Bold' },
});

/**
 * Where CJK fonts live, best first. PostScript names as listed by
 * `fc-list -f '%{file}: %{postscriptname}\n'` on Debian 12/13 (fonts-noto-cjk, fonts-wqy-zenhei).
 */
export const CJK_FONT_CANDIDATES: readonly CjkFontCandidate[] = [
  noto('/usr/share/fonts/opentype/noto'),
  noto('/usr/share/fonts/noto-cjk'),
  noto('/usr/share/fonts/google-noto-cjk'),
  {
    name: 'WenQuanYi Zen Hei',
    regular: { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
  },
  {
    name: 'WenQuanYi Micro Hei',
    regular: { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  },
];

/**
 * Finds the first usable CJK font: the file exists and holds the named face (checked with fontkit,
 * which is what pdfkit will use). Reads the font files (~40 MB for Noto); callers memoise the result.
 * Throws AppError('FontMissing', retryable) naming every place searched and the package to install.
 */
export function locateCjkFont(candidates: readonly CjkFontCandidate[] = CJK_FONT_CANDIDATES): CjkFont {
  const rejected: string[] = [];
  for (const candidate of candidates) {
    const regular = loadFace(candidate.regular, rejected);
    if (!regular) continue;
    const bold = (candidate.bold && loadFace(candidate.bold, rejected)) || regular;
    if (regular.font['CFF ']) {
      installCompactCffSubsets(regular.font);
      installFastCffIndex(regular.font);
    }
    return { name: candidate.name, regular: regular.face, bold: bold.face };
  }
  throw new AppError(
    'FontMissing',
    `No CJK font found for PDF rendering; Chinese text cannot be embedded.\n${rejected.join('\n')}\n` +
      'Install one with: sudo apt-get install fonts-noto-cjk (or fonts-wqy-zenhei)',
    { searched: rejected },
    // Not permanent: another worker may have the font, and installing it needs no code change.
    false,
  );
}

function loadFace(spec: FontFaceSpec, rejected: string[]): { face: LoadedFace; font: FontkitFont } | null {
  const label = `${spec.file}${spec.postscriptName ? ` [${spec.postscriptName}]` : ''}`;
  if (!existsSync(spec.file)) {
    rejected.push(`  ${label}: file not found`);
    return null;
  }
  const bytes = readFileSync(spec.file);
  if (spec.postscriptName) shareFaces(bytes);
  const font = openFontFace(bytes, spec.postscriptName);
  if (!font) {
    rejected.push(`  ${label}: not a font file or no face with that PostScript name`);
    return null;
  }
  return { face: { ...spec, bytes, fontName: font.postscriptName }, font };
}

/** Collections (.ttc): parse each face once per process, not once per document (see shared-font-faces.ts). */
function shareFaces(bytes: Buffer): void {
  try {
    installSharedFontFaces(pdfkitFontkit().create(bytes) as object);
  } catch {
    // Not a font file: openFontFace reports it.
  }
}

let located: CjkFont | undefined;

/** The machine's CJK font, located once per process. */
export function defaultCjkFont(): CjkFont {
  located ??= locateCjkFont();
  return located;
}

"""Cuts a CJK font collection down to the characters documents commonly use, for scripts/setup.sh.

  build-common-fonts.py OUT_DIR SOURCE_DIR FONT.ttc:PostScriptName [FONT.ttc:PostScriptName ...]

Why: a worker keeps the fonts it renders with in memory for its whole life. Noto Sans CJK's two collections are
~40 MB of bytes (65,535 glyphs for five regions) and ~10 MB more once parsed; the Simplified Chinese face cut to
GB 2312 (6,763 hanzi and its symbols) and the Table of General Standard Chinese Characters (8,105, among them the
characters of names GB 2312 lacks), Latin, punctuation, box drawing, and every non-ASCII character the project's own
sources print, is ~4 MB a weight. activities/pdf/common-cjk-font.ts renders with the cut and renders a
document again with the full font when its text needs a glyph the cut lacks, so no character is ever lost.

Each face becomes a one-face collection (.ttc) with the same PostScript name, so pdfkit opens it the way it opens
the full font (by name, one parsed face shared by every document). A face is rebuilt only when its key changes
(character set, source font, fontTools version, this script): OUT_DIR/<name>.common.key.
"""
import hashlib
import os
import sys

import fontTools
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

SOURCE_SUFFIXES = ('.ts', '.yaml', '.json')
SOURCE_FOLDERS = ('templates', 'domain', 'activities', 'workflows', 'web', 'config')
BLOCKS = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x17F),  # Latin-1, Latin Extended-A
    (0x2000, 0x206F),  # general punctuation
    (0x2100, 0x22FF),  # letterlike, number forms, arrows, mathematical operators
    (0x2460, 0x25FF),  # enclosed alphanumerics, box drawing, block elements, geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # full-width forms
]


def gb2312() -> set:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode('gb2312')))
            except UnicodeDecodeError:
                pass
    return chars


def general_standard() -> set:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'general-standard-chinese-characters.txt')
    with open(path, encoding='utf-8') as f:
        return {ord(line.strip()) for line in f if line.strip() and not line.startswith('#')}


def project_characters(root: str) -> set:
    """Every non-ASCII character in the sources that print text: labels, titles, messages."""
    chars = set()
    for folder in SOURCE_FOLDERS:
        for base, _, files in os.walk(os.path.join(root, folder)):
            for name in files:
                if name.endswith(SOURCE_SUFFIXES):
                    with open(os.path.join(base, name), encoding='utf-8', errors='ignore') as f:
                        chars.update(ord(c) for c in f.read() if ord(c) > 0x7F)
    return chars


def face_index(path: str, postscript_name: str) -> int:
    collection = TTCollection(path, lazy=True)
    for i, font in enumerate(collection.fonts):
        if font['name'].getDebugName(6) == postscript_name:
            return i
    raise SystemExit(f'{path}: no face named {postscript_name}')


def build(out_dir: str, source: str, postscript_name: str, unicodes: list) -> None:
    stat = os.stat(source)
    with open(__file__, 'rb') as f:
        script = f.read()  # the character list's contents are in `unicodes`
    key = hashlib.sha256(
        repr((unicodes, source, stat.st_size, int(stat.st_mtime), fontTools.version, postscript_name)).encode()
        + script
    ).hexdigest()
    out = os.path.join(out_dir, f'{postscript_name}.common.ttc')
    key_path = os.path.join(out_dir, f'{postscript_name}.common.key')
    if os.path.exists(out) and os.path.exists(key_path) and open(key_path).read() == key:
        return
    options = subset.Options()
    options.layout_features = ['*']  # vertical forms, locl and the rest: shaping as with the full font
    options.name_IDs = ['*']
    options.notdef_outline = True
    options.font_number = face_index(source, postscript_name)
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    collection = TTCollection()
    collection.fonts = [font]
    # Written aside and renamed, so a worker never opens half a file.
    collection.save(out + '.tmp')
    os.replace(out + '.tmp', out)
    with open(key_path, 'w') as f:
        f.write(key)
    print(f'[setup] common-character cut of {postscript_name}: {os.path.getsize(out) // 1024} KiB', file=sys.stderr)


def main() -> None:
    out_dir, root, *faces = sys.argv[1:]
    os.makedirs(out_dir, exist_ok=True)
    chars = gb2312() | general_standard() | project_characters(root)
    for lo, hi in BLOCKS:
        chars.update(range(lo, hi + 1))
    unicodes = sorted(chars)
    for spec in faces:
        source, postscript_name = spec.rsplit(':', 1)
        build(out_dir, source, postscript_name, unicodes)


if __name__ == '__main__':
    main()

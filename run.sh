#!/usr/bin/env bash
# LowLatencyCascade: one entry point for newcomers, CI and benchmarks. run.ps1 takes the same subcommands.
#   ./run.sh                 replay the embedded scenario through the whole pipeline; print signals and latency
#   ./run.sh test            install what the tests need (redis-server, chromium, promtool), run every test
#   ./run.sh bench [suite]   BenchmarkDotNet suites (ring, hdr, decoders, model, json, ...), 'json-paired' or 'e2e'
#   ./run.sh <command> ...   any `cascade` command: live, replay, record, serve, backtest, fit-weights, calibrate, subscribe
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "run.sh: the .NET SDK (10.0) is required: https://dot.net" >&2; exit 2; }
}

apt_install() {
  # Installs Debian packages when missing (CI and fresh machines); never fails the run by itself:
  # a test that needs the missing program then fails with its own clear message.
  local missing=()
  for spec in "$@"; do
    local bin=${spec%%:*} pkg=${spec##*:}
    command -v "$bin" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1; then
    local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "run.sh: installing ${missing[*]} (Debian packages)"
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || echo "run.sh: warning: could not install ${missing[*]}" >&2
  else
    echo "run.sh: warning: ${missing[*]} missing and apt-get not available" >&2
  fi
}

promtool_install() {
  # promtool (Debian package prometheus) for the /metrics lint test. Only the package's files, unpacked into an
  # ignored folder: `apt-get download` + `dpkg-deb -x` took 12 s and adds nothing to the system, where
  # `apt-get install prometheus` pulls 11 more packages, adds a user and a daemon. Never fails the run by itself:
  # the test then fails saying promtool is missing.
  command -v promtool >/dev/null 2>&1 && return 0
  local dir=artifacts/tools/prometheus
  if [ ! -x "$dir/usr/bin/promtool" ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
    local tmp; tmp=$(mktemp -d)
    echo "run.sh: fetching promtool (Debian package prometheus, unpacked into $dir)"
    if (cd "$tmp" && { apt-get download -qq prometheus >/dev/null 2>&1 \
          || { apt-get update -qq >/dev/null 2>&1; apt-get download -qq prometheus >/dev/null 2>&1; }; }); then
      mkdir -p "$dir" && dpkg-deb -x "$tmp"/prometheus_*.deb "$dir" || echo "run.sh: warning: could not unpack prometheus" >&2
    else
      echo "run.sh: warning: could not download the Debian package prometheus (promtool)" >&2
    fi
    rm -rf "$tmp"
  fi
  if [ -x "$dir/usr/bin/promtool" ]; then export PATH="$PWD/$dir/usr/bin:$PATH"; fi
}

cli() {
  need_dotnet
  dotnet build engine/LowLatencyCascade.Cli/LowLatencyCascade.Cli.csproj -c Release -v q -nologo >/dev/null \
    || dotnet build engine/LowLatencyCascade.Cli/LowLatencyCascade.Cli.csproj -c Release -v q -nologo
  dotnet engine/LowLatencyCascade.Cli/bin/Release/net10.0/cascade.dll "$@"
}

run_tests() {
  need_dotnet
  apt_install redis-server:redis-server redis-cli:redis-tools chromium:chromium
  promtool_install
  local results; results=$(mktemp -d)
  # Cross-check vectors for the HDR histogram from an independent implementation, when Node is present.
  if command -v node >/dev/null 2>&1 && [ -f tools/hdr-crosscheck/crosscheck.mjs ]; then
    (cd tools/hdr-crosscheck && { [ -d node_modules/hdr-histogram-js ] || npm ci --silent --no-audit --no-fund >/dev/null 2>&1 || npm install --silent --no-audit --no-fund >/dev/null 2>&1; } \
      && node crosscheck.mjs --check) || echo "run.sh: warning: hdr-histogram-js cross-check script did not run" >&2
  fi
  set +e
  dotnet build LowLatencyCascade.sln -c Release -v q -nologo
  local build_rc=$?
  if [ $build_rc -ne 0 ]; then echo "tests: 0 passed, 1 failed"; exit 1; fi
  dotnet test tests/LowLatencyCascade.Tests/LowLatencyCascade.Tests.csproj -c Release --no-build -nologo \
    --logger "trx;LogFileName=results.trx" --results-directory "$results" \
    --blame-hang-timeout 5m "$@" 2>&1 | tee "$results/console.txt"
  local rc=${PIPESTATUS[0]}
  set -e
  local trx; trx=$(ls "$results"/*.trx 2>/dev/null | head -1 || true)
  local passed=0 failed=0 total=0
  if [ -n "$trx" ]; then
    passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    total=$(grep -o 'total="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  fi
  # A crash or hang that leaves no results counts as a failure, never as a pass.
  if [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=$(( ${total:-0} - ${passed:-0} )); [ "$failed" -le 0 ] && failed=1; fi
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
  [ "$rc" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
}

run_bench() {
  need_dotnet
  local suite=${1:-all}; shift || true
  # The end-to-end latency harness lives in the cascade host (it drives the real pipeline); the rest are BenchmarkDotNet suites.
  if [ "$suite" = "e2e" ]; then cli bench e2e "$@"; return; fi
  if [ "$suite" = "soak" ]; then cli bench soak "$@"; return; fi
  dotnet build bench/LowLatencyCascade.Bench/LowLatencyCascade.Bench.csproj -c Release -v q -nologo >/dev/null \
    || dotnet build bench/LowLatencyCascade.Bench/LowLatencyCascade.Bench.csproj -c Release -v q -nologo
  dotnet bench/LowLatencyCascade.Bench/bin/Release/net10.0/LowLatencyCascade.Bench.dll "$suite" "$@"
}

cmd=${1:-}
case "$cmd" in
  "") cli demo ;;
  test) shift; run_tests "$@" ;;
  bench) shift; run_bench "$@" ;;
  -h|--help|help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) cli "$@" ;;
esac

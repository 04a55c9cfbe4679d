#!/usr/bin/env bash
# Issue #8's benchmark: builds caspian-gen and caspian-bench (Release), generates the graph
# (reused when the same scale and seed are already there), runs W1-W8 on caspian, SQLite and
# Kùzu (issue #20: npm package kuzu, pinned in bench/kuzu/package-lock.json and installed into
# bench/kuzu/node_modules when missing) and prints the markdown table. Exit 1 when the systems
# disagree on a check value.
#
#   bench/run.sh [tiny|small|medium|large|N] [extra caspian-bench options]
#   env: CASPIAN_BENCH_BUILD (build dir, default build-bench), CASPIAN_BENCH_DIR (scratch,
#        default /tmp/caspian-bench), CASPIAN_BENCH_SEED (default 8), CASPIAN_BENCH_KUZU=0
#        (no Kùzu column: no Node.js or npm needed)
set -euo pipefail
scale=${1:-small}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CASPIAN_BENCH_BUILD:-$root/build-bench}
seed=${CASPIAN_BENCH_SEED:-8}
scratch=${CASPIAN_BENCH_DIR:-/tmp/caspian-bench}/$scale-seed$seed

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target caspian-gen caspian-bench >&2

if [ ! -f "$scratch/csv/manifest.txt" ]; then
    echo "run.sh: generating $scale (seed $seed) into $scratch/csv" >&2
    rm -rf "$scratch/csv"
    "$build/bin/caspian-gen" --scale "$scale" --seed "$seed" --out "$scratch/csv"
else
    echo "run.sh: reusing $scratch/csv" >&2
fi
kuzu=()
if [ "${CASPIAN_BENCH_KUZU:-1}" != 0 ]; then
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        echo "run.sh: Kùzu's column needs Node.js and npm (or set CASPIAN_BENCH_KUZU=0)" >&2
        exit 2
    fi
    if [ ! -f "$root/bench/kuzu/node_modules/kuzu/kuzujs.node" ]; then
        echo "run.sh: installing Kùzu (npm ci in bench/kuzu)" >&2
        npm ci --prefix "$root/bench/kuzu" --no-audit --no-fund >&2
    fi
    kuzu=(--kuzu "$root/bench/kuzu/run.mjs")
fi
echo "run.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$build/bin/caspian-bench" --data "$scratch/csv" --work "$scratch/work" --seed "$seed" \
    "${kuzu[@]}" "$@"

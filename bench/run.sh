#!/usr/bin/env bash
# Issue #8's benchmark: builds caspian-gen and caspian-bench (Release), generates the graph
# (reused when the same scale and seed are already there), runs W1-W8 on caspian and SQLite
# and prints the markdown table. Exit 1 when the systems disagree on a check value.
#
#   bench/run.sh [tiny|small|medium|large|N] [extra caspian-bench options]
#   env: CASPIAN_BENCH_BUILD (build dir, default build-bench), CASPIAN_BENCH_DIR (scratch,
#        default /tmp/caspian-bench), CASPIAN_BENCH_SEED (default 8)
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
echo "run.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$build/bin/caspian-bench" --data "$scratch/csv" --work "$scratch/work" --seed "$seed" "$@"

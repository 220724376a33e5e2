#!/usr/bin/env bash
# Fuzzes one target on the stable toolchain (cargo-fuzz, no sanitizer):
#   fuzz/campaign.sh TARGET RUNS [libFuzzer options...]
# starting from the committed corpus fuzz/corpus/TARGET/ and adding what it
# finds to fuzz/corpus-work/TARGET/ (not committed). A crash, a run over
# 1 s or one over 2 GiB of memory stops it, with the input written to
# fuzz/artifacts/TARGET/. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
runs=$2
shift 2
mkdir -p "corpus-work/$target"
exec cargo +stable fuzz run --sanitizer none "$target" "corpus-work/$target" "corpus/$target" -- \
  -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 "$@"

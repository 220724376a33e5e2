#!/usr/bin/env bash
# Replaces fuzz/corpus/TARGET/ by the smallest set of inputs, from it and
# from fuzz/corpus-work/TARGET/, that covers what they cover together, cut
# to 4 KiB each (1 KiB for render, whose inputs are slow to replay, and for
# aif_import, whose corpus grows large) so that
# the committed corpus stays small; the seeds (fuzz/seed.sh) are kept whole.
#   fuzz/minimize.sh TARGET
set -euo pipefail
cd "$(dirname "$0")"
target=$1
if [ -d "corpus-work/$target" ]; then
  cp -n "corpus-work/$target"/* "corpus/$target/" 2>/dev/null || true
fi
case "$target" in
  render | aif_import) max_len=1024 ;;
  *) max_len=4096 ;;
esac
cargo +stable fuzz cmin --sanitizer none "$target" -- -max_len="$max_len" -timeout=10
./seed.sh

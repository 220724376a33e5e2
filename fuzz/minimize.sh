#!/usr/bin/env bash
# Replaces fuzz/corpus/TARGET/ by the smallest set of inputs, from it and
# from fuzz/corpus-work/TARGET/, that covers all they cover together:
#   fuzz/minimize.sh TARGET
set -euo pipefail
cd "$(dirname "$0")"
target=$1
if [ -d "corpus-work/$target" ]; then
  cp -n "corpus-work/$target"/* "corpus/$target/" 2>/dev/null || true
fi
exec cargo +stable fuzz cmin --sanitizer none "$target" -- -max_len=65536 -timeout=1

#!/usr/bin/env bash
# Line and region coverage of reasonmap's own code (src/) by the committed
# corpora: builds tests/fuzz_corpus.rs with `-C instrument-coverage` for the
# reasonmap crate and that test only (dependencies stay uninstrumented), runs
# it, and prints llvm-cov's report. Needs llvm-profdata and llvm-cov of the
# compiler's LLVM version (`rustc -vV`), such as Debian's llvm-22:
#   fuzz/coverage.sh [LLVM_BIN_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
llvm=${1:-/usr/lib/llvm-$version/bin}
out=fuzz/coverage
mkdir -p "$out"
wrapper="$PWD/$out/rustc-wrapper.sh"
cat > "$wrapper" <<'EOF'
#!/usr/bin/env bash
rustc=$1
shift
name=
prev=
for arg in "$@"; do
  [ "$prev" = --crate-name ] && name=$arg
  prev=$arg
done
case "$name" in
  reasonmap | fuzz_corpus) exec "$rustc" "$@" -C instrument-coverage ;;
esac
exec "$rustc" "$@"
EOF
chmod +x "$wrapper"
export CARGO_TARGET_DIR="$out/target"
# The wrapper is invisible to cargo's fingerprints: rebuild these two.
rm -rf "$CARGO_TARGET_DIR"/debug/.fingerprint/reasonmap-*
test=$(RUSTC_WRAPPER="$wrapper" cargo test --test fuzz_corpus --no-run --message-format=json |
  sed -n 's/.*"executable":"\([^"]*fuzz_corpus[^"]*\)".*/\1/p' | tail -n 1)
rm -f "$out"/*.profraw
LLVM_PROFILE_FILE="$PWD/$out/corpus-%p.profraw" "$test"
"$llvm/llvm-profdata" merge -sparse "$out"/*.profraw -o "$out/corpus.profdata"
"$llvm/llvm-cov" report "$test" -instr-profile="$out/corpus.profdata" \
  --ignore-filename-regex='(/\.cargo/|/rustc/|/fuzz/|/tests/)'

#!/usr/bin/env bash
# Writes the seed inputs of the fuzz targets into corpus/TARGET/ (named
# seed-*): the shipped maps with the essays they quote, the test fixtures,
# and notes files as reasonmap writes them. Run from anywhere; see
# docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out"/{map_check,notes_load,notes_merge,render,aif_import}

# map_check: a map, then optionally a line `----8<----` and its source text.
with_source() { cat "$1"; printf '\n----8<----\n'; cat "$2"; }
with_source maps/regional-security.ron maps/regional-security.md > "$out/map_check/seed-regional-security"
with_source maps/tutorial.ron maps/tutorial.md > "$out/map_check/seed-tutorial"
for f in tests/fixtures/model/*.ron tests/fixtures/model/map.json tests/fixtures/notes/map.ron; do
  name="seed-$(basename "$(dirname "$f")")-$(basename "$f")"
  with_source "$f" tests/fixtures/model/essay.md > "$out/map_check/$name"
  cp "$f" "$out/map_check/$name.alone"
done

# aif_import: the AIF files written for the tests (never files from an AIF
# corpus) and the essay's map in AIF, with the essay it quotes.
with_source maps/regional-security.aif.json maps/regional-security.md > "$out/aif_import/seed-regional-security.aif"
for f in tests/fixtures/aif/*.json; do
  cp "$f" "$out/aif_import/seed-$(basename "$f")"
done

# render: maps in RON; other inputs are decoded structurally.
cp maps/regional-security.ron "$out/render/seed-regional-security.ron"
cp maps/tutorial.ron "$out/render/seed-tutorial.ron"
cp tests/fixtures/model/valid.ron "$out/render/seed-fixture-valid.ron"

# notes_load: the example of docs/notes-format.md, an empty file, and one
# with raw strings, as `reasonmap notes --add` writes them.
sed -n '/^```ron$/,/^```$/p' docs/notes-format.md | sed '1d;$d' > "$out/notes_load/seed-docs-example.notes.ron"
printf '(version: 1, map: "/maps/essay.ron", notes: {})\n' > "$out/notes_load/seed-empty.notes.ron"
cat > "$out/notes_load/seed-raw-strings.notes.ron" <<'NOTES'
(
    version: 1,
    notes: {
        "build-lane": [
            (
                id: "nd2f523eb1619",
                text: r#"Note 1: check "the figures"
second line"#,
                created: "2026-12-01T04:42:58.756Z",
                edited: "2026-12-01T04:42:58.756Z",
            ),
        ],
        "short-trips": [
            (
                id: "n2f9fd6db52cb",
                text: r##"ü ✓ r#"raw"# \ back"##,
                created: "2026-12-01T04:42:58.836Z",
                edited: "2026-12-01T04:43:02.001Z",
            ),
        ],
    },
)
NOTES

# notes_merge: structure-aware; any bytes will do to start.
printf 'three sides of notes: base, ours and theirs' > "$out/notes_merge/seed-text"

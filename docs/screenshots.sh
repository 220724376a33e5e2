#!/usr/bin/env bash
# Retakes the README's pictures of the viewer's window, each in its own
# virtual display, driven by keys and clicks as a reader would:
#
#   docs/screenshots.sh              every picture
#   docs/screenshots.sh NAME...      some of them: screenshot small-screen
#                                    source-panel evaluation focus overview
#
# Needs a release build (built here when missing) and Xvfb, openbox, xdotool
# and ImageMagick (`apt-get install xvfb openbox xdotool imagemagick`, with
# `.ci/setup desktop`). The window manager matters: without one, keys sent by
# xdotool never reach the window. Each picture is the window's inside, saved
# as docs/NAME.png (focus and overview also write docs/…-screenshot.png /
# docs/overview-10000.png, the names the README uses).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/reasonmap
[ -x "$bin" ] || cargo build --release --bin reasonmap
for tool in Xvfb openbox xdotool import; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install xvfb openbox xdotool imagemagick" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The window of the running viewer, once it is mapped.
wid=

# start WIDTH HEIGHT [ARGS...]: a display a little larger than the window,
# a window manager, and the viewer with a fresh settings folder.
start() {
  local w=$1 h=$2
  shift 2
  local display=:$((100 + RANDOM % 800))
  Xvfb "$display" -screen 0 "$((w + 64))x$((h + 96))x24" >/dev/null 2>&1 &
  pids+=($!)
  export DISPLAY=$display
  sleep 1
  openbox >/dev/null 2>&1 &
  pids+=($!)
  sleep 1
  mkdir -p "$work/home$display"
  HOME="$work/home$display" "$bin" --window-size "${w}x$h" "$@" >"$work/viewer.log" 2>&1 &
  pids+=($!)
  wid=$(xdotool search --sync --onlyvisible --name 'reasonmap' | head -1)
  xdotool windowactivate --sync "$wid"
  # The map is laid out on a worker thread; give it time to be shown.
  sleep 3
  xdotool mousemove --window "$wid" 5 300
}

# keys KEY...: each key, with time for the view to settle after it.
keys() {
  for k in "$@"; do
    xdotool key --window "$wid" "$k"
    sleep 0.4
  done
}

# steps N: read along to the essay's Nth claim (J selects the next claim in
# the essay's order and centres it).
steps() {
  for _ in $(seq "$1"); do
    xdotool key --window "$wid" j
    sleep 0.15
  done
  sleep 0.5
}

# click BUTTON X Y: a click at window coordinates (negative X counts from the
# right edge).
click() {
  local x=$2
  if [ "$x" -lt 0 ]; then
    x=$(($(xdotool getwindowgeometry --shell "$wid" | sed -n 's/^WIDTH=//p') + x))
  fi
  xdotool mousemove --window "$wid" "$x" "$3" click "$1"
  sleep 0.6
}

# shoot NAME: saves the window's inside as docs/NAME.png and ends the viewer.
shoot() {
  sleep 1
  import -window "$wid" "docs/$1.png"
  echo "docs/$1.png"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pids=()
  sleep 0.5
}

shot_screenshot() {
  # The essay map as it opens, the main conclusion selected: it opens
  # centred at the top of the map, where the click lands.
  start 1280 800
  click 1 640 110
  shoot screenshot
}

shot_small_screen() {
  # 800 × 600: the third claim of the essay selected by reading along.
  start 800 600
  steps 3
  shoot small-screen
}

shot_source_panel() {
  # The source panel beside the map, read along to the seventh claim.
  start 1280 800
  click 1 -174 12
  steps 7
  shoot source-panel
}

shot_evaluation() {
  # The reader rejects that diplomacy, too, addresses security threats
  # (step 23 of reading along; x marks the selected claim rejected).
  start 1280 800
  steps 23
  keys x
  shoot evaluation-screenshot
}

shot_focus() {
  # A generated 10,000-claim map, one branch in focus.
  "$bin" generate --claims 10000 --seed 1 -o "$work/gen10k.ron" >/dev/null
  start 1280 800 "$work/gen10k.ron"
  sleep 3
  # A click on the empty left edge gives the map the keyboard; Tab selects
  # the first claim on screen (the conclusion), Down walks to its reasons.
  click 1 8 300
  keys Home Tab Down Down Down z
  shoot focus-screenshot
}

shot_overview() {
  # The same map at Fit: the overview.
  "$bin" generate --claims 10000 --seed 1 -o "$work/gen10k.ron" >/dev/null
  start 1280 800 "$work/gen10k.ron"
  sleep 3
  keys f
  shoot overview-10000
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(screenshot small-screen source-panel evaluation focus overview)
for n in "${names[@]}"; do
  case "$n" in
    screenshot | small-screen | source-panel | evaluation | focus | overview) "shot_${n//-/_}" ;;
    *) echo "unknown picture: $n" >&2; exit 2 ;;
  esac
done

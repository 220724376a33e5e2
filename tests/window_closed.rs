//! The real viewer on a real (virtual) X server, Xvfb: when another X
//! client destroys its window (XDestroyWindow), or the X server goes away,
//! the viewer ends without a panic message; and `--screenshot` pictures of
//! the essay map in an 800 × 600 and a 1920 × 1080 window, left in the
//! test output to look at. (winit panics inside its X11
//! backend on the first; the viewer catches that at the event loop's
//! boundary, see `app::run`.) Xvfb and Mesa come from `.ci/setup test`.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)]

use std::ffi::OsString;
use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _, Window};
use x11rb::rust_connection::RustConnection;

/// How long the viewer may take to show its window, or to end: generous,
/// for a debug build drawing with Mesa's software renderer on a busy
/// machine. Only a failing test waits this long.
const PATIENCE: Duration = Duration::from_secs(120);

/// An Xvfb server on a display number it picks itself; killed on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Self {
        Self::start_sized("1280x800x24")
    }

    /// An Xvfb server whose screen is `screen` (WIDTHxHEIGHTxDEPTH).
    fn start_sized(screen: &str) -> Self {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                screen,
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (`.ci/setup test` installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let number: u32 = line.trim().parse().expect("Xvfb prints its display number");
        Xvfb {
            child,
            display: format!(":{number}"),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The viewer on the tutorial map, on `display`, with its files in `home`.
fn start_viewer(display: &str, home: &Path) -> Child {
    for file in ["tutorial.ron", "tutorial.md"] {
        std::fs::copy(format!("maps/{file}"), home.join(file)).unwrap();
    }
    viewer(display, home, [home.join("tutorial.ron").into_os_string()])
}

/// The viewer started with `args` on `display`, with its settings and
/// files in `home` (X11 only), its errors piped.
fn viewer(display: &str, home: &Path, args: impl IntoIterator<Item = OsString>) -> Child {
    Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(args)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_RUNTIME_DIR", home)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The viewer's window: the top-level window whose title names the map.
fn find_window(conn: &RustConnection, root: Window) -> Option<Window> {
    let net_wm_name = conn
        .intern_atom(false, b"_NET_WM_NAME")
        .ok()?
        .reply()
        .ok()?
        .atom;
    let children = conn.query_tree(root).ok()?.reply().ok()?.children;
    children.into_iter().find(|&w| {
        [net_wm_name, AtomEnum::WM_NAME.into()]
            .into_iter()
            .any(|atom| {
                conn.get_property(false, w, atom, AtomEnum::ANY, 0, 1024)
                    .ok()
                    .and_then(|c| c.reply().ok())
                    .is_some_and(|p| String::from_utf8_lossy(&p.value).contains("tutorial.ron"))
            })
    })
}

/// Waits for the viewer's window to show on `display`.
fn wait_for_window(display: &str, viewer: &mut Child) -> (RustConnection, Window) {
    let (conn, screen) = x11rb::connect(Some(display)).unwrap();
    let root = conn.setup().roots[screen].root;
    let started = Instant::now();
    loop {
        if let Some(window) = find_window(&conn, root) {
            return (conn, window);
        }
        if let Some(status) = viewer.try_wait().unwrap() {
            panic!(
                "the viewer ended before showing its window: {status}, {}",
                stderr_of(viewer)
            );
        }
        assert!(started.elapsed() < PATIENCE, "no window after {PATIENCE:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits for the viewer to end; its exit status and standard error.
fn wait_for_end(viewer: &mut Child) -> (ExitStatus, String) {
    let started = Instant::now();
    loop {
        if let Some(status) = viewer.try_wait().unwrap() {
            return (status, stderr_of(viewer));
        }
        if started.elapsed() > PATIENCE {
            let _ = viewer.kill();
            panic!("the viewer did not end: {}", stderr_of(viewer));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn stderr_of(viewer: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut stderr) = viewer.stderr.take() {
        let _ = stderr.read_to_string(&mut text);
    }
    text
}

#[test]
fn a_window_destroyed_by_another_client_ends_the_viewer_quietly() {
    let xvfb = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let mut viewer = start_viewer(&xvfb.display, home.path());
    let (conn, window) = wait_for_window(&xvfb.display, &mut viewer);
    // Let it draw a few frames first.
    std::thread::sleep(Duration::from_secs(1));
    conn.destroy_window(window).unwrap();
    conn.flush().unwrap();
    let (status, stderr) = wait_for_end(&mut viewer);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("the window was closed by another program"),
        "{stderr}"
    );
    assert!(status.success(), "{status}: {stderr}");
}

#[test]
fn the_x_server_going_away_ends_the_viewer_without_a_panic() {
    let mut xvfb = Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let mut viewer = start_viewer(&xvfb.display, home.path());
    let (conn, _) = wait_for_window(&xvfb.display, &mut viewer);
    drop(conn);
    std::thread::sleep(Duration::from_secs(1));
    xvfb.child.kill().unwrap();
    xvfb.child.wait().unwrap();
    let (status, stderr) = wait_for_end(&mut viewer);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Xlib ends the program itself, saying why.
    assert!(stderr.contains("X connection to"), "{status}: {stderr}");
}

/// Runs `reasonmap --window-size WxH --screenshot shot` on the essay map on
/// `display`, with its settings in `home`, and checks that it ended well.
fn take_screenshot(display: &str, home: &Path, (w, h): (u32, u32), shot: &Path) {
    let args = [
        "--window-size".into(),
        format!("{w}x{h}").into(),
        "--screenshot".into(),
        shot.as_os_str().to_owned(),
    ];
    let (status, stderr) = wait_for_end(&mut viewer(display, home, args));
    assert!(status.success(), "{status}: {stderr}");
}

/// `reasonmap --window-size WxH --screenshot FILE` on the essay map, on a
/// screen of that size: the picture is the window, drawn (many colours, the
/// conclusion's blue among them), and is kept in the test output.
#[test]
fn screenshots_of_the_real_window_at_800_by_600_and_1920_by_1080() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-screenshots");
    std::fs::create_dir_all(&out).unwrap();
    for (w, h) in [(800u32, 600u32), (1920, 1080)] {
        let xvfb = Xvfb::start_sized(&format!("{w}x{h}x24"));
        let home = tempfile::tempdir().unwrap();
        let shot = out.join(format!("essay-{w}x{h}.png"));
        let _ = std::fs::remove_file(&shot);
        take_screenshot(&xvfb.display, home.path(), (w, h), &shot);
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(&shot).expect("the screenshot is written"),
        ));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.width, w, "the window is as wide as asked");
        assert!(
            info.height <= h && info.height + 64 >= h,
            "{} high for {h}",
            info.height
        );
        let colours: std::collections::BTreeSet<&[u8]> = pixels.chunks(4).collect();
        assert!(colours.len() > 200, "only {} colours", colours.len());
        // The main conclusion's light blue fill.
        let blue = pixels
            .chunks(4)
            .filter(|p| p[2] > 220 && p[0] < 235 && p[2] as i32 - p[0] as i32 > 10)
            .count();
        assert!(blue > 2_000, "{blue} pixels of the conclusion's blue");
        println!("screenshot: {}", shot.display());
    }
}

/// A window size asked for with `--window-size` is the size the window
/// opens at, even when a window of another size was closed before with the
/// same settings folder (it used to reopen at the saved size).
#[test]
fn the_window_size_asked_for_wins_over_the_size_saved_last_time() {
    let xvfb = Xvfb::start_sized("1280x800x24");
    let home = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut widths = Vec::new();
    for (w, h) in [(1000u32, 700u32), (800, 600)] {
        let shot = out.path().join(format!("{w}x{h}.png"));
        take_screenshot(&xvfb.display, home.path(), (w, h), &shot);
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(&shot).expect("the screenshot is written"),
        ));
        widths.push(decoder.read_info().unwrap().info().width);
    }
    assert_eq!(widths, [1000, 800], "each window as wide as asked");
}

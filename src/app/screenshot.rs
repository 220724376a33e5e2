//! `reasonmap --screenshot FILE`: the viewer saves a picture of its own
//! window as PNG once the map is shown and nothing is pending, then ends.
//! It serves the README's pictures and tests that look at the real window
//! on a virtual display, at any `--window-size`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Frames the viewer runs with the map shown and nothing pending before it
/// takes the picture (the first frames fit the map and place the panels).
const SETTLE_FRAMES: u32 = 5;

/// What became of the picture: `None` until it was written or failed.
pub type ScreenshotOutcome = Arc<Mutex<Option<Result<(), String>>>>;

/// A picture of the window to take once the viewer is ready.
#[derive(Debug)]
pub struct Screenshot {
    path: PathBuf,
    /// Frames run so far while the viewer was ready.
    ready_frames: u32,
    requested: bool,
    outcome: ScreenshotOutcome,
}

impl Screenshot {
    /// A picture to be written to `path`; `outcome` says how it went.
    pub fn new(path: PathBuf, outcome: ScreenshotOutcome) -> Self {
        Self {
            path,
            ready_frames: 0,
            requested: false,
            outcome,
        }
    }

    /// Called every frame: asks for the picture after a few frames in which
    /// the viewer was `ready`, and closes the window once it is written.
    pub fn step(&mut self, ctx: &egui::Context, ready: bool) {
        if self.outcome.lock().is_ok_and(|o| o.is_some()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if self.requested {
            return;
        }
        if !ready {
            self.ready_frames = 0;
            return;
        }
        self.ready_frames += 1;
        if self.ready_frames < SETTLE_FRAMES {
            ctx.request_repaint();
            return;
        }
        self.requested = true;
        let (path, outcome, waker) = (self.path.clone(), self.outcome.clone(), ctx.clone());
        ctx.request_screenshot(move |image| {
            let result = write_png(&path, &image).map_err(|e| format!("{}: {e}", path.display()));
            if let Ok(mut o) = outcome.lock() {
                *o = Some(result);
            }
            waker.request_repaint();
        });
    }
}

/// Writes `image` (opaque window pixels) to `path` as an 8-bit RGBA PNG,
/// through a temporary file beside it, so a failed write leaves no half
/// file.
fn write_png(path: &Path, image: &egui::ColorImage) -> std::io::Result<()> {
    let [w, h] = image.size;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut encoder = png::Encoder::new(
            std::io::BufWriter::new(tmp.as_file_mut()),
            w as u32,
            h as u32,
        );
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
        writer
            .write_image_data(image.as_raw())
            .map_err(std::io::Error::other)?;
        writer.finish().map_err(std::io::Error::other)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

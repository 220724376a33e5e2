//! The viewer's file work, off the UI thread: opening a map (reading and
//! checking it, opening its notes, laying it out, building its scene),
//! saving notes, and looking at the map file for changes. Any of these can
//! take long (a map of 50,000 claims lays out in a fifth of a second; a
//! file on a slow disk or a network share, or a notes file another program
//! holds locked, takes as long as it takes), and the window must keep
//! drawing meanwhile.
//!
//! One worker thread does the jobs in the order they were sent, so a save
//! asked for before a reload is on disk before the reload reads the notes.
//! The worker says what it is doing (for the status bar and the canvas's
//! progress line) and asks for a repaint whenever a job is done.
//!
//! Every open carries a ticket; only the latest open's result is wanted.
//! An open whose ticket is no longer the latest is skipped before it reads
//! the file, or after, before it lays the map out, and the window drops a
//! stale result that still arrives.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::model::LoadError;
use crate::notes::{NotesWarning, SaveDone, SaveJob};
use crate::scene::Theme;

use super::document::{Document, MapOrigin};

/// A file's modification time and size: enough to notice that an editor
/// saved it.
pub type FileStamp = (SystemTime, u64);

/// The stamp of the file at `path`, `None` when it cannot be looked at.
pub fn file_stamp(path: &std::path::Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Work for the worker thread.
pub enum Job {
    /// Read, check and lay out a map, and open its notes.
    Open {
        /// Which open this is (see [`Worker::next_ticket`]).
        ticket: u64,
        /// The map.
        origin: MapOrigin,
        /// The theme to build the scene in.
        theme: Theme,
        /// Where notes go when they cannot go beside the map.
        data_dir: Option<PathBuf>,
    },
    /// Save notes; `generation` names the document they belong to.
    Save {
        /// The save.
        job: SaveJob,
        /// Which open document the notes are of.
        generation: u64,
    },
    /// Look at the map file's stamp.
    Stamp(PathBuf),
    /// Lay out the shown part of a large map after a branch was collapsed
    /// or expanded (see [`super::collapse_ui`]).
    LayOut(Box<super::collapse_ui::PartRequest>),
}

/// A map opened on the worker.
pub type Opened = Result<(Document, Vec<NotesWarning>), LoadError>;

/// A finished job.
pub enum Done {
    /// A map was opened (or failed to), with the stamp of its file when it
    /// was read.
    Opened {
        /// Which open it was.
        ticket: u64,
        /// What was opened.
        origin: MapOrigin,
        /// The document, or why there is none.
        result: Box<Opened>,
        /// The map file's stamp taken before reading it.
        stamp: Option<FileStamp>,
    },
    /// A save finished.
    Saved {
        /// What it did.
        done: Box<SaveDone>,
        /// Which open document the notes are of.
        generation: u64,
    },
    /// The map file's stamp.
    Stamp(PathBuf, Option<FileStamp>),
    /// The shown part of a map, laid out.
    LaidOut(Box<super::collapse_ui::LaidOutPart>),
    /// An open that a later one made stale, given up before it was done.
    Skipped,
}

/// The worker thread and what it is doing.
pub struct Worker {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Done>,
    /// What the worker is doing now, and since when, for the status bar.
    doing: Arc<Mutex<Option<(String, Instant)>>>,
    /// Jobs sent whose results were not collected yet.
    pending: usize,
    /// Saves sent whose results were not collected yet.
    saves: usize,
    /// The ticket of the latest open asked for.
    latest_open: Arc<AtomicU64>,
}

impl Worker {
    /// Starts the worker thread; it asks `ctx` for a repaint whenever it
    /// finishes a job or moves on to another step.
    pub fn new(ctx: egui::Context) -> Self {
        let (jobs, job_receiver) = mpsc::channel::<Job>();
        let (done_sender, done) = mpsc::channel();
        let doing: Arc<Mutex<Option<(String, Instant)>>> = Arc::new(Mutex::new(None));
        let shown = Arc::clone(&doing);
        let latest_open = Arc::new(AtomicU64::new(0));
        let latest = Arc::clone(&latest_open);
        std::thread::Builder::new()
            .name("reasonmap files".to_owned())
            .spawn(move || {
                let say = |what: Option<String>| {
                    if let Ok(mut doing) = shown.lock() {
                        let since = doing.as_ref().map_or_else(Instant::now, |d| d.1);
                        *doing = what.map(|w| (w, since));
                    }
                    ctx.request_repaint();
                };
                // Ends when the window (the only sender) is gone.
                for job in job_receiver {
                    // Looking at the map file happens every second and is
                    // not shown; the window takes in its result on its next
                    // frame, which it asks for itself.
                    let shown = !matches!(job, Job::Stamp(_));
                    let stale = |ticket: u64| latest.load(Ordering::Relaxed) != ticket;
                    let result = run(job, &say, &stale);
                    if shown {
                        say(None);
                    }
                    if done_sender.send(result).is_err() {
                        break;
                    }
                    if shown {
                        ctx.request_repaint();
                    }
                }
            })
            .ok();
        Self {
            jobs,
            done,
            doing,
            pending: 0,
            saves: 0,
            latest_open,
        }
    }

    /// A ticket for a new open; it makes every open sent before it stale.
    pub fn next_ticket(&mut self) -> u64 {
        self.latest_open.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Makes every open sent so far stale (the window is closing, or no
    /// map is wanted any more): those not begun are skipped.
    pub fn cancel_opens(&mut self) {
        self.next_ticket();
    }

    /// Queues `job` after those already sent.
    pub fn send(&mut self, job: Job) {
        let save = matches!(job, Job::Save { .. });
        if self.jobs.send(job).is_ok() {
            self.pending += 1;
            self.saves += usize::from(save);
        }
    }

    /// Whether a save was sent whose result was not collected yet.
    pub fn is_saving(&self) -> bool {
        self.saves > 0
    }

    /// Whether jobs are queued or running.
    pub fn is_busy(&self) -> bool {
        self.pending > 0
    }

    /// What the worker is doing, once it has been at it for a moment (a
    /// save or a small map takes a few milliseconds, too short to show),
    /// with the seconds it has been at it after the first.
    pub fn doing(&self) -> Option<String> {
        const SHOW_AFTER: Duration = Duration::from_millis(150);
        let doing = self.doing.lock().ok()?;
        let (what, since) = doing.as_ref()?;
        let elapsed = since.elapsed();
        (elapsed >= SHOW_AFTER).then(|| super::loading_ui::progress_line(what, elapsed))
    }

    /// A finished job's result, if one is ready.
    pub fn try_next(&mut self) -> Option<Done> {
        let done = self.done.try_recv().ok()?;
        self.collected(&done);
        Some(done)
    }

    fn collected(&mut self, done: &Done) {
        self.pending -= 1;
        if matches!(done, Done::Saved { .. }) {
            self.saves -= 1;
        }
    }

    /// The next finished job's result, waiting for it; `None` when no job
    /// is pending.
    pub fn wait_next(&mut self) -> Option<Done> {
        if self.pending == 0 {
            return None;
        }
        let done = self.done.recv().ok()?;
        self.collected(&done);
        Some(done)
    }
}

fn run(job: Job, say: &dyn Fn(Option<String>), stale: &dyn Fn(u64) -> bool) -> Done {
    match job {
        Job::Open {
            ticket,
            origin,
            theme,
            data_dir,
        } => {
            if stale(ticket) {
                return Done::Skipped;
            }
            let name = origin.display();
            say(Some(format!("Opening {name}…")));
            let stamp = origin.path().and_then(file_stamp);
            let mut reading = |read: u64, total: u64| {
                // Only files that take a moment to read are worth a line.
                const MIB: u64 = 1024 * 1024;
                if total < 8 * MIB {
                    return;
                }
                say(Some(if read < total {
                    format!("Reading {name}… {} of {} MiB", read / MIB, total / MIB)
                } else {
                    format!("Checking {name}…")
                }));
            };
            let loaded = origin.load_with_progress(&mut reading);
            if stale(ticket) {
                return Done::Skipped;
            }
            let result = loaded.map(|loaded| {
                Document::build(
                    origin.clone(),
                    loaded,
                    &theme,
                    data_dir.as_deref(),
                    &mut |step| say(Some(step)),
                )
            });
            Done::Opened {
                ticket,
                origin,
                result: Box::new(result),
                stamp,
            }
        }
        Job::Save { job, generation } => {
            say(Some(format!(
                "Saving notes to {}…",
                job.location().path.display()
            )));
            Done::Saved {
                done: Box::new(job.run()),
                generation,
            }
        }
        Job::Stamp(path) => {
            let stamp = file_stamp(&path);
            Done::Stamp(path, stamp)
        }
        Job::LayOut(request) => {
            say(Some(format!(
                "Laying out {} claims…",
                super::loading_ui::count(request.sub.map.claims.len())
            )));
            Done::LaidOut(Box::new(request.run()))
        }
    }
}

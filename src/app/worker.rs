//! The viewer's file work, off the UI thread: opening a map (reading and
//! checking it, opening its notes, laying it out, building its scene),
//! saving notes, and looking at the map file for changes. Any of these can
//! take long (a map of 50,000 claims lays out in about half a second; a
//! file on a slow disk or a network share, or a notes file another program
//! holds locked, takes as long as it takes), and the window must keep
//! drawing meanwhile.
//!
//! One worker thread does the jobs in the order they were sent, so a save
//! asked for before a reload is on disk before the reload reads the notes.
//! The worker says what it is doing (for the status bar and the canvas's
//! progress line), and while it lays a map out, how far the layout has got
//! (a fraction in an atomic, which the window reads each frame: the layout
//! never waits for the window); it asks for a repaint whenever a job is
//! done.
//!
//! Every open carries a ticket; only the latest open's result is wanted.
//! An open whose ticket is no longer the latest is skipped before it reads
//! the file, or after, before it lays the map out, and the window drops a
//! stale result that still arrives. Once read, a map is laid out on a
//! thread of its own, so the jobs after it (another map asked for, a save)
//! do not wait for a layout that may take seconds; a layout made stale
//! meanwhile runs to its end unseen.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
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
        /// How the map is evaluated and whether the evaluation is shown,
        /// so that it is worked out here too.
        evaluation: (crate::evaluation::Reading, bool),
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

/// What a thread is doing, and since when, for the status bar.
type Doing = Arc<Mutex<Option<(String, Instant)>>>;

/// How far a thread's step has got, as the bits of an `f32` from 0 to 1,
/// or [`NO_FRACTION`] when the step cannot tell.
#[derive(Clone)]
struct Fraction(Arc<AtomicU32>);

/// A [`Fraction`]'s value while its step cannot tell how far it has got.
const NO_FRACTION: u32 = u32::MAX;

impl Fraction {
    fn new() -> Self {
        Self(Arc::new(AtomicU32::new(NO_FRACTION)))
    }

    fn set(&self, fraction: f32) {
        self.0
            .store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }

    fn clear(&self) {
        self.0.store(NO_FRACTION, Ordering::Relaxed);
    }

    fn get(&self) -> Option<f32> {
        match self.0.load(Ordering::Relaxed) {
            NO_FRACTION => None,
            bits => Some(f32::from_bits(bits)),
        }
    }
}

/// Says what a thread is doing, and asks the window to show it.
#[derive(Clone)]
struct Reporter {
    doing: Doing,
    fraction: Fraction,
    ctx: egui::Context,
}

impl Reporter {
    fn say(&self, what: Option<String>) {
        if let Ok(mut doing) = self.doing.lock() {
            let since = doing.as_ref().map_or_else(Instant::now, |d| d.1);
            *doing = what.map(|w| (w, since));
        }
        self.fraction.clear();
        self.ctx.request_repaint();
    }
}

/// The layout of the latest map opened, on its own thread: its ticket and
/// what it is doing.
type Building = Arc<Mutex<Option<(u64, String, Instant)>>>;

/// The worker thread and what it is doing.
pub struct Worker {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Done>,
    /// What the worker is doing now, and since when, for the status bar.
    doing: Doing,
    /// How far the worker's step has got.
    doing_fraction: Fraction,
    /// What the layout of the latest map opened is doing.
    building: Building,
    /// How far the layout of the latest map opened has got.
    building_fraction: Fraction,
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
        let doing: Doing = Arc::new(Mutex::new(None));
        let building: Building = Arc::new(Mutex::new(None));
        let doing_fraction = Fraction::new();
        let building_fraction = Fraction::new();
        let reporter = Reporter {
            doing: Arc::clone(&doing),
            fraction: doing_fraction.clone(),
            ctx: ctx.clone(),
        };
        let layout_fraction = building_fraction.clone();
        let latest_open = Arc::new(AtomicU64::new(0));
        let latest = Arc::clone(&latest_open);
        let layouts = Arc::clone(&building);
        std::thread::Builder::new()
            .name("reasonmap files".to_owned())
            .spawn(move || {
                let say = |what: Option<String>| reporter.say(what);
                let fraction = |f: f32| reporter.fraction.set(f);
                // Ends when the window (the only sender) is gone.
                for job in job_receiver {
                    // Looking at the map file happens every second and is
                    // not shown; the window takes in its result on its next
                    // frame, which it asks for itself.
                    let shown = !matches!(job, Job::Stamp(_));
                    let stale = |ticket: u64| latest.load(Ordering::Relaxed) != ticket;
                    let result = match run(job, &say, &fraction, &stale) {
                        Ran::Done(done) => done,
                        Ran::Read(read) => {
                            let build = LayoutThread {
                                building: Arc::clone(&layouts),
                                fraction: layout_fraction.clone(),
                                latest: Arc::clone(&latest),
                                done: done_sender.clone(),
                                ctx: ctx.clone(),
                            };
                            match build.start(read) {
                                Ok(()) => {
                                    say(None);
                                    continue;
                                }
                                // No thread to be had: lay it out here.
                                Err(read) => read.build(&|step| say(Some(step)), &fraction),
                            }
                        }
                    };
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
            doing_fraction,
            building,
            building_fraction,
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
    /// with how far it has got when it can tell (a layout) and the seconds
    /// it has been at it after the first.
    pub fn doing(&self) -> Option<super::loading_ui::Progress> {
        const SHOW_AFTER: Duration = Duration::from_millis(150);
        let latest = self.latest_open.load(Ordering::Relaxed);
        let (what, since, fraction) = match self.doing.lock().ok()?.clone() {
            Some((what, since)) => (what, since, self.doing_fraction.get()),
            None => {
                let building = self.building.lock().ok()?.clone();
                let (_, what, since) = building.filter(|b| b.0 == latest)?;
                (what, since, self.building_fraction.get())
            }
        };
        let elapsed = since.elapsed();
        (elapsed >= SHOW_AFTER).then(|| super::loading_ui::Progress::new(&what, fraction, elapsed))
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

/// What the worker thread did with a job: all of it, or for an open, the
/// reading, leaving the layout to a thread of its own.
enum Ran {
    Done(Done),
    Read(Box<Read>),
}

/// A map read and checked, to be laid out.
struct Read {
    ticket: u64,
    origin: MapOrigin,
    loaded: crate::model::LoadedMap,
    theme: Theme,
    data_dir: Option<PathBuf>,
    evaluation: (crate::evaluation::Reading, bool),
    stamp: Option<FileStamp>,
}

impl Read {
    /// Opens the map's notes, lays it out, builds its scene, evaluates it
    /// and indexes the scene for drawing: all a first frame would need.
    fn build(self, say: &dyn Fn(String), fraction: &dyn Fn(f32)) -> Done {
        let (mut doc, warnings) = Document::build(
            self.origin.clone(),
            self.loaded,
            &self.theme,
            self.data_dir.as_deref(),
            &mut |step| say(step),
            fraction,
        );
        let (reading, show) = self.evaluation;
        doc.sync_evaluation(reading, show, &self.theme);
        doc.first_drawing = Some(Arc::new(crate::render::egui::SceneDrawing::new(
            &doc.scene,
            doc.revision,
            &self.theme,
        )));
        let document = (doc, warnings);
        Done::Opened {
            ticket: self.ticket,
            origin: self.origin,
            result: Box::new(Ok(document)),
            stamp: self.stamp,
        }
    }
}

/// Lays out a map read by the worker on a thread of its own.
struct LayoutThread {
    building: Building,
    fraction: Fraction,
    latest: Arc<AtomicU64>,
    done: mpsc::Sender<Done>,
    ctx: egui::Context,
}

impl LayoutThread {
    /// Starts the thread; gives the map back when no thread can be made.
    fn start(self, read: Box<Read>) -> Result<(), Box<Read>> {
        let ticket = read.ticket;
        let shared = Arc::new(Mutex::new(Some(read)));
        let handed = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("reasonmap layout".to_owned())
            .spawn(move || {
                let Some(read) = handed.lock().ok().and_then(|mut r| r.take()) else {
                    return;
                };
                let say = |step: String| {
                    if self.latest.load(Ordering::Relaxed) != ticket {
                        return;
                    }
                    if let Ok(mut building) = self.building.lock() {
                        let since = building
                            .as_ref()
                            .filter(|b| b.0 == ticket)
                            .map_or_else(Instant::now, |b| b.2);
                        *building = Some((ticket, step, since));
                    }
                    self.fraction.clear();
                    self.ctx.request_repaint();
                };
                // Read by the window each frame; a layout made stale
                // leaves the fraction to the latest one.
                let fraction = |f: f32| {
                    if self.latest.load(Ordering::Relaxed) == ticket {
                        self.fraction.set(f);
                    }
                };
                let done = read.build(&say, &fraction);
                if let Ok(mut building) = self.building.lock()
                    && building.as_ref().is_some_and(|b| b.0 == ticket)
                {
                    *building = None;
                }
                // The window may be gone; nothing is waiting then.
                let _ = self.done.send(done);
                self.ctx.request_repaint();
            });
        match spawned {
            Ok(_) => Ok(()),
            Err(_) => match shared.lock().ok().and_then(|mut r| r.take()) {
                Some(read) => Err(read),
                None => Ok(()),
            },
        }
    }
}

fn run(
    job: Job,
    say: &dyn Fn(Option<String>),
    fraction: &dyn Fn(f32),
    stale: &dyn Fn(u64) -> bool,
) -> Ran {
    match job {
        Job::Open {
            ticket,
            origin,
            theme,
            data_dir,
            evaluation,
        } => {
            if stale(ticket) {
                return Ran::Done(Done::Skipped);
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
                return Ran::Done(Done::Skipped);
            }
            match loaded {
                Ok(loaded) => Ran::Read(Box::new(Read {
                    ticket,
                    origin,
                    loaded,
                    theme,
                    data_dir,
                    evaluation,
                    stamp,
                })),
                Err(err) => Ran::Done(Done::Opened {
                    ticket,
                    origin,
                    result: Box::new(Err(err)),
                    stamp,
                }),
            }
        }
        Job::Save { job, generation } => {
            say(Some(format!(
                "Saving notes to {}…",
                job.location().path.display()
            )));
            Ran::Done(Done::Saved {
                done: Box::new(job.run()),
                generation,
            })
        }
        Job::Stamp(path) => {
            let stamp = file_stamp(&path);
            Ran::Done(Done::Stamp(path, stamp))
        }
        Job::LayOut(request) => {
            say(Some(format!(
                "Laying out {} claims…",
                super::loading_ui::count(request.sub.map.claims.len())
            )));
            Ran::Done(Done::LaidOut(Box::new(request.run(fraction))))
        }
    }
}

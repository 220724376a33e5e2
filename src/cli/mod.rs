//! The command line: `reasonmap [MAP]` opens the viewer; subcommands check,
//! convert, generate, export and annotate maps without a window.

mod check;
mod convert;
mod evaluate;
mod export;
mod generate;
mod notes;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Top-level command line.
#[derive(Debug, Parser)]
#[command(
    name = "reasonmap",
    version,
    about = "See an essay's reasoning as an argument map.",
    long_about = "See an essay's reasoning as an argument map.\n\nWith no command, opens the viewer on MAP (a .ron map file, or AIF JSON from AIFdb or OVA), or on the built-in map of the regional-security essay when MAP is left out.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Map file to open in the viewer.
    pub map: Option<PathBuf>,
    /// Open the viewer's window at this inner size in points, as WIDTHxHEIGHT
    /// (e.g. 800x600; default 1200x720).
    #[arg(long, value_name = "WxH", value_parser = parse_window_size)]
    pub window_size: Option<[f32; 2]>,
    /// Save a PNG picture of the viewer's window to this file once the map
    /// is shown, then end (for documentation; exit status 2 when it cannot
    /// be written).
    #[arg(long, value_name = "PNG")]
    pub screenshot: Option<PathBuf>,
    /// What to do instead of opening the viewer.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate map files and print their diagnostics and a summary.
    #[command(
        after_help = "Diagnostics and the summary lines go to standard output, as text or, with --format json, as one JSON document. With --coverage, each map's coverage follows its summary: the share of the source's sentences that some claim quotes, and every sentence none quotes, as SOURCE:LINE: SENTENCE.\n\nExit status: 0 when every map is valid (warnings allowed), 1 when any map is invalid, 2 when any file cannot be read."
    )]
    Check(CheckArgs),
    /// Convert a map between RON and AIF JSON (the format of AIFdb and OVA).
    #[command(
        after_help = "The formats come from the file names (.ron, .json) unless --from or --to is given. Converting from AIF prints what was left out and why: the dialogue layer (L, YA and TA nodes, locutions), and S-nodes a map cannot hold. docs/aif.md has the whole mapping.\n\nExit status: 0 when OUTPUT was written, 1 when INPUT is not a valid map (nothing is written), 2 when a file cannot be read or written."
    )]
    Convert(ConvertArgs),
    /// Write a random, argument-shaped map (for benchmarks and testing).
    Generate(GenerateArgs),
    /// Export a map as PNG, SVG, PDF, DOT, or an interactive HTML page.
    Export(ExportArgs),
    /// List a map's notes, or add one.
    Notes(NotesArgs),
    /// Evaluate a map: every claim's status (in, out, undecided) under
    /// your marks, and why.
    #[command(
        after_help = "Marks come from the map's notes file (NAME.notes.ron, where the viewer keeps them) unless --no-marks is given, then from --accept, --reject, --holds and --fails, which win for an id marked both ways. docs/evaluation.md describes how statuses are computed.\n\nExit status: 0 on success; 1 for invalid input (a map that is not valid, an unknown id, a claim id where an argument id is needed or the other way round); 2 when a file cannot be read."
    )]
    Evaluate(EvaluateArgs),
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Text for people.
    Text,
    /// JSON for editors and scripts.
    Json,
}

/// Output format of `notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Text for people.
    Text,
    /// JSON for editors and scripts.
    Json,
    /// Markdown for a report.
    Markdown,
}

/// Arguments of `reasonmap check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Map files to check (RON, or AIF JSON from AIFdb or OVA).
    #[arg(required = true)]
    pub maps: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also report how many sentences of the source text the map quotes,
    /// and list those it does not, with their line numbers.
    #[arg(long)]
    pub coverage: bool,
}

/// A map file format, for `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// AIF JSON, as AIFdb and OVA write it.
    Aif,
    /// reasonmap's own format.
    Ron,
}

/// Arguments of `reasonmap convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Map to convert: a .ron map or an AIF .json file.
    pub input: PathBuf,
    /// File to write; its extension picks the format unless --to is given.
    pub output: PathBuf,
    /// Format of INPUT (default: from its extension, else from its content).
    #[arg(long, value_enum)]
    pub from: Option<FormatArg>,
    /// Format of OUTPUT (default: from its extension).
    #[arg(long, value_enum)]
    pub to: Option<FormatArg>,
    /// For AIF input: the text the map was made from. Each claim quotes the
    /// words of its locution, or its own text, where the source has them.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Arguments of `reasonmap generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of claims to generate.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub claims: u32,
    /// Seed of the random generator; the same seed gives the same map.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Shape of the map: one tree, a forest of disconnected parts, wide
    /// fan-in, long chains, or a mix of all.
    #[arg(long, value_enum, default_value_t = crate::generate::Shape::Tree)]
    pub shape: crate::generate::Shape,
    /// Where to write the map.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Image format of `reasonmap export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Raster image.
    Png,
    /// Vector image with selectable text.
    Svg,
    /// Vector document with selectable text.
    Pdf,
    /// Graphviz source, for post-processing.
    Dot,
    /// An interactive page with the map beside its essay.
    Html,
}

/// Theme of an exported image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark text on white.
    Light,
    /// Light text on dark grey.
    Dark,
}

/// Background of an exported image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackgroundArg {
    /// The theme's background colour.
    White,
    /// No background (PNG, SVG and PDF).
    Transparent,
}

/// Arguments of `reasonmap export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Map file to export (RON or AIF JSON).
    pub map: PathBuf,
    /// Output file; its extension picks the format unless --format is given.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Output format (default: from the output file's extension).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Pixels per point for PNG.
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
    /// For a PNG too large at --scale, use the largest scale that fits
    /// instead of refusing.
    #[arg(long)]
    pub fit: bool,
    /// Colour theme.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// Background.
    #[arg(long, value_enum, default_value_t = BackgroundArg::White)]
    pub background: BackgroundArg,
    /// Include notes as numbered callouts with their text in a legend.
    #[arg(long)]
    pub notes: bool,
    /// Export only this claim and what bears on it.
    #[arg(long, value_name = "CLAIM_ID")]
    pub root: Option<String>,
    /// Draw the map's title above it (the default).
    #[arg(long, overrides_with = "no_title")]
    pub title: bool,
    /// Leave the title out.
    #[arg(long)]
    pub no_title: bool,
    /// Draw a legend of the roles, in a corner the map leaves free or else below it.
    #[arg(long)]
    pub legend: bool,
    /// Draw the evaluation: each claim's status (a coloured bar; claims that
    /// are out are dimmed) and the marks in the map's notes file (a tick or
    /// a cross), with legend rows for them (see `reasonmap evaluate`).
    #[arg(long)]
    pub evaluation: bool,
    /// With --evaluation: do not grant open assumptions.
    #[arg(long, requires = "evaluation")]
    pub sceptical: bool,
    /// Draw the map as the viewer last showed it collapsed: the branches of
    /// the claims collapsed in the map's notes file are left out, and each
    /// collapsed claim gets a badge with the number of claims hidden.
    #[arg(long)]
    pub collapsed: bool,
    /// PDF: print the map at full size over pages of this paper, with
    /// overlap and crop marks, instead of on one page (scaled down to the
    /// 14,400 pt page limit if larger).
    #[arg(long, value_enum, value_name = "PAPER", num_args = 0..=1, default_missing_value = "a4")]
    pub tiles: Option<PaperArg>,
    /// PNG, SVG and PDF: draw the map on one sheet of this paper, scaled
    /// to fit within a 10 mm margin and centred, for
    /// printing; never enlarged. Warns when its text would print below
    /// 6 pt. The PDF's page and the SVG's width and height are the sheet's;
    /// the PNG is the sheet at --dpi.
    #[arg(long, value_enum, value_name = "PAPER", conflicts_with_all = ["tiles", "fit", "scale", "max_size"])]
    pub page: Option<PaperArg>,
    /// With --page: which way up the sheet is (default: auto, the way the
    /// map prints larger). The map is laid out for the sheet's shape.
    #[arg(long, value_enum, requires = "page")]
    pub orientation: Option<OrientationArg>,
    /// With --page, for PNG: dots per inch of the page image, from 36 to
    /// 600 (default 150; an A4 page at 150 dpi is 1240 × 1754 pixels).
    #[arg(long, value_name = "DPI", requires = "page", value_parser = clap::value_parser!(u32).range(36..=600))]
    pub dpi: Option<u32>,
    /// The largest output to draw: for PNG the longest side in pixels
    /// (default 16384; at most half a square of it in all), for a PDF
    /// poster (--tiles) the most pages (default 100). A larger export stops
    /// before drawing and says what it would take.
    #[arg(long, value_name = "N")]
    pub max_size: Option<u32>,
}

/// Which way up the sheet of `--page` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrientationArg {
    /// The way the map prints larger, laid out for each.
    Auto,
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// Paper of `--tiles` pages (portrait or landscape, whichever needs
/// fewer) or of the `--page` sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// ISO A3, 297 × 420 mm.
    A3,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Arguments of `reasonmap notes`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Notes are kept in NAME.notes.ron beside NAME.ron or NAME.json (or in the user's data folder when the map's folder cannot be written); the map file is never changed.\n\nExit status: 0 on success; 1 for invalid input (a map that is not valid, a CLAIM_ID the map does not have, an empty note); 2 when a file cannot be read or written, or another window or process kept the notes file locked for longer than --lock-timeout."
)]
pub struct NotesArgs {
    /// Map file whose notes to list or add to (RON or AIF JSON).
    pub map: PathBuf,
    /// Output format of the listing.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Add a note: the claim id, then the note's text.
    #[arg(long, num_args = 2, value_names = ["CLAIM_ID", "TEXT"])]
    pub add: Option<Vec<String>>,
    /// With --add: how long to wait, in seconds, while another window or
    /// process is saving the same notes file, before giving up.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds)]
    pub lock_timeout: std::time::Duration,
}

/// Parses a number of seconds from 0 to one day (fractions allowed).
fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    const DAY: f64 = 24.0 * 60.0 * 60.0;
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(0.0..=DAY).contains(&seconds) {
        return Err(format!(
            "`{text}` is out of range: give a number of seconds from 0 to {DAY}"
        ));
    }
    Ok(std::time::Duration::from_secs_f64(seconds))
}

/// Arguments of `reasonmap evaluate`.
#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    /// Map file to evaluate.
    pub map: PathBuf,
    /// Accept this claim (it is in, whatever bears on it).
    #[arg(long, value_name = "CLAIM_ID")]
    pub accept: Vec<String>,
    /// Reject this claim (it is out, whatever bears on it).
    #[arg(long, value_name = "CLAIM_ID")]
    pub reject: Vec<String>,
    /// Hold that this argument's inference holds (undercuts do not defeat it).
    #[arg(long, value_name = "ARGUMENT_ID")]
    pub holds: Vec<String>,
    /// Hold that this argument's inference fails (its target does not follow).
    #[arg(long, value_name = "ARGUMENT_ID")]
    pub fails: Vec<String>,
    /// Do not grant open assumptions (unmarked claims that nothing
    /// supports); by default they are granted (the charitable reading).
    #[arg(long)]
    pub sceptical: bool,
    /// Ignore the marks in the map's notes file.
    #[arg(long)]
    pub no_marks: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Loads `path` for a command that needs a valid map: on failure prints
/// the diagnostics and returns the exit code (1 for an invalid map, 2 for
/// a file that cannot be read).
fn load_for_command(path: &std::path::Path) -> Result<crate::model::LoadedMap, ExitCode> {
    crate::interchange::load_map_file(path).map_err(|err| {
        for diagnostic in err.diagnostics() {
            eprintln!("{diagnostic}");
        }
        ExitCode::from(match err {
            crate::model::LoadError::Io { .. } => 2,
            crate::model::LoadError::Invalid { .. } => 1,
        })
    })
}

/// Opens the notes (and marks) of `loaded`, telling the store the map's
/// claim and argument ids; problems with the notes file are printed as
/// warnings and the command goes on.
fn open_notes(loaded: &crate::model::LoadedMap) -> crate::notes::NoteStore {
    let map = &loaded.map;
    let (mut store, warnings) =
        crate::notes::NoteStore::open(&loaded.path, map.claims.iter().map(|c| c.id.clone()));
    store.set_argument_ids(map.arguments.iter().map(|a| a.id.clone()));
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    store
}

/// Parses the command line, runs it and returns the process exit code:
/// 0 on success, 1 when a map is invalid, 2 on any other error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => crate::app::run(
            cli.map,
            crate::app::WindowOptions {
                size: cli.window_size,
                screenshot: cli.screenshot,
            },
        ),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Convert(args)) => convert::run(&args),
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Notes(args)) => notes::run(&args),
        Some(Command::Evaluate(args)) => evaluate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Parses a window size written WIDTHxHEIGHT, in points, each between 200
/// and 10,000.
fn parse_window_size(text: &str) -> Result<[f32; 2], String> {
    let bad = || format!("expected WIDTHxHEIGHT in points, such as 800x600, not {text:?}");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(200..=10_000).contains(&w) || !(200..=10_000).contains(&h) {
        return Err(format!(
            "a window of {w}x{h} points: each side must be between 200 and 10000"
        ));
    }
    Ok([w as f32, h as f32])
}

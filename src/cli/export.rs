//! `reasonmap export`: writes a map as PNG, SVG, PDF, DOT or HTML through the
//! pipeline in [`crate::export`], the same one the app's export uses.

use std::collections::BTreeMap;
use std::process::ExitCode;

use super::{BackgroundArg, ExportArgs, ExportFormat, OrientationArg, PaperArg, ThemeArg};
use crate::evaluation::Reading;
use crate::export::{ExportEvaluation, ExportRequest, Format, export_to_file};
use crate::interchange::load_map_file;
use crate::layout::LayoutStyle;
use crate::model::{LoadError, LoadedMap};
use crate::notes::NoteStore;
use crate::render::page::{DEFAULT_DPI, Orientation, PageSpec};
use crate::render::pdf::{MAX_PAGE_SIDE, Paper};
use crate::scene::ThemeKind;

/// Runs `reasonmap export`: 0 when the file was written, 1 when the map is
/// invalid (its diagnostics are printed), an error (exit 2) otherwise.
pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        Some(ExportFormat::Png) => Format::Png,
        Some(ExportFormat::Svg) => Format::Svg,
        Some(ExportFormat::Pdf) => Format::Pdf,
        Some(ExportFormat::Dot) => Format::Dot,
        Some(ExportFormat::Html) => Format::Html,
        None => Format::from_path(&args.output)?,
    };
    let loaded = match load_map_file(&args.map) {
        Ok(loaded) => loaded,
        Err(LoadError::Invalid { diagnostics, .. }) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            eprintln!(
                "error: {} is not a valid map; nothing was exported",
                args.map.display()
            );
            return Ok(ExitCode::from(1));
        }
        // The message already holds the cause; flatten it so the cause
        // is not printed twice.
        Err(err @ LoadError::Io { .. }) => anyhow::bail!("{err}"),
    };
    for warning in &loaded.warnings {
        eprintln!("{warning}");
    }
    let store =
        (args.notes || args.evaluation || args.collapsed).then(|| super::open_notes(&loaded));
    let notes = match &store {
        Some(store) if args.notes => notes_by_claim(&loaded, store),
        _ => BTreeMap::new(),
    };
    let evaluation = store
        .as_ref()
        .filter(|_| args.evaluation)
        .map(|store| ExportEvaluation {
            marks: store
                .marks()
                .iter()
                .map(|(id, &m)| (id.clone(), m))
                .collect(),
            reading: if args.sceptical {
                Reading::Sceptical
            } else {
                Reading::Charitable
            },
        });
    let request = ExportRequest {
        format,
        scale: args.scale,
        theme: match args.theme {
            ThemeArg::Light => ThemeKind::Light,
            ThemeArg::Dark => ThemeKind::Dark,
        },
        transparent: args.background == BackgroundArg::Transparent,
        notes,
        root: args.root.clone(),
        title: !args.no_title,
        legend: args.legend,
        fit: args.fit,
        evaluation,
        max_size: args.max_size,
        collapsed: store
            .as_ref()
            .filter(|_| args.collapsed)
            .map(|store| store.collapsed().clone())
            .unwrap_or_default(),
        tiles: args.tiles.map(paper),
        page: args.page.map(|page| PageSpec {
            paper: paper(page),
            orientation: match args.orientation {
                None | Some(OrientationArg::Auto) => Orientation::Auto,
                Some(OrientationArg::Portrait) => Orientation::Portrait,
                Some(OrientationArg::Landscape) => Orientation::Landscape,
            },
            dpi: args.dpi.unwrap_or(DEFAULT_DPI),
        }),
    };
    if request.tiles.is_some() && format != Format::Pdf {
        anyhow::bail!("--tiles splits a PDF into pages; it does not apply to {format}");
    }
    let summary = export_to_file(&loaded, &request, &args.output, None)?;
    let page = summary.size.and_then(|size| size.page);
    let scale = match format {
        _ if page.is_some() => String::new(),
        Format::Png if summary.scale != args.scale => format!(
            ", at scale {} to fit the PNG size limits",
            crate::render::png::scale_text(summary.scale)
        ),
        Format::Pdf if summary.scale < 1.0 => format!(
            ", scaled to {}% to fit the {MAX_PAGE_SIDE} pt page limit (--tiles prints it at full size)",
            crate::render::png::scale_text(summary.scale * 100.0)
        ),
        _ => String::new(),
    };
    let size = summary
        .size
        .map(|size| format!(", {size}"))
        .unwrap_or_default();
    println!(
        "wrote {} ({}, {} claims{size}{scale})",
        summary.path.display(),
        summary.format,
        summary.claims,
    );
    if let Some(warning) = page.and_then(|page| page.warning(LayoutStyle::default().font_size)) {
        eprintln!("warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The paper a `--tiles` or `--page` argument names.
fn paper(arg: PaperArg) -> Paper {
    match arg {
        PaperArg::A4 => Paper::A4,
        PaperArg::A3 => Paper::A3,
        PaperArg::Letter => Paper::Letter,
    }
}

/// The map's notes, by claim id, oldest first, from the notes store (the
/// notes file beside the map, or in the user's data folder).
fn notes_by_claim(loaded: &LoadedMap, store: &NoteStore) -> BTreeMap<String, Vec<String>> {
    loaded
        .map
        .claims
        .iter()
        .filter_map(|claim| {
            let notes: Vec<String> = store
                .notes_for(&claim.id)
                .into_iter()
                .map(|note| note.text.clone())
                .collect();
            (!notes.is_empty()).then(|| (claim.id.clone(), notes))
        })
        .collect()
}

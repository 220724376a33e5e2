//! Help › Map Format, Notes Format and Keyboard: the project's own docs,
//! compiled into the binary and shown as rendered Markdown in a window, so
//! an installed viewer has them without the source tree.

use crate::source::{Block, markdown::parse_blocks};

use super::markdown_view::markdown_ui;

/// A page of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    /// `docs/map-format.md`: how to write a map.
    MapFormat,
    /// `docs/notes-format.md`: the notes file.
    NotesFormat,
    /// `docs/keyboard.md`: keys and mouse.
    Keyboard,
}

impl HelpPage {
    /// Every page, in menu order.
    pub const ALL: [HelpPage; 3] = [
        HelpPage::MapFormat,
        HelpPage::NotesFormat,
        HelpPage::Keyboard,
    ];

    /// The page's name in the menu and the window title.
    pub fn title(self) -> &'static str {
        match self {
            HelpPage::MapFormat => "Map Format",
            HelpPage::NotesFormat => "Notes Format",
            HelpPage::Keyboard => "Keyboard",
        }
    }

    /// The page's Markdown text.
    pub fn text(self) -> &'static str {
        match self {
            HelpPage::MapFormat => include_str!("../../docs/map-format.md"),
            HelpPage::NotesFormat => include_str!("../../docs/notes-format.md"),
            HelpPage::Keyboard => include_str!("../../docs/keyboard.md"),
        }
    }
}

/// The help window's state.
#[derive(Debug, Default)]
pub struct Help {
    /// The page shown, if the window is open.
    pub page: Option<HelpPage>,
    /// The shown page parsed (parsing happens when a page is opened).
    blocks: Vec<Block>,
    parsed: Option<HelpPage>,
}

impl Help {
    /// Opens the window on `page`.
    pub fn open(&mut self, page: HelpPage) {
        self.page = Some(page);
    }

    /// The Help menu's entries for the pages; a click opens the window.
    pub fn menu_ui(&mut self, ui: &mut egui::Ui) {
        for page in HelpPage::ALL {
            if ui.button(page.title()).clicked() {
                self.open(page);
            }
        }
    }

    /// Shows the window, if open.
    pub fn window_ui(&mut self, ctx: &egui::Context) {
        let Some(page) = self.page else { return };
        if self.parsed != Some(page) {
            self.blocks = parse_blocks(page.text());
            self.parsed = Some(page);
        }
        let mut open = true;
        let mut switch = None;
        egui::Window::new("Help")
            .open(&mut open)
            .default_size([680.0, 560.0])
            .resizable(true)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    for other in HelpPage::ALL {
                        if ui.selectable_label(other == page, other.title()).clicked() {
                            switch = Some(other);
                        }
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt(page.title())
                    .auto_shrink([true, false])
                    .show(ui, |ui| markdown_ui(ui, &self.blocks));
            });
        if let Some(other) = switch {
            self.page = Some(other);
        }
        if !open {
            self.page = None;
        }
    }
}

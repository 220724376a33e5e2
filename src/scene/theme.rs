//! Design tokens: every colour and stroke width the map is drawn with, for
//! the light and the dark theme. No other module picks colours.

use serde::{Deserialize, Serialize};

use crate::model::Role;

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 is opaque.
    pub a: u8,
}

impl Color {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// A colour with opacity `a`.
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    /// `#rrggbb`, the opacity left out (see [`Color::opacity`]).
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Opacity from 0 to 1.
    pub fn opacity(self) -> f32 {
        f32::from(self.a) / 255.0
    }

    /// The opaque colour `t` of the way from `other` to `self` (1 gives
    /// `self`'s red, green and blue); opacities are left out.
    pub fn mix(self, other: Color, t: f32) -> Color {
        let m = |a: u8, b: u8| (f32::from(a) * t + f32::from(b) * (1.0 - t)).round() as u8;
        Color::rgb(m(self.r, other.r), m(self.g, other.g), m(self.b, other.b))
    }

    /// `self` drawn over the opaque `under`: the solid colour a
    /// translucent fill shows on that background.
    pub fn over(self, under: Color) -> Color {
        self.mix(under, self.opacity())
    }
}

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ThemeKind {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// Fill and border of one role's boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleStyle {
    /// Box fill.
    pub fill: Color,
    /// Box border, also the colour of the role's arrows.
    pub stroke: Color,
}

/// The colours and widths of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Which theme this is.
    pub kind: ThemeKind,
    /// Canvas background.
    pub background: Color,
    /// Claim text and title.
    pub text: Color,
    /// Secondary text (legend labels).
    pub weak_text: Color,
    /// Co-premise frame border.
    pub frame_stroke: Color,
    /// Co-premise frame fill.
    pub frame_fill: Color,
    /// Note-count badge fill.
    pub badge_fill: Color,
    /// Note-count badge text.
    pub badge_text: Color,
    /// Legend background.
    pub legend_fill: Color,
    /// Legend border.
    pub legend_stroke: Color,
    /// Highlight of the selected claim (screen only).
    pub selection: Color,
    /// Highlight of the hovered claim and its arrows (screen only).
    pub hover: Color,
    /// Outline of claims matching the search (screen only).
    pub search_match: Color,
    /// Status bar of a claim that is in.
    pub status_in: Color,
    /// Status bar of a claim that is out.
    pub status_out: Color,
    /// Status bar of an undecided claim.
    pub status_undecided: Color,
    /// Translucent layer dimming a claim that is out.
    pub veil: Color,
    /// Badge of a claim the reader accepted.
    pub mark_accepted: Color,
    /// Badge of a claim the reader rejected.
    pub mark_rejected: Color,
    /// Tick and cross on mark badges.
    pub mark_ink: Color,
    /// Outline of claims whose status a "what if" changed (screen only).
    pub what_if: Color,
    /// Border width of ordinary boxes.
    pub stroke_width: f32,
    /// Border width of the main conclusion's box.
    pub conclusion_stroke_width: f32,
    /// Border width of the other conclusions' boxes.
    pub other_conclusion_stroke_width: f32,
    /// Width of arrow shafts.
    pub edge_width: f32,
    /// Per role, in the order of [`Role::ALL`].
    roles: [RoleStyle; Role::ALL.len()],
}

impl Theme {
    /// The theme of the given kind.
    pub fn new(kind: ThemeKind) -> Self {
        match kind {
            ThemeKind::Light => Self::light(),
            ThemeKind::Dark => Self::dark(),
        }
    }

    /// Dark text on warm white; the default and the print theme.
    pub fn light() -> Self {
        let role = |fill, stroke| RoleStyle { fill, stroke };
        Self {
            kind: ThemeKind::Light,
            background: Color::rgb(250, 250, 247),
            text: Color::rgb(28, 28, 32),
            weak_text: Color::rgb(90, 90, 96),
            frame_stroke: Color::rgb(140, 140, 150),
            frame_fill: Color::rgba(0, 0, 40, 10),
            badge_fill: Color::rgb(33, 96, 196),
            badge_text: Color::rgb(255, 255, 255),
            legend_fill: Color::rgb(255, 255, 255),
            legend_stroke: Color::rgb(200, 200, 205),
            selection: Color::rgb(33, 96, 196),
            hover: Color::rgb(70, 70, 84),
            search_match: Color::rgb(236, 0, 140),
            status_in: Color::rgb(46, 160, 67),
            status_out: Color::rgb(207, 34, 46),
            status_undecided: Color::rgb(220, 150, 0),
            veil: Color::rgba(250, 250, 247, 150),
            mark_accepted: Color::rgb(36, 128, 52),
            mark_rejected: Color::rgb(190, 30, 40),
            mark_ink: Color::rgb(255, 255, 255),
            what_if: Color::rgb(0, 150, 200),
            stroke_width: 1.5,
            conclusion_stroke_width: 3.0,
            other_conclusion_stroke_width: 2.0,
            edge_width: 1.8,
            roles: [
                role(Color::rgb(223, 233, 250), Color::rgb(30, 70, 150)),
                role(Color::rgb(223, 233, 250), Color::rgb(30, 70, 150)),
                role(Color::rgb(222, 242, 222), Color::rgb(46, 125, 50)),
                role(Color::rgb(252, 224, 224), Color::rgb(198, 40, 40)),
                role(Color::rgb(255, 234, 208), Color::rgb(222, 110, 0)),
                role(Color::rgb(238, 226, 249), Color::rgb(123, 31, 162)),
                role(Color::rgb(232, 238, 242), Color::rgb(84, 110, 122)),
                role(Color::rgb(236, 236, 236), Color::rgb(117, 117, 117)),
            ],
        }
    }

    /// Light text on a dark grey background.
    pub fn dark() -> Self {
        let role = |fill, stroke| RoleStyle { fill, stroke };
        Self {
            kind: ThemeKind::Dark,
            background: Color::rgb(27, 28, 31),
            text: Color::rgb(232, 232, 236),
            weak_text: Color::rgb(170, 170, 178),
            frame_stroke: Color::rgb(120, 120, 132),
            frame_fill: Color::rgba(255, 255, 255, 10),
            badge_fill: Color::rgb(66, 133, 244),
            badge_text: Color::rgb(255, 255, 255),
            legend_fill: Color::rgb(38, 39, 43),
            legend_stroke: Color::rgb(80, 80, 88),
            selection: Color::rgb(100, 160, 255),
            hover: Color::rgb(235, 235, 245),
            search_match: Color::rgb(255, 90, 200),
            status_in: Color::rgb(102, 200, 110),
            status_out: Color::rgb(239, 83, 80),
            status_undecided: Color::rgb(255, 193, 7),
            veil: Color::rgba(27, 28, 31, 150),
            mark_accepted: Color::rgb(56, 142, 60),
            mark_rejected: Color::rgb(211, 47, 47),
            mark_ink: Color::rgb(255, 255, 255),
            what_if: Color::rgb(0, 200, 255),
            stroke_width: 1.5,
            conclusion_stroke_width: 3.0,
            other_conclusion_stroke_width: 2.0,
            edge_width: 1.8,
            roles: [
                role(Color::rgb(30, 48, 84), Color::rgb(120, 165, 245)),
                role(Color::rgb(30, 48, 84), Color::rgb(120, 165, 245)),
                role(Color::rgb(28, 64, 36), Color::rgb(102, 187, 106)),
                role(Color::rgb(84, 30, 32), Color::rgb(239, 83, 80)),
                role(Color::rgb(84, 52, 18), Color::rgb(255, 167, 38)),
                role(Color::rgb(60, 34, 78), Color::rgb(186, 104, 200)),
                role(Color::rgb(40, 50, 56), Color::rgb(144, 164, 174)),
                role(Color::rgb(50, 50, 54), Color::rgb(150, 150, 156)),
            ],
        }
    }

    /// Fill and border of a role's boxes.
    pub fn role(&self, role: Role) -> RoleStyle {
        let i = Role::ALL.iter().position(|&r| r == role).unwrap_or(0);
        self.roles[i]
    }
}

//! The hint plate over the canvas: how to get a readable view when the
//! text is too small, or how to see the whole map when only its top shows.
//!
//! It goes at the bottom centre of the canvas unless that covers the
//! legend, the minimap or the selected claim; then it tries the top
//! centre, then slides along the bottom and top edges beside them, then
//! wraps onto two lines and tries again. In a canvas too crowded for any
//! of those it stays at the bottom centre.

use egui::{Painter, Pos2, Rect, Vec2};

use crate::render::egui::color;
use crate::scene::Theme;

/// Space between the plate and the canvas's edges or what it avoids.
const MARGIN: f32 = 12.0;
/// Padding between the plate's edge and its text.
const PADDING: Vec2 = Vec2::new(8.0, 4.0);
/// The hint's font size, in points.
const FONT_SIZE: f32 = 13.0;

/// Where a plate of `size` goes in `canvas`, covering none of `avoid`;
/// `None` if no place tried is free.
pub fn place_hint(canvas: Rect, size: Vec2, avoid: &[Rect]) -> Option<Rect> {
    let inner = canvas.shrink(MARGIN);
    if size.x > inner.width() || size.y > inner.height() {
        return None;
    }
    let clamp_x = |x: f32| x.clamp(inner.left(), inner.right() - size.x);
    let mut xs = vec![clamp_x(canvas.center().x - size.x / 2.0)];
    for r in avoid {
        xs.push(clamp_x(r.right() + MARGIN));
        xs.push(clamp_x(r.left() - MARGIN - size.x));
    }
    xs.push(inner.left());
    xs.push(inner.right() - size.x);
    // Along the bottom and the top edge, then just below or above what is
    // in the way (under a bar across the top of a crowded canvas).
    let mut ys = vec![inner.bottom() - size.y, inner.top()];
    for r in avoid {
        ys.push(r.bottom() + MARGIN);
        ys.push(r.top() - MARGIN - size.y);
    }
    ys.retain(|&y| y >= inner.top() && y + size.y <= inner.bottom());
    // The centre of each edge first, then the other places along it.
    let centre = xs[0];
    ys.iter()
        .map(|&y| Rect::from_min_size(Pos2::new(centre, y), size))
        .chain(ys.iter().flat_map(|&y| {
            xs.iter()
                .map(move |&x| Rect::from_min_size(Pos2::new(x, y), size))
        }))
        .find(|plate| !avoid.iter().any(|r| r.intersects(*plate)))
}

/// Paints `hint` on a plate in `canvas`, clear of `avoid` where it can be
/// (see [`place_hint`]); returns the plate.
pub fn hint_ui(painter: &Painter, canvas: Rect, hint: &str, theme: &Theme, avoid: &[Rect]) -> Rect {
    let font = egui::FontId::proportional(FONT_SIZE);
    let text_color = color(theme.text);
    let one_line = painter.layout_no_wrap(hint.to_owned(), font.clone(), text_color);
    let narrow = (canvas.width() - 2.0 * (MARGIN + PADDING.x)).max(80.0);
    let wrapped = |width: f32| painter.layout(hint.to_owned(), font.clone(), text_color, width);
    let galleys = [
        wrapped(narrow.min(one_line.size().x + 1.0)),
        wrapped((one_line.size().x / 2.0 + 40.0).min(narrow)),
    ];
    let placed = galleys.iter().find_map(|galley| {
        place_hint(canvas, galley.size() + 2.0 * PADDING, avoid).map(|r| (r, galley.clone()))
    });
    let (plate, galley) = placed.unwrap_or_else(|| {
        let galley = galleys[0].clone();
        let size = galley.size() + 2.0 * PADDING;
        let plate = Rect::from_center_size(
            Pos2::new(canvas.center().x, canvas.bottom() - MARGIN - size.y / 2.0),
            size,
        );
        (plate, galley)
    });
    painter.rect_filled(plate, 4.0, color(theme.background));
    painter.rect_stroke(
        plate,
        4.0,
        egui::Stroke::new(1.0, color(theme.frame_stroke)),
        egui::StrokeKind::Inside,
    );
    painter.galley(plate.min + PADDING, galley, text_color);
    plate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Rect {
        Rect::from_min_size(Pos2::new(0.0, 30.0), Vec2::new(560.0, 500.0))
    }

    #[test]
    fn the_plate_sits_at_the_bottom_centre_when_nothing_is_in_the_way() {
        let plate = place_hint(canvas(), Vec2::new(300.0, 24.0), &[]).expect("room");
        assert!((plate.center().x - canvas().center().x).abs() < 0.5);
        assert!((plate.bottom() - (canvas().bottom() - MARGIN)).abs() < 0.5);
    }

    #[test]
    fn the_plate_keeps_off_the_legend_the_minimap_and_the_selection() {
        let c = canvas();
        let legend = Rect::from_min_max(Pos2::new(12.0, 480.0), Pos2::new(120.0, 518.0));
        let minimap = Rect::from_min_max(Pos2::new(400.0, 400.0), Pos2::new(548.0, 518.0));
        let selected = Rect::from_min_max(Pos2::new(150.0, 40.0), Pos2::new(400.0, 80.0));
        let avoid = [legend, minimap, selected];
        let plate = place_hint(c, Vec2::new(250.0, 24.0), &avoid).expect("room");
        assert!(c.contains_rect(plate));
        for r in avoid {
            assert!(!plate.intersects(r), "{plate:?} covers {r:?}");
        }
        // Too wide for either edge: next to what is in the way (here just
        // above the minimap), clear of all.
        let wide = place_hint(c, Vec2::new(520.0, 24.0), &avoid).expect("room");
        assert!(c.contains_rect(wide));
        for r in avoid {
            assert!(!wide.intersects(r), "{wide:?} covers {r:?}");
        }
        // Larger than the canvas: nowhere.
        assert!(place_hint(c, Vec2::new(600.0, 24.0), &avoid).is_none());
    }

    #[test]
    fn a_crowded_small_canvas_still_finds_the_plate_a_free_place() {
        // 800 x 600 with the side panel open: the legend chip and the
        // minimap fill the bottom edge, the read-along bar the top one.
        let c = Rect::from_min_size(Pos2::new(0.0, 24.0), Vec2::new(497.0, 552.0));
        let bar = Rect::from_min_max(Pos2::new(82.0, 32.0), Pos2::new(415.0, 70.0));
        let chip = Rect::from_min_max(Pos2::new(16.0, 520.0), Pos2::new(98.0, 566.0));
        let minimap = Rect::from_min_max(Pos2::new(360.0, 480.0), Pos2::new(484.0, 566.0));
        let selected = Rect::from_min_max(Pos2::new(180.0, 265.0), Pos2::new(315.0, 330.0));
        let avoid = [chip, minimap, bar, selected];
        let plate = place_hint(c, Vec2::new(420.0, 44.0), &avoid).expect("room");
        assert!(c.contains_rect(plate));
        for r in avoid {
            assert!(!plate.intersects(r), "{plate:?} covers {r:?}");
        }
    }
}

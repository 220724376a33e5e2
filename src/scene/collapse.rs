//! Collapsed branches in the scene: the "+N" badge under a claim whose
//! branch is partly hidden, with a small swatch per role hidden, and the
//! scene of only the shown claims (see [`crate::visible`]).
//!
//! The shown claims are laid out as a map of their own, so the layout
//! closes up the space of what is hidden. The scene of that sub-map is then
//! renumbered to the whole map: every node's `claim`, every arrow's and
//! frame's `argument` and every extra arrow's `premise` index the whole
//! map, and nodes and arrows take the colours of their roles in the whole
//! map. Nodes stay sorted by claim (see [`super::Scene::node`]). The screen
//! and every export draw the badges from here, so they agree.

use serde::Serialize;

use crate::geom::{Point, Rect};
use crate::layout::{Layout, LayoutStyle};
use crate::model::{Map, MapIndex, Role};
use crate::text::{TextMeasure, Weight};
use crate::visible::{Hidden, SubMap, Visibility};

use super::{Color, NodeShape, Scene, SceneEvaluation, SceneOptions, TextLine, Theme, build_scene};

/// Font size of a branch badge's count.
const SIZE: f32 = 11.0;
/// Side of a role swatch.
const SWATCH: f32 = 8.0;
/// Space between the parts of a badge.
const GAP: f32 = 3.0;
/// Most role swatches on one badge (every role fits).
const MAX_SWATCHES: usize = Role::ALL.len();

/// One small square in a role's colours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Swatch {
    /// The square.
    pub rect: Rect,
    /// The role it stands for.
    pub role: Role,
    /// Fill, the role's box fill.
    pub fill: Color,
    /// Border, the role's box border.
    pub stroke: Color,
}

/// The badge of a claim whose branch is (partly) hidden: a pill under the
/// box's bottom edge, where the hidden arrows would come in, saying how
/// many claims are hidden ("+12") and showing their roles' colours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BranchBadge {
    /// How many claims are hidden below the claim.
    pub count: usize,
    /// The pill.
    pub rect: Rect,
    /// Radius of its rounded ends.
    pub corner_radius: f32,
    /// Fill of the pill.
    pub fill: Color,
    /// Border of the pill.
    pub stroke: Color,
    /// The count, "+12".
    pub label: TextLine,
    /// One swatch per role among the hidden claims, in legend order.
    pub swatches: Vec<Swatch>,
}

impl BranchBadge {
    /// The badge for `hidden` under the box `rect`.
    pub fn new(rect: Rect, hidden: &Hidden, measure: &dyn TextMeasure, theme: &Theme) -> Self {
        let text = format!("+{}", hidden.count);
        let text_width = measure.width(&text, Weight::Bold, SIZE);
        let line_height = measure.line_height(SIZE);
        let roles: Vec<Role> = hidden
            .roles
            .iter()
            .map(|&(r, _)| r)
            .take(MAX_SWATCHES)
            .collect();
        let height = line_height.max(SWATCH) + 2.0 * GAP;
        let pad = height / 2.0;
        let swatches_width = roles.len() as f32 * (SWATCH + GAP);
        let width = pad + text_width + GAP + swatches_width - GAP + pad;
        let centre_x = rect.center().x;
        let top = rect.max.y - height / 2.0;
        let pill = Rect::from_min_size(Point::new(centre_x - width / 2.0, top), width, height);
        let mid_y = pill.center().y;
        let label = TextLine {
            pos: Point::new(pill.min.x + pad, mid_y - line_height / 2.0),
            ascent: measure.ascent(SIZE),
            text,
            size: SIZE,
            weight: Weight::Bold,
            color: theme.text,
        };
        let mut x = label.pos.x + text_width + GAP;
        let swatches = roles
            .into_iter()
            .map(|role| {
                let style = theme.role(role);
                let swatch = Swatch {
                    rect: Rect::from_min_size(Point::new(x, mid_y - SWATCH / 2.0), SWATCH, SWATCH),
                    role,
                    fill: style.fill,
                    stroke: style.stroke,
                };
                x += SWATCH + GAP;
                swatch
            })
            .collect();
        Self {
            count: hidden.count,
            rect: pill,
            corner_radius: height / 2.0,
            fill: theme.legend_fill,
            stroke: theme.weak_text,
            label,
            swatches,
        }
    }
}

/// Scene options of the whole map made to fit the sub-map: per-claim
/// lists are picked for the shown claims.
pub fn sub_options(options: &SceneOptions, sub: &SubMap) -> SceneOptions {
    fn pick<T: Clone + Default>(whole: &[T], claims: &[usize]) -> Vec<T> {
        if whole.is_empty() {
            return Vec::new();
        }
        claims
            .iter()
            .map(|&c| whole.get(c).cloned().unwrap_or_default())
            .collect()
    }
    SceneOptions {
        note_counts: pick(&options.note_counts, &sub.claims),
        callouts: pick(&options.callouts, &sub.claims),
        evaluation: options.evaluation.as_ref().map(|e| SceneEvaluation {
            statuses: pick(&e.statuses, &sub.claims),
            marks: pick(&e.marks, &sub.claims),
        }),
        ..options.clone()
    }
}

/// The scene of the shown part of a map: `sub` (with its `sub_index`) laid
/// out as `layout`, renumbered to the whole `map` and with the badges of
/// `visibility`. `options` are those of the whole map.
#[allow(clippy::too_many_arguments)]
pub fn part_scene(
    map: &Map,
    index: &MapIndex,
    sub: &SubMap,
    sub_index: &MapIndex,
    layout: &Layout,
    visibility: &Visibility,
    style: &LayoutStyle,
    measure: &dyn TextMeasure,
    theme: &Theme,
    options: &SceneOptions,
) -> Scene {
    let mut scene = build_scene(
        &sub.map,
        sub_index,
        layout,
        style,
        measure,
        theme,
        &sub_options(options, sub),
    );
    renumber(&mut scene, map, index, sub, theme);
    add_badges(&mut scene, visibility, measure, theme);
    scene
}

/// Lays out the claims `visibility` shows and builds their scene: the one
/// call for exports, which need no layout of their own.
pub fn shown_scene(
    map: &Map,
    index: &MapIndex,
    visibility: &Visibility,
    style: &LayoutStyle,
    measure: &dyn TextMeasure,
    theme: &Theme,
    options: &SceneOptions,
) -> Scene {
    let sub = crate::visible::sub_map(map, index, &visibility.shown);
    let sub_index = MapIndex::new(&sub.map);
    let layout = crate::layout::layout(&sub.map, &sub_index, measure, style);
    part_scene(
        map, index, &sub, &sub_index, &layout, visibility, style, measure, theme, options,
    )
}

/// Makes the indices of a sub-map's scene those of the whole map, and its
/// colours those of the whole map's roles.
fn renumber(scene: &mut Scene, map: &Map, index: &MapIndex, sub: &SubMap, theme: &Theme) {
    let claim = |c: usize| sub.claims.get(c).copied().unwrap_or(c);
    let argument = |a: usize| sub.arguments.get(a).copied().unwrap_or(a);
    for node in &mut scene.nodes {
        node.claim = claim(node.claim);
        let role = index.role(node.claim);
        if role != node.role {
            let style = theme.role(role);
            node.role = role;
            node.fill = style.fill;
            node.stroke = style.stroke;
            node.stroke_width = match role {
                Role::Conclusion => theme.conclusion_stroke_width,
                Role::OtherConclusion => theme.other_conclusion_stroke_width,
                _ => theme.stroke_width,
            };
        }
        node.dashed = map.claims.get(node.claim).is_some_and(|c| c.implicit);
    }
    for edge in &mut scene.edges {
        edge.argument = argument(edge.argument);
        edge.premise = edge.premise.map(claim);
        if edge.argument < map.arguments.len() {
            edge.color = theme.role(index.argument_role(edge.argument)).stroke;
        }
    }
    for frame in &mut scene.frames {
        frame.argument = argument(frame.argument);
    }
    if let Some(evaluation) = &mut scene.evaluation {
        for shape in &mut evaluation.claims {
            shape.claim = shape.claim.map(claim);
        }
    }
}

/// Puts the badge of each claim with a hidden branch on its node.
pub fn add_badges(
    scene: &mut Scene,
    visibility: &Visibility,
    measure: &dyn TextMeasure,
    theme: &Theme,
) {
    for node in &mut scene.nodes {
        node.branch = visibility
            .hidden_below(node.claim)
            .map(|h| BranchBadge::new(node.rect, h, measure, theme));
    }
    grow_bounds(scene);
}

/// Makes the scene's bounds hold every badge, with a margin.
fn grow_bounds(scene: &mut Scene) {
    let badges = scene
        .nodes
        .iter()
        .filter_map(|n: &NodeShape| n.branch.as_ref())
        .fold(Rect::NOTHING, |r, b| r.union(b.rect));
    let b = scene.bounds;
    let inside = badges.min.x >= b.min.x
        && badges.min.y >= b.min.y
        && badges.max.x <= b.max.x
        && badges.max.y <= b.max.y;
    if !badges.is_empty() && !inside {
        scene.bounds = b.union(badges.expand(8.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, ArgumentKind, Claim};
    use crate::text::FontMetrics;
    use crate::visible::{Focus, visibility};

    fn map() -> (Map, MapIndex) {
        let map = Map {
            title: "t".into(),
            source: None,
            conclusions: vec!["c".into()],
            claims: ["c", "p", "q", "r"]
                .iter()
                .map(|id| Claim::new(*id, format!("claim {id}")))
                .collect(),
            arguments: vec![
                Argument::new("s1", ["p"], "c", ArgumentKind::Support),
                Argument::new("o1", ["q"], "c", ArgumentKind::Attack),
                Argument::new("s2", ["r"], "q", ArgumentKind::Support),
            ],
        };
        let index = MapIndex::new(&map);
        (map, index)
    }

    #[test]
    fn a_collapsed_branch_leaves_its_claim_with_a_badge_and_whole_map_indices() {
        let (map, index) = map();
        let theme = Theme::new(super::super::ThemeKind::Light);
        let v = visibility(&map, &index, &[false, false, true, false], None);
        let scene = shown_scene(
            &map,
            &index,
            &v,
            &LayoutStyle::default(),
            FontMetrics::bundled(),
            &theme,
            &SceneOptions::default(),
        );
        let claims: Vec<usize> = scene.nodes.iter().map(|n| n.claim).collect();
        assert_eq!(claims, [0, 1, 2]);
        let q = scene.node(2).expect("q is shown");
        assert_eq!(q.role, Role::Objection);
        let badge = q.branch.as_ref().expect("q has a badge");
        assert_eq!(badge.label.text, "+1");
        assert_eq!(badge.swatches.len(), 1);
        assert_eq!(badge.swatches[0].fill, theme.role(Role::Reason).fill);
        assert!(scene.node(3).is_none());
        let arguments: Vec<usize> = scene.edges.iter().map(|e| e.argument).collect();
        assert_eq!(arguments, [0, 1]);
        assert_eq!(scene.edges[1].color, theme.role(Role::Objection).stroke);
        assert!(scene.bounds.contains(badge.rect.max));
    }

    #[test]
    fn focus_keeps_whole_map_roles() {
        let (map, index) = map();
        let theme = Theme::new(super::super::ThemeKind::Dark);
        let focus = Focus { claim: 3, depth: 1 };
        let v = visibility(&map, &index, &[], Some(focus));
        let scene = shown_scene(
            &map,
            &index,
            &v,
            &LayoutStyle::default(),
            FontMetrics::bundled(),
            &theme,
            &SceneOptions {
                note_counts: vec![0, 0, 0, 4],
                ..SceneOptions::default()
            },
        );
        let roles: Vec<(usize, Role)> = scene.nodes.iter().map(|n| (n.claim, n.role)).collect();
        assert_eq!(
            roles,
            [
                (0, Role::Conclusion),
                (2, Role::Objection),
                (3, Role::Reason)
            ]
        );
        let r = scene.node(3).expect("r");
        assert_eq!(r.badge.as_ref().map(|b| b.label.text.as_str()), Some("4"));
    }
}

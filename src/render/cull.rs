//! Finding what a rectangle of the scene touches without looking at the
//! rest: a uniform grid over the scene's bounds, built once per scene, that
//! lists in each cell the claim boxes, arrows and co-premise frames whose
//! bounding boxes overlap it.
//!
//! The screen renderer asks it for the visible rectangle each frame, so the
//! cost of a frame follows what is on screen, not the size of the map.

use crate::geom::{Point, Rect};
use crate::scene::{EdgeShape, Scene};

/// About how many shapes one grid cell should hold.
const SHAPES_PER_CELL: usize = 8;
/// Most cells along one side of the grid.
const MAX_CELLS_PER_SIDE: usize = 1024;
/// Margin around a claim box that counts as the box (its note badge and
/// highlight rings stick out of it).
pub const NODE_MARGIN: f32 = 12.0;

/// The shapes of a scene that touch a rectangle, as indices into
/// [`Scene::nodes`], [`Scene::edges`] and [`Scene::frames`], each sorted
/// ascending (the scene's painting order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visible {
    /// Claim boxes (with [`NODE_MARGIN`]).
    pub nodes: Vec<usize>,
    /// Arrows (shaft and head).
    pub edges: Vec<usize>,
    /// Co-premise frames.
    pub frames: Vec<usize>,
}

/// One kind of shape in the grid: its bounding boxes, and for each cell the
/// shapes overlapping it.
#[derive(Debug, Clone, Default)]
struct Layer {
    bounds: Vec<Rect>,
    /// `cells[start[c]..start[c + 1]]` lists the shapes in cell `c`.
    start: Vec<u32>,
    cells: Vec<u32>,
}

/// A spatial index over one scene's shapes.
#[derive(Debug, Clone, Default)]
pub struct SceneGrid {
    origin: Point,
    cell: f32,
    columns: usize,
    rows: usize,
    nodes: Layer,
    edges: Layer,
    frames: Layer,
}

/// The bounding box of an arrow: its shaft and its head.
pub fn edge_bounds(edge: &EdgeShape) -> Rect {
    edge.head.iter().fold(edge.shaft_bounds(), |acc, p| {
        acc.union(Rect { min: *p, max: *p })
    })
}

impl SceneGrid {
    /// Indexes `scene`'s claim boxes, arrows and frames.
    pub fn new(scene: &Scene) -> Self {
        let nodes: Vec<Rect> = scene
            .nodes
            .iter()
            .map(|n| n.rect.expand(NODE_MARGIN))
            .collect();
        let edges: Vec<Rect> = scene.edges.iter().map(edge_bounds).collect();
        let frames: Vec<Rect> = scene.frames.iter().map(|f| f.rect).collect();
        let all = nodes
            .iter()
            .chain(&edges)
            .chain(&frames)
            .fold(Rect::NOTHING, |acc, r| acc.union(*r));
        let count = nodes.len() + edges.len() + frames.len();
        if count == 0 || !all.min.x.is_finite() || !all.max.x.is_finite() {
            return Self::default();
        }
        let (width, height) = (all.width().max(1.0), all.height().max(1.0));
        // Square cells, about SHAPES_PER_CELL shapes each.
        let cells_wanted = (count / SHAPES_PER_CELL).max(1) as f32;
        let mut cell = (width * height / cells_wanted).sqrt().max(1.0);
        let longest = width.max(height);
        if longest / cell > MAX_CELLS_PER_SIDE as f32 {
            cell = longest / MAX_CELLS_PER_SIDE as f32;
        }
        let columns = ((width / cell).ceil() as usize).clamp(1, MAX_CELLS_PER_SIDE);
        let rows = ((height / cell).ceil() as usize).clamp(1, MAX_CELLS_PER_SIDE);
        let mut grid = Self {
            origin: all.min,
            cell,
            columns,
            rows,
            ..Self::default()
        };
        grid.nodes = grid.layer(nodes);
        grid.edges = grid.layer(edges);
        grid.frames = grid.layer(frames);
        grid
    }

    /// The cells a rectangle overlaps, as inclusive column and row ranges;
    /// `None` when it misses the grid.
    fn cell_span(&self, r: &Rect) -> Option<(usize, usize, usize, usize)> {
        // Inverted (as Rect::NOTHING) or NaN: meets nothing. A rectangle
        // of zero width can still meet others, so it is kept.
        if self.columns == 0 || !(r.min.x <= r.max.x && r.min.y <= r.max.y) {
            return None;
        }
        let to_cell = |v: f32, o: f32, n: usize| -> Option<usize> {
            let c = ((v - o) / self.cell).floor();
            if c.is_nan() {
                None
            } else {
                Some(c.clamp(0.0, (n - 1) as f32) as usize)
            }
        };
        let grid_max = Point::new(
            self.origin.x + self.columns as f32 * self.cell,
            self.origin.y + self.rows as f32 * self.cell,
        );
        if r.max.x < self.origin.x
            || r.max.y < self.origin.y
            || r.min.x > grid_max.x
            || r.min.y > grid_max.y
        {
            return None;
        }
        Some((
            to_cell(r.min.x, self.origin.x, self.columns)?,
            to_cell(r.max.x, self.origin.x, self.columns)?,
            to_cell(r.min.y, self.origin.y, self.rows)?,
            to_cell(r.max.y, self.origin.y, self.rows)?,
        ))
    }

    fn layer(&self, bounds: Vec<Rect>) -> Layer {
        let cells = self.columns * self.rows;
        let mut counts = vec![0u32; cells + 1];
        let spans: Vec<_> = bounds.iter().map(|r| self.cell_span(r)).collect();
        for (c0, c1, r0, r1) in spans.iter().flatten() {
            for row in *r0..=*r1 {
                for col in *c0..=*c1 {
                    counts[row * self.columns + col + 1] += 1;
                }
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut next = counts.clone();
        let mut list = vec![0u32; counts[cells] as usize];
        for (i, span) in spans.iter().enumerate() {
            let Some((c0, c1, r0, r1)) = span else {
                continue;
            };
            for row in *r0..=*r1 {
                for col in *c0..=*c1 {
                    let slot = &mut next[row * self.columns + col];
                    list[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
        }
        Layer {
            bounds,
            start: counts,
            cells: list,
        }
    }

    fn query_layer(&self, layer: &Layer, r: &Rect, out: &mut Vec<usize>) {
        out.clear();
        let Some((c0, c1, r0, r1)) = self.cell_span(r) else {
            return;
        };
        for row in r0..=r1 {
            for col in c0..=c1 {
                let c = row * self.columns + col;
                let (a, b) = (layer.start[c] as usize, layer.start[c + 1] as usize);
                for &i in &layer.cells[a..b] {
                    if layer.bounds[i as usize].intersects(r) {
                        out.push(i as usize);
                    }
                }
            }
        }
        // A shape spanning several cells was found once per cell.
        out.sort_unstable();
        out.dedup();
    }

    /// The shapes whose bounding boxes intersect `r` (claim boxes with
    /// [`NODE_MARGIN`] around them), in painting order.
    pub fn query(&self, r: &Rect) -> Visible {
        let mut visible = Visible::default();
        self.query_into(r, &mut visible);
        visible
    }

    /// [`SceneGrid::query`] into reused vectors.
    pub fn query_into(&self, r: &Rect, out: &mut Visible) {
        self.query_layer(&self.nodes, r, &mut out.nodes);
        self.query_layer(&self.edges, r, &mut out.edges);
        self.query_layer(&self.frames, r, &mut out.frames);
    }

    /// The claim boxes (with [`NODE_MARGIN`]) intersecting `r`.
    pub fn nodes_in(&self, r: &Rect, out: &mut Vec<usize>) {
        self.query_layer(&self.nodes, r, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated_scene(claims: usize) -> Scene {
        crate::scene::generated_scene(claims, 7)
    }

    /// Every shape whose bounds meet `r`, the slow way.
    fn brute_force(scene: &Scene, r: &Rect) -> Visible {
        let hit = |b: Rect| b.intersects(r);
        Visible {
            nodes: (0..scene.nodes.len())
                .filter(|&i| hit(scene.nodes[i].rect.expand(NODE_MARGIN)))
                .collect(),
            edges: (0..scene.edges.len())
                .filter(|&i| hit(edge_bounds(&scene.edges[i])))
                .collect(),
            frames: (0..scene.frames.len())
                .filter(|&i| hit(scene.frames[i].rect))
                .collect(),
        }
    }

    #[test]
    fn the_grid_finds_exactly_the_shapes_meeting_a_rectangle() {
        let scene = generated_scene(600);
        let grid = SceneGrid::new(&scene);
        let b = scene.bounds;
        let mut rng = fastrand::Rng::with_seed(11);
        let mut nonempty = 0;
        for _ in 0..300 {
            let x = b.min.x - 200.0 + rng.f32() * (b.width() + 400.0);
            let y = b.min.y - 200.0 + rng.f32() * (b.height() + 400.0);
            let w = rng.f32() * b.width() * 0.3;
            let h = rng.f32() * b.height() * 0.3;
            let r = Rect::from_min_size(Point::new(x, y), w, h);
            let found = grid.query(&r);
            assert_eq!(found, brute_force(&scene, &r), "rect {r:?}");
            if !found.nodes.is_empty() {
                nonempty += 1;
            }
        }
        assert!(nonempty > 50, "the rectangles hit claims: {nonempty}");
        // The whole map, and a rectangle beside it.
        let all = grid.query(&b);
        assert_eq!(all.nodes.len(), scene.nodes.len());
        assert_eq!(all.edges.len(), scene.edges.len());
        assert_eq!(all.frames.len(), scene.frames.len());
        let beside = Rect::from_min_size(Point::new(b.max.x + 500.0, b.min.y), 100.0, 100.0);
        assert_eq!(grid.query(&beside), Visible::default());
    }

    #[test]
    fn an_empty_scene_and_a_nan_rectangle_find_nothing() {
        let mut scene = generated_scene(10);
        let nan = Rect::from_min_size(Point::new(f32::NAN, 0.0), 10.0, 10.0);
        assert_eq!(SceneGrid::new(&scene).query(&nan), Visible::default());
        scene.nodes.clear();
        scene.edges.clear();
        scene.frames.clear();
        assert_eq!(
            SceneGrid::new(&scene).query(&scene.bounds),
            Visible::default()
        );
    }
}

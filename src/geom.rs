//! Small renderer-independent geometry types shared by layout, scene and
//! the renderers. Units are scene points: one point is one screen point at
//! 100 % zoom and one CSS pixel in SVG.

use serde::Serialize;

/// A point (or vector) in scene coordinates; y grows downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f32,
    /// Vertical coordinate, growing downwards.
    pub y: f32,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// Linear interpolation: `self` at `t = 0`, `other` at `t = 1`.
    pub fn lerp(self, other: Point, t: f32) -> Point {
        Point::new(
            self.x + (other.x - self.x) * t,
            self.y + (other.y - self.y) * t,
        )
    }

    /// Distance from `self` to the nearest point of the segment `a`–`b`.
    pub fn distance_to_segment(self, a: Point, b: Point) -> f32 {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((self.x - a.x) * dx + (self.y - a.y) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let q = a.lerp(b, t);
        (q.x - self.x).hypot(q.y - self.y)
    }
}

/// An axis-aligned rectangle in scene coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Rect {
    /// Top-left corner.
    pub min: Point,
    /// Bottom-right corner.
    pub max: Point,
}

impl Rect {
    /// The rectangle with top-left corner `min` and the given size.
    pub fn from_min_size(min: Point, width: f32, height: f32) -> Self {
        Self {
            min,
            max: Point::new(min.x + width, min.y + height),
        }
    }

    /// An empty rectangle that any [`Rect::union`] replaces.
    pub const NOTHING: Rect = Rect {
        min: Point::new(f32::INFINITY, f32::INFINITY),
        max: Point::new(f32::NEG_INFINITY, f32::NEG_INFINITY),
    };

    /// Width of the rectangle.
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height of the rectangle.
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// Centre of the rectangle.
    pub fn center(&self) -> Point {
        self.min.lerp(self.max, 0.5)
    }

    /// Middle of the top edge.
    pub fn center_top(&self) -> Point {
        Point::new(self.center().x, self.min.y)
    }

    /// Middle of the bottom edge.
    pub fn center_bottom(&self) -> Point {
        Point::new(self.center().x, self.max.y)
    }

    /// The smallest rectangle holding both.
    pub fn union(self, other: Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    /// The rectangle grown by `margin` on every side.
    pub fn expand(self, margin: f32) -> Rect {
        Rect {
            min: Point::new(self.min.x - margin, self.min.y - margin),
            max: Point::new(self.max.x + margin, self.max.y + margin),
        }
    }

    /// True when the two rectangles share interior area.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// True when `p` lies inside or on the border.
    pub fn contains(&self, p: Point) -> bool {
        (self.min.x..=self.max.x).contains(&p.x) && (self.min.y..=self.max.y).contains(&p.y)
    }

    /// True when the rectangle holds no area (as [`Rect::NOTHING`]).
    pub fn is_empty(&self) -> bool {
        !(self.min.x < self.max.x && self.min.y < self.max.y)
    }
}

/// A cubic Bézier curve, the shape of every arrow.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cubic {
    /// Start point.
    pub from: Point,
    /// First control point.
    pub ctrl1: Point,
    /// Second control point.
    pub ctrl2: Point,
    /// End point.
    pub to: Point,
}

impl Cubic {
    /// The point at parameter `t` in `0..=1`.
    pub fn at(&self, t: f32) -> Point {
        let a = self.from.lerp(self.ctrl1, t);
        let b = self.ctrl1.lerp(self.ctrl2, t);
        let c = self.ctrl2.lerp(self.to, t);
        a.lerp(b, t).lerp(b.lerp(c, t), t)
    }

    /// Bounding box of the curve's control polygon (holds the curve).
    pub fn bounds(&self) -> Rect {
        let xs = [self.from.x, self.ctrl1.x, self.ctrl2.x, self.to.x];
        let ys = [self.from.y, self.ctrl1.y, self.ctrl2.y, self.to.y];
        Rect {
            min: Point::new(
                xs.iter().copied().fold(f32::INFINITY, f32::min),
                ys.iter().copied().fold(f32::INFINITY, f32::min),
            ),
            max: Point::new(
                xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
                ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Point;

    #[test]
    fn distance_to_a_segment_is_to_its_nearest_point() {
        let (a, b) = (Point::new(0.0, 0.0), Point::new(200.0, 0.0));
        // Beside its middle, far from either end.
        assert_eq!(Point::new(100.0, 3.0).distance_to_segment(a, b), 3.0);
        // Beyond an end: to that end.
        assert_eq!(Point::new(203.0, 4.0).distance_to_segment(a, b), 5.0);
        // A segment that is a point.
        assert_eq!(Point::new(3.0, 4.0).distance_to_segment(a, a), 5.0);
    }
}

//! Label placement for the people graph, after the layout: each label is put against its own
//! node (so a reader points at the right person) in the first of a fixed list of candidate
//! positions around it that keeps a clear gap from every other highlighted node (labelled
//! people, cut points) and from the labels already placed; among those, the one covering the
//! fewest ordinary nodes. Graphviz's own `xlabel` placement does not promise either: it may
//! put a name nearer to a neighbour than to its owner.
//!
//! Labels are placed one by one in the order given (deterministic), each trying
//! [`CANDIDATES`] positions: O(L·k·(L + H) + L·k·n) for L labels, H highlighted nodes and n
//! ordinary nodes (L is a few dozen at most, k = 16).

/// Gap kept between a label and any other highlighted node or label, in points.
pub const GAP: f64 = 4.0;
/// Distance between a label and its own node, in points (it touches it).
pub const TOUCH: f64 = 0.5;
/// Candidate positions tried, in this order: the four sides, the four diagonals, then each
/// side shifted half a label along it. (dx, dy) say where the box lies (y up).
pub const CANDIDATES: [(i8, i8, Shift); 16] = [
    (1, 0, Shift::Centre),
    (-1, 0, Shift::Centre),
    (0, 1, Shift::Centre),
    (0, -1, Shift::Centre),
    (1, 1, Shift::Centre),
    (-1, 1, Shift::Centre),
    (1, -1, Shift::Centre),
    (-1, -1, Shift::Centre),
    (1, 0, Shift::Up),
    (1, 0, Shift::Down),
    (-1, 0, Shift::Up),
    (-1, 0, Shift::Down),
    (0, 1, Shift::Up),
    (0, 1, Shift::Down),
    (0, -1, Shift::Up),
    (0, -1, Shift::Down),
];

/// How a side position is slid along the side: centred on the node, or ending at its centre
/// (Up: the box starts at the node's centre line and extends up, or right for top/bottom).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    /// Centred on the node.
    Centre,
    /// Extends from the node's centre line upwards (or rightwards above and below).
    Up,
    /// Extends from the node's centre line downwards (or leftwards above and below).
    Down,
}

/// A node's outline, in points, centred on its position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outline {
    /// A circle of this radius.
    Circle(f64),
    /// A diamond of these half-width and half-height.
    Diamond(f64, f64),
}

/// A node of the drawing: where it is and its outline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Centre x, in points.
    pub x: f64,
    /// Centre y, in points (y up).
    pub y: f64,
    /// Outline.
    pub outline: Outline,
}

impl Shape {
    /// Half extents of the outline along x and y.
    pub fn half(&self) -> (f64, f64) {
        match self.outline {
            Outline::Circle(r) => (r, r),
            Outline::Diamond(w, h) => (w, h),
        }
    }

    /// The point of the outline in the diagonal direction (sx, sy) ∈ {−1, 1}²: where a box
    /// corner touches it.
    fn diagonal_point(&self, sx: f64, sy: f64) -> (f64, f64) {
        let (dx, dy) = match self.outline {
            Outline::Circle(r) => (
                r * std::f64::consts::FRAC_1_SQRT_2,
                r * std::f64::consts::FRAC_1_SQRT_2,
            ),
            // the point of the edge |x|/w + |y|/h = 1 on the line of the box's corner
            Outline::Diamond(w, h) => (w / 2.0, h / 2.0),
        };
        (self.x + sx * dx, self.y + sy * dy)
    }

    /// Distance from the outline to `b` (0 when they overlap). Conservative for a diamond,
    /// taken as its bounding circle, which is never nearer than the diamond itself.
    pub fn distance(&self, b: &Rect) -> f64 {
        let (hx, hy) = self.half();
        (b.distance_to_point(self.x, self.y) - hx.max(hy)).max(0.0)
    }
}

/// An axis-aligned box, in points (y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Bottom.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Top.
    pub y1: f64,
}

impl Rect {
    /// The box of width `w` and height `h` whose corner or side is at (x, y), lying towards
    /// (sx, sy) (−1, 0 or 1 on each axis; 0 = centred on that axis).
    fn from_anchor(x: f64, y: f64, w: f64, h: f64, sx: f64, sy: f64) -> Rect {
        let x0 = x + (sx - 1.0) * w / 2.0;
        let y0 = y + (sy - 1.0) * h / 2.0;
        Rect {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        }
    }

    /// The centre.
    pub fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Distance from a point to the box (0 inside).
    pub fn distance_to_point(&self, x: f64, y: f64) -> f64 {
        let dx = (self.x0 - x).max(x - self.x1).max(0.0);
        let dy = (self.y0 - y).max(y - self.y1).max(0.0);
        dx.hypot(dy)
    }

    /// Distance between two boxes (0 when they overlap).
    pub fn distance(&self, o: &Rect) -> f64 {
        let dx = (self.x0 - o.x1).max(o.x0 - self.x1).max(0.0);
        let dy = (self.y0 - o.y1).max(o.y0 - self.y1).max(0.0);
        dx.hypot(dy)
    }

    /// The smallest box holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}

/// The box of a `w` × `h` label touching `node` at candidate `c`.
pub fn candidate(node: &Shape, w: f64, h: f64, c: (i8, i8, Shift)) -> Rect {
    let (sx, sy) = (f64::from(c.0), f64::from(c.1));
    let (hx, hy) = node.half();
    let along = match c.2 {
        Shift::Centre => 0.0,
        Shift::Up => 1.0,
        Shift::Down => -1.0,
    };
    if sx != 0.0 && sy != 0.0 {
        let (px, py) = node.diagonal_point(sx, sy);
        let d = TOUCH * std::f64::consts::FRAC_1_SQRT_2;
        return Rect::from_anchor(px + sx * d, py + sy * d, w, h, sx, sy);
    }
    if sx != 0.0 {
        // beside: the near side at the node's extreme point, slid up or down
        Rect::from_anchor(node.x + sx * (hx + TOUCH), node.y, w, h, sx, along)
    } else {
        Rect::from_anchor(node.x, node.y + sy * (hy + TOUCH), w, h, along, sy)
    }
}

/// One label to place: its node (an index into the highlighted shapes) and its box size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    /// Index of its node among the highlighted shapes.
    pub node: usize,
    /// Width, in points.
    pub width: f64,
    /// Height, in points.
    pub height: f64,
}

/// Places each label of `requests` (in order) against its node: the first candidate keeping
/// [`GAP`] from every other highlighted shape and every label placed before, fewest
/// `ordinary` nodes covered first; when none keeps the gap, the one with the largest
/// clearance. Returns one box per request.
pub fn place(highlighted: &[Shape], ordinary: &[Shape], requests: &[Request]) -> Vec<Rect> {
    let mut placed: Vec<Rect> = Vec::with_capacity(requests.len());
    for r in requests {
        let Some(own) = highlighted.get(r.node) else {
            continue;
        };
        let mut best: Option<(bool, usize, f64, Rect)> = None;
        for c in CANDIDATES {
            let b = candidate(own, r.width, r.height, c);
            let clearance = highlighted
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != r.node)
                .map(|(_, s)| s.distance(&b))
                .chain(placed.iter().map(|p| p.distance(&b)))
                .fold(f64::INFINITY, f64::min);
            let clear = clearance >= GAP;
            let covered = ordinary.iter().filter(|s| s.distance(&b) <= 0.0).count();
            let better = match &best {
                None => true,
                // clear beats blocked; then fewer covered (when clear) or more clearance
                Some((bc, bn, bcl, _)) => match (clear, *bc) {
                    (true, false) => true,
                    (false, true) => false,
                    (true, true) => covered < *bn,
                    (false, false) => clearance > *bcl,
                },
            };
            if better {
                best = Some((clear, covered, clearance, b));
            }
        }
        if let Some((_, _, _, b)) = best {
            placed.push(b);
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(x: f64, y: f64) -> Shape {
        Shape {
            x,
            y,
            outline: Outline::Circle(4.0),
        }
    }

    #[test]
    fn every_candidate_touches_its_node() {
        let shapes = [
            dot(0.0, 0.0),
            Shape {
                x: 10.0,
                y: -3.0,
                outline: Outline::Diamond(11.0, 11.0),
            },
        ];
        for s in &shapes {
            for c in CANDIDATES {
                let b = candidate(s, 60.0, 16.0, c);
                let d = match s.outline {
                    Outline::Circle(r) => b.distance_to_point(s.x, s.y) - r,
                    // exact distance to the diamond |x|/w + |y|/h = 1 along the nearest corner
                    Outline::Diamond(w, _) => {
                        let cx = (s.x).clamp(b.x0, b.x1);
                        let cy = (s.y).clamp(b.y0, b.y1);
                        ((cx - s.x).abs() + (cy - s.y).abs() - w) / std::f64::consts::SQRT_2
                    }
                };
                assert!((-0.01..=1.0).contains(&d), "{c:?}: {d}");
            }
        }
    }

    #[test]
    fn the_label_goes_where_no_other_highlighted_node_is() {
        // a second labelled node right of the first: the first label must not go right
        let shapes = [dot(0.0, 0.0), dot(30.0, 0.0)];
        let req = |node| Request {
            node,
            width: 50.0,
            height: 14.0,
        };
        let boxes = place(&shapes, &[], &[req(0), req(1)]);
        assert_eq!(boxes.len(), 2);
        assert!(boxes[0].x1 <= 0.0, "left of its node: {:?}", boxes[0]);
        assert!(shapes[1].distance(&boxes[0]) >= GAP);
        assert!(shapes[0].distance(&boxes[1]) >= GAP);
        assert!(boxes[0].distance(&boxes[1]) >= GAP);
        // the second one, free on its right, goes right
        assert!(boxes[1].x0 >= 30.0);
    }

    #[test]
    fn ordinary_nodes_are_avoided_when_possible() {
        let shapes = [dot(0.0, 0.0)];
        // a crowd on the right
        let crowd: Vec<Shape> = (0..5).map(|i| dot(20.0 + 10.0 * i as f64, 0.0)).collect();
        let boxes = place(
            &shapes,
            &crowd,
            &[Request {
                node: 0,
                width: 40.0,
                height: 12.0,
            }],
        );
        assert!(boxes[0].x1 <= 0.0, "{:?}", boxes[0]);
    }

    #[test]
    fn placement_is_deterministic_and_keeps_the_best_clearance_when_crowded() {
        // surrounded on every side: still one box, touching its node
        let mut shapes = vec![dot(0.0, 0.0)];
        for (x, y) in [(12.0, 0.0), (-12.0, 0.0), (0.0, 12.0), (0.0, -12.0)] {
            shapes.push(dot(x, y));
        }
        let req = [Request {
            node: 0,
            width: 30.0,
            height: 10.0,
        }];
        let a = place(&shapes, &[], &req);
        let b = place(&shapes, &[], &req);
        assert_eq!(a, b);
        assert!(shapes[0].distance(&a[0]) <= 1.0);
    }
}

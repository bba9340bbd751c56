//! The two drawings of the body and the masks that say which muscle each
//! character cell belongs to. Both come from `assets/` at compile time.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::regions::{MUSCLES, Muscle, Region, Side};

/// Which drawing: the person facing us, or their back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    Front,
    Back,
}

impl View {
    pub const BOTH: [View; 2] = [View::Front, View::Back];

    pub fn slug(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Back => "back",
        }
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::BOTH.into_iter().find(|view| view.slug() == slug)
    }

    pub fn other(self) -> View {
        match self {
            View::Front => View::Back,
            View::Back => View::Front,
        }
    }

    /// The person's side drawn on the viewer's left half of this view.
    pub fn side_on_viewers_left(self) -> Side {
        match self {
            View::Front => Side::Right,
            View::Back => Side::Left,
        }
    }

    fn side_on_viewers_right(self) -> Side {
        match self.side_on_viewers_left() {
            Side::Left => Side::Right,
            _ => Side::Left,
        }
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// What one character cell of a drawing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Outside,
    /// The head: drawn, but no muscle of ours lives there.
    Head,
    Muscle(Region),
}

/// A point on one drawing, in character cells from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spot {
    pub view: View,
    pub x: u16,
    pub y: u16,
}

/// One drawing with its mask.
#[derive(Debug)]
pub struct BodyView {
    pub view: View,
    art: Vec<Vec<char>>,
    cells: Vec<Vec<Cell>>,
    width: u16,
}

impl BodyView {
    fn parse(view: View, art: &str, mask: &str) -> Result<BodyView, String> {
        let art: Vec<Vec<char>> = art.lines().map(|line| line.chars().collect()).collect();
        let mask: Vec<Vec<char>> = mask.lines().map(|line| line.chars().collect()).collect();
        let width = art.first().map_or(0, Vec::len);
        if art.len() != mask.len() {
            return Err(format!(
                "{view}: art has {} lines, mask {}",
                art.len(),
                mask.len()
            ));
        }
        if !width.is_multiple_of(2) {
            return Err(format!("{view}: width {width} is odd"));
        }
        let codes: HashMap<char, &'static Muscle> =
            MUSCLES.iter().map(|m| (m.mask_code, m)).collect();
        let mut cells = Vec::with_capacity(mask.len());
        for (y, (art_row, mask_row)) in art.iter().zip(&mask).enumerate() {
            if art_row.len() != width || mask_row.len() != width {
                return Err(format!("{view}: line {} is not {width} wide", y + 1));
            }
            let row = mask_row
                .iter()
                .enumerate()
                .map(|(x, &code)| match code {
                    ' ' => Ok(Cell::Outside),
                    '#' => Ok(Cell::Head),
                    code => match codes.get(&code) {
                        Some(muscle) => Ok(Cell::Muscle(Region {
                            muscle,
                            side: side_of_column(view, muscle, x, width),
                        })),
                        None => Err(format!(
                            "{view}: unknown mask code {code:?} at line {} column {}",
                            y + 1,
                            x + 1
                        )),
                    },
                })
                .collect::<Result<Vec<Cell>, String>>()?;
            cells.push(row);
        }
        let width = u16::try_from(width).map_err(|_| format!("{view}: too wide"))?;
        Ok(BodyView {
            view,
            art,
            cells,
            width,
        })
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    pub fn height(&self) -> u16 {
        // The drawings are a few dozen lines: the cast cannot truncate.
        self.art.len() as u16
    }

    /// The character drawn at a cell, a space outside the drawing.
    pub fn glyph(&self, x: u16, y: u16) -> char {
        self.art
            .get(usize::from(y))
            .and_then(|row| row.get(usize::from(x)))
            .copied()
            .unwrap_or(' ')
    }

    pub fn cell(&self, x: u16, y: u16) -> Cell {
        self.cells
            .get(usize::from(y))
            .and_then(|row| row.get(usize::from(x)))
            .copied()
            .unwrap_or(Cell::Outside)
    }

    pub fn region_at(&self, x: u16, y: u16) -> Option<Region> {
        match self.cell(x, y) {
            Cell::Muscle(region) => Some(region),
            _ => None,
        }
    }

    /// Every cell with its content, row by row.
    pub fn cells(&self) -> impl Iterator<Item = (u16, u16, Cell)> + '_ {
        self.cells.iter().enumerate().flat_map(|(y, row)| {
            row.iter()
                .enumerate()
                .map(move |(x, &cell)| (x as u16, y as u16, cell))
        })
    }

    /// The label above a view: the person's sides where they are drawn.
    pub fn side_labels(&self) -> (String, String) {
        (
            format!("their {}", self.view.side_on_viewers_left().name()),
            format!("their {}", self.view.side_on_viewers_right().name()),
        )
    }
}

/// Columns left of the midline show the person's right on the front view
/// and their left on the back view.
fn side_of_column(view: View, muscle: &Muscle, x: usize, width: usize) -> Side {
    if muscle.centre {
        Side::Centre
    } else if x < width / 2 {
        view.side_on_viewers_left()
    } else {
        view.side_on_viewers_right()
    }
}

/// Both drawings, and where each region can be found on them.
#[derive(Debug)]
pub struct Body {
    pub front: BodyView,
    pub back: BodyView,
    homes: HashMap<Region, Spot>,
}

impl Body {
    /// The body drawn from the bundled assets, parsed once.
    pub fn get() -> &'static Body {
        static BODY: OnceLock<Body> = OnceLock::new();
        BODY.get_or_init(|| {
            Body::parse(
                include_str!("../../assets/body-front.txt"),
                include_str!("../../assets/body-front.mask"),
                include_str!("../../assets/body-back.txt"),
                include_str!("../../assets/body-back.mask"),
            )
            // The assets are compiled in and checked by the unit tests below.
            .expect("the bundled body map is valid")
        })
    }

    pub fn parse(
        front_art: &str,
        front_mask: &str,
        back_art: &str,
        back_mask: &str,
    ) -> Result<Body, String> {
        let front = BodyView::parse(View::Front, front_art, front_mask)?;
        let back = BodyView::parse(View::Back, back_art, back_mask)?;
        let mut homes = HashMap::new();
        for view in [&front, &back] {
            for region in Region::all() {
                if homes.contains_key(&region) {
                    continue;
                }
                if let Some(spot) = home_cell(view, region) {
                    homes.insert(region, spot);
                }
            }
        }
        Ok(Body { front, back, homes })
    }

    pub fn view(&self, view: View) -> &BodyView {
        match view {
            View::Front => &self.front,
            View::Back => &self.back,
        }
    }

    pub fn region_at(&self, spot: Spot) -> Option<Region> {
        self.view(spot.view).region_at(spot.x, spot.y)
    }

    /// The cell nearest the middle of a region, on the first view that
    /// draws it: where the cursor jumps to and where a knot logged from the
    /// command line is placed.
    pub fn home_of(&self, region: Region) -> Option<Spot> {
        self.homes.get(&region).copied()
    }

    /// The views a region is drawn on.
    pub fn views_of(&self, region: Region) -> Vec<View> {
        View::BOTH
            .into_iter()
            .filter(|&view| {
                self.view(view)
                    .cells()
                    .any(|(_, _, cell)| cell == Cell::Muscle(region))
            })
            .collect()
    }
}

fn home_cell(view: &BodyView, region: Region) -> Option<Spot> {
    let cells: Vec<(u16, u16)> = view
        .cells()
        .filter(|&(_, _, cell)| cell == Cell::Muscle(region))
        .map(|(x, y, _)| (x, y))
        .collect();
    if cells.is_empty() {
        return None;
    }
    let count = cells.len() as f64;
    let mean_x = cells.iter().map(|&(x, _)| f64::from(x)).sum::<f64>() / count;
    let mean_y = cells.iter().map(|&(_, y)| f64::from(y)).sum::<f64>() / count;
    // Cells are about twice as tall as wide, so a row counts double.
    let distance = |&(x, y): &(u16, u16)| {
        let dx = f64::from(x) - mean_x;
        let dy = (f64::from(y) - mean_y) * 2.0;
        dx * dx + dy * dy
    };
    cells
        .iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        .map(|&(x, y)| Spot {
            view: view.view,
            x,
            y,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn body() -> &'static Body {
        Body::get()
    }

    #[test]
    fn both_views_share_one_size() {
        let body = body();
        assert_eq!(body.front.width(), body.back.width());
        assert_eq!(body.front.height(), body.back.height());
        assert!(body.front.width() <= 36, "two views must fit in 80 columns");
        assert!(body.front.height() <= 20, "the map must fit in 24 rows");
    }

    #[test]
    fn every_region_is_on_the_map() {
        let body = body();
        let missing: Vec<String> = Region::all()
            .filter(|&region| body.home_of(region).is_none())
            .map(|region| region.slug())
            .collect();
        assert!(missing.is_empty(), "regions not drawn: {missing:?}");
    }

    #[test]
    fn every_region_is_big_enough_to_aim_at() {
        let body = body();
        for region in Region::all() {
            for view in body.views_of(region) {
                let cells = body
                    .view(view)
                    .cells()
                    .filter(|&(_, _, cell)| cell == Cell::Muscle(region))
                    .count();
                assert!(cells >= 2, "{region} has {cells} cell(s) on the {view}");
            }
        }
    }

    #[test]
    fn the_persons_left_is_on_the_viewers_right_in_front_and_left_behind() {
        let body = body();
        for view in View::BOTH {
            let drawing = body.view(view);
            let middle = drawing.width() / 2;
            for (x, _, cell) in drawing.cells() {
                let Cell::Muscle(region) = cell else { continue };
                let viewers_left = x < middle;
                let expected = match (view, viewers_left) {
                    _ if region.side == Side::Centre => continue,
                    (View::Front, true) | (View::Back, false) => Side::Right,
                    (View::Front, false) | (View::Back, true) => Side::Left,
                };
                assert_eq!(
                    region.side, expected,
                    "{region} at column {x} on the {view}"
                );
            }
        }
        // And the labels say so.
        assert_eq!(
            body.front.side_labels(),
            ("their right".into(), "their left".into())
        );
        assert_eq!(
            body.back.side_labels(),
            ("their left".into(), "their right".into())
        );
    }

    /// Cells that can be reached from the edge of the drawing through blank
    /// art are outside the body; everything else is inside the outline.
    fn outside_cells(drawing: &BodyView) -> HashSet<(u16, u16)> {
        let (width, height) = (drawing.width(), drawing.height());
        let blank = |x: u16, y: u16| drawing.glyph(x, y) == ' ';
        let mut outside = HashSet::new();
        let mut todo: Vec<(u16, u16)> = (0..width)
            .flat_map(|x| [(x, 0), (x, height - 1)])
            .chain((0..height).flat_map(|y| [(0, y), (width - 1, y)]))
            .filter(|&(x, y)| blank(x, y))
            .collect();
        while let Some((x, y)) = todo.pop() {
            if !outside.insert((x, y)) {
                continue;
            }
            let neighbours = [
                (x.wrapping_sub(1), y),
                (x + 1, y),
                (x, y.wrapping_sub(1)),
                (x, y + 1),
            ];
            for (nx, ny) in neighbours {
                if nx < width && ny < height && blank(nx, ny) {
                    todo.push((nx, ny));
                }
            }
        }
        outside
    }

    #[test]
    fn every_cell_inside_the_outline_is_mapped() {
        let body = body();
        for view in View::BOTH {
            let drawing = body.view(view);
            let outside = outside_cells(drawing);
            for (x, y, cell) in drawing.cells() {
                if !outside.contains(&(x, y)) {
                    assert_ne!(cell, Cell::Outside, "{view}: ({x},{y}) has no region");
                }
            }
        }
    }

    #[test]
    fn left_and_right_regions_mirror_each_other() {
        let body = body();
        for view in View::BOTH {
            let drawing = body.view(view);
            let width = drawing.width();
            for (x, y, cell) in drawing.cells() {
                let mirrored = drawing.cell(width - 1 - x, y);
                match (cell, mirrored) {
                    (Cell::Muscle(a), Cell::Muscle(b)) => assert_eq!(
                        a.muscle.base, b.muscle.base,
                        "{view} ({x},{y}) is not mirrored"
                    ),
                    (a, b) => assert_eq!(a, b, "{view} ({x},{y}) is not mirrored"),
                }
            }
        }
    }

    #[test]
    fn a_malformed_mask_is_refused_with_its_place() {
        let error = Body::parse("ab\n", "a?\n", "ab\n", "aa\n").unwrap_err();
        assert_eq!(error, "front: unknown mask code '?' at line 1 column 2");
        let error = Body::parse("abc\n", "aaa\n", "ab\n", "aa\n").unwrap_err();
        assert_eq!(error, "front: width 3 is odd");
    }
}

//! The drawings of the body, front and back at three sizes, and the masks
//! that say which muscle each character cell belongs to. All come from
//! `assets/` at compile time.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::regions::{MUSCLES, Muscle, Region, Side};
use super::spot::Spot;

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

impl Cell {
    /// The muscle region the cell shows, if it shows one.
    pub fn region(self) -> Option<Region> {
        match self {
            Cell::Muscle(region) => Some(region),
            _ => None,
        }
    }
}

/// How big the body is drawn: each size has its own drawing and mask of
/// both views, with the same muscles in the same places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Size {
    /// Fits a terminal of 60x20 with both views.
    Small,
    /// The drawing of 80x24.
    Middle,
    /// Twice as tall, for terminals of about 190x44 or more, where the
    /// list of knots still fits beside it.
    Large,
}

impl Size {
    /// Smallest first.
    pub const ALL: [Size; 3] = [Size::Small, Size::Middle, Size::Large];

    /// The biggest size that `fits` with both views side by side, else
    /// the biggest that fits with one; `true` for both.
    pub fn biggest_fitting(fits: impl Fn(Size, bool) -> bool) -> Option<(Size, bool)> {
        [true, false].into_iter().find_map(|both| {
            Size::ALL
                .into_iter()
                .rev()
                .find(|&size| fits(size, both))
                .map(|size| (size, both))
        })
    }

    pub fn slug(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Middle => "middle",
            Size::Large => "large",
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// One drawing with its mask.
#[derive(Debug)]
pub struct BodyView {
    pub view: View,
    pub size: Size,
    art: Vec<Vec<char>>,
    cells: Vec<Vec<Cell>>,
    width: u16,
}

impl BodyView {
    fn parse(view: View, size: Size, art: &str, mask: &str) -> Result<BodyView, String> {
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
            size,
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

    /// The cell that holds a place of this view.
    pub fn cell_of(&self, spot: Spot) -> (u16, u16) {
        spot.cell_in((self.width(), self.height()))
    }

    /// The place at the middle of a cell.
    pub fn spot_at(&self, x: u16, y: u16) -> Spot {
        Spot::of_cell(self.view, (x, y), (self.width(), self.height()))
    }

    /// What is drawn where a place is: a place of the other view is
    /// outside this one.
    pub fn cell_at(&self, spot: Spot) -> Cell {
        if spot.view != self.view {
            return Cell::Outside;
        }
        let (x, y) = self.cell_of(spot);
        self.cell(x, y)
    }

    pub fn cell(&self, x: u16, y: u16) -> Cell {
        self.cells
            .get(usize::from(y))
            .and_then(|row| row.get(usize::from(x)))
            .copied()
            .unwrap_or(Cell::Outside)
    }

    pub fn region_at(&self, x: u16, y: u16) -> Option<Region> {
        self.cell(x, y).region()
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

    /// The same, short, for a narrow drawing: "their R", "their L".
    pub fn short_side_labels(&self) -> (String, String) {
        let initial = |side: Side| {
            side.name()
                .chars()
                .take(1)
                .collect::<String>()
                .to_uppercase()
        };
        (
            format!("their {}", initial(self.view.side_on_viewers_left())),
            format!("their {}", initial(self.view.side_on_viewers_right())),
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

/// The drawings of both views at every size, and where each region can
/// be found on them.
#[derive(Debug)]
pub struct Body {
    /// By size, smallest first; front, then back. The bundled body reads
    /// a size the first time it is drawn at: most commands need only the
    /// middle one, which places are read on.
    drawings: [OnceLock<[BodyView; 2]>; 3],
    /// Where a size not read yet comes from.
    sources: &'static [Source<'static>],
    homes: HashMap<Region, Spot>,
}

/// The art and the mask of one drawing.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub view: View,
    pub size: Size,
    pub art: &'a str,
    pub mask: &'a str,
}

macro_rules! bundled {
    ($view:expr, $size:expr, $name:literal) => {
        Source {
            view: $view,
            size: $size,
            art: include_str!(concat!("../../assets/", $name, ".txt")),
            mask: include_str!(concat!("../../assets/", $name, ".mask")),
        }
    };
}

/// The drawings compiled in, checked by the unit tests.
static BUNDLED: [Source<'static>; 6] = [
    bundled!(View::Front, Size::Small, "body-front-small"),
    bundled!(View::Back, Size::Small, "body-back-small"),
    bundled!(View::Front, Size::Middle, "body-front"),
    bundled!(View::Back, Size::Middle, "body-back"),
    bundled!(View::Front, Size::Large, "body-front-large"),
    bundled!(View::Back, Size::Large, "body-back-large"),
];

impl Body {
    /// The body drawn from the bundled assets, each size read once.
    pub fn get() -> &'static Body {
        static BODY: OnceLock<Body> = OnceLock::new();
        BODY.get_or_init(|| {
            let middle = read_size(&BUNDLED, Size::Middle)
                // The assets are compiled in and checked by the unit tests.
                .expect("the bundled body map is valid");
            let mut drawings = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
            drawings[Size::Middle as usize] = OnceLock::from(middle);
            Body::with(drawings, &BUNDLED)
        })
    }

    /// Both views of every size, in the order of [`Size::ALL`]; a size
    /// without both views is refused.
    pub fn parse(sources: &[Source<'_>]) -> Result<Body, String> {
        let [small, middle, large] = Size::ALL.map(|size| read_size(sources, size));
        let drawings = [
            OnceLock::from(small?),
            OnceLock::from(middle?),
            OnceLock::from(large?),
        ];
        Ok(Body::with(drawings, &[]))
    }

    /// A body of these drawings (the middle one read), with the home of
    /// every region worked out.
    fn with(drawings: [OnceLock<[BodyView; 2]>; 3], sources: &'static [Source<'static>]) -> Body {
        let mut body = Body {
            drawings,
            sources,
            homes: HashMap::new(),
        };
        for view in View::BOTH {
            let drawing = body.view(view);
            let mut homes = Vec::new();
            for region in Region::all() {
                if body.homes.contains_key(&region) {
                    continue;
                }
                if let Some(spot) = home_cell(drawing, region) {
                    homes.push((region, spot));
                }
            }
            body.homes.extend(homes);
        }
        body
    }

    /// One view at one size.
    pub fn drawing(&self, size: Size, view: View) -> &BodyView {
        // In the order of `Size::ALL`; a parsed body has every size read.
        let [front, back] = self.drawings[size as usize]
            .get_or_init(|| read_size(self.sources, size).expect("the bundled body map is valid"));
        match view {
            View::Front => front,
            View::Back => back,
        }
    }

    /// Every drawing, smallest first.
    pub fn drawings(&self) -> impl Iterator<Item = &BodyView> {
        Size::ALL
            .into_iter()
            .flat_map(|size| View::BOTH.map(|view| self.drawing(size, view)))
    }

    /// One view at the middle size: the drawing of 80x24, the one places
    /// are read on and the report draws.
    pub fn view(&self, view: View) -> &BodyView {
        self.drawing(Size::Middle, view)
    }

    /// The region at a place, read on the middle drawing.
    pub fn region_at(&self, spot: Spot) -> Option<Region> {
        self.view(spot.view).cell_at(spot).region()
    }

    /// The place at the middle of a region, on the first view that draws
    /// it: where the cursor jumps to and where a knot logged from the
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

/// Both views of one size, front then back.
fn read_size(sources: &[Source<'_>], size: Size) -> Result<[BodyView; 2], String> {
    let of = |view: View| {
        let source = sources
            .iter()
            .find(|source| source.size == size && source.view == view)
            .ok_or_else(|| format!("{view}: no {size} drawing"))?;
        BodyView::parse(view, size, source.art, source.mask)
            .map_err(|error| format!("{size} {error}"))
    };
    Ok([of(View::Front)?, of(View::Back)?])
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
        .map(|&(x, y)| view.spot_at(x, y))
}

#[cfg(test)]
mod tests;

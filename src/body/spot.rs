//! A place on the body that does not depend on the drawing it was marked
//! on: the body is drawn at several sizes, and a knot keeps its place on
//! each of them. This is the one conversion between places and the cells
//! of a drawing; everything that reads a knot's `x` and `y` goes through it.

use super::map::View;

/// Places are in thousandths of a drawing's width and height, from its
/// top-left corner: 0 to 999 on each axis.
pub const PER_MILLE: u16 = 1000;

/// The size of the one drawing that knots were placed on before the body
/// was drawn at several sizes: places stored or exported then are cells
/// of it.
pub const LEGACY_GRID: (u16, u16) = (36, 20);

/// A place on one view of the body, in thousandths of the view's width
/// (`x`) and height (`y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spot {
    pub view: View,
    pub x: u16,
    pub y: u16,
}

impl Spot {
    /// The middle of cell (`x`, `y`) of a drawing of `grid` (width,
    /// height) cells.
    pub fn of_cell(view: View, (x, y): (u16, u16), (width, height): (u16, u16)) -> Spot {
        Spot {
            view,
            x: middle_of(x, width),
            y: middle_of(y, height),
        }
    }

    /// The cell of a drawing of `grid` (width, height) cells that holds
    /// this place. The middle of a cell gives that cell back, on any
    /// drawing up to 1000 cells across.
    pub fn cell_in(self, (width, height): (u16, u16)) -> (u16, u16) {
        (cell_of(self.x, width), cell_of(self.y, height))
    }

    /// A place given in the cells of the drawing older versions had
    /// ([`LEGACY_GRID`]); a cell beyond it is taken as its last one.
    pub fn from_legacy_cell(view: View, x: u16, y: u16) -> Spot {
        let (width, height) = LEGACY_GRID;
        Spot::of_cell(view, (x.min(width - 1), y.min(height - 1)), LEGACY_GRID)
    }

    /// The same place seen from the other side of the body: the other
    /// view, mirrored across.
    pub fn mirrored(self) -> Spot {
        Spot {
            view: self.view.other(),
            x: (PER_MILLE - self.x).min(PER_MILLE - 1),
            y: self.y,
        }
    }

    /// Whether both coordinates are on the view (below [`PER_MILLE`]).
    pub fn is_on_view(self) -> bool {
        self.x < PER_MILLE && self.y < PER_MILLE
    }
}

/// The thousandth at the middle of cell `index` of `cells`, rounded half up.
fn middle_of(index: u16, cells: u16) -> u16 {
    let cells = u32::from(cells.max(1));
    let index = u32::from(index).min(cells - 1);
    let thousandths = ((2 * index + 1) * u32::from(PER_MILLE) + cells) / (2 * cells);
    // Below 1000 for any index inside the drawing.
    thousandths.min(u32::from(PER_MILLE) - 1) as u16
}

/// The cell of `cells` that holds thousandth `at`.
fn cell_of(at: u16, cells: u16) -> u16 {
    let cells = u32::from(cells.max(1));
    let at = u32::from(at).min(u32::from(PER_MILLE) - 1);
    // Below `cells`, which is a u16.
    (at * cells / u32::from(PER_MILLE)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_middle_of_a_cell_gives_the_cell_back_on_any_grid() {
        for width in 1..=300 {
            for x in 0..width {
                let spot = Spot::of_cell(View::Front, (x, 0), (width, 1));
                assert!(spot.is_on_view());
                assert_eq!(spot.cell_in((width, 1)), (x, 0), "cell {x} of {width}");
            }
        }
    }

    #[test]
    fn a_place_falls_in_the_same_part_of_every_drawing() {
        // The middle of the legacy drawing's column 9 of 36 is a quarter
        // and a bit across: column 19 of 72 and column 6 of 26.
        let spot = Spot::from_legacy_cell(View::Back, 9, 10);
        assert_eq!((spot.x, spot.y), (264, 525));
        assert_eq!(spot.cell_in((72, 40)), (19, 21));
        assert_eq!(spot.cell_in((26, 16)), (6, 8));
    }

    #[test]
    fn a_legacy_cell_beyond_the_drawing_is_its_last_one() {
        let spot = Spot::from_legacy_cell(View::Front, 500, 90);
        assert_eq!(spot.cell_in(LEGACY_GRID), (35, 19));
    }

    #[test]
    fn mirroring_twice_is_the_same_place() {
        for x in [0, 1, 13, 500, 998, 999] {
            let spot = Spot {
                view: View::Front,
                x,
                y: 40,
            };
            let mirrored = spot.mirrored();
            assert_eq!(mirrored.view, View::Back);
            assert!(mirrored.is_on_view());
            assert!(mirrored.mirrored().x.abs_diff(x) <= 1, "{x}");
        }
        // On a drawing, the mirrored cell is the mirrored column.
        for width in [26, 36, 72] {
            for column in 0..width {
                let spot = Spot::of_cell(View::Front, (column, 0), (width, 1));
                assert_eq!(spot.mirrored().cell_in((width, 1)).0, width - 1 - column);
            }
        }
    }
}

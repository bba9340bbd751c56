//! The drawings checked as a person would: every muscle drawn on every
//! size, the person's sides where the labels say, nothing inside the
//! outline without a muscle, and a place that stays put across sizes.

use super::*;
use crate::body::spot::LEGACY_GRID;
use std::collections::HashSet;

fn body() -> &'static Body {
    Body::get()
}

fn every_drawing() -> impl Iterator<Item = &'static BodyView> {
    body().drawings()
}

fn cells_of(drawing: &BodyView, region: Region) -> usize {
    drawing
        .cells()
        .filter(|&(_, _, cell)| cell == Cell::Muscle(region))
        .count()
}

#[test]
fn each_size_has_both_views_at_one_size_and_fits_its_terminal() {
    let body = body();
    for size in Size::ALL {
        let (front, back) = (
            body.drawing(size, View::Front),
            body.drawing(size, View::Back),
        );
        assert_eq!((front.size, back.size), (size, size));
        assert_eq!(front.width(), back.width(), "{size}");
        assert_eq!(front.height(), back.height(), "{size}");
    }
    let size = |size| {
        let drawing = body.drawing(size, View::Front);
        (drawing.width(), drawing.height())
    };
    // Two views, a gap of 4 and a margin, under a label row, between the
    // header and the status line and footer.
    let fits = |(width, height): (u16, u16), (columns, rows): (u16, u16)| {
        width * 2 + 4 + 2 <= columns && height + 1 + 3 <= rows
    };
    assert!(fits(size(Size::Small), (60, 20)), "{:?}", size(Size::Small));
    assert!(
        fits(size(Size::Middle), (80, 24)),
        "{:?}",
        size(Size::Middle)
    );
    assert!(
        fits(size(Size::Large), (200, 50)),
        "{:?}",
        size(Size::Large)
    );
    assert_eq!(size(Size::Large).1, size(Size::Middle).1 * 2);
    // Places stored before there were sizes are cells of the middle one.
    assert_eq!(size(Size::Middle), LEGACY_GRID);
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
fn every_region_of_the_middle_drawing_is_on_every_size_and_view() {
    let body = body();
    for view in View::BOTH {
        for region in Region::all() {
            if cells_of(body.view(view), region) == 0 {
                continue;
            }
            for size in Size::ALL {
                let cells = cells_of(body.drawing(size, view), region);
                assert!(cells > 0, "{region} is not on the {size} {view}");
            }
        }
    }
}

#[test]
fn every_region_is_big_enough_to_aim_at_on_every_drawing() {
    let body = body();
    for drawing in every_drawing() {
        for region in Region::all() {
            for view in body.views_of(region) {
                if view != drawing.view {
                    continue;
                }
                let cells = cells_of(drawing, region);
                assert!(
                    cells >= 2,
                    "{region} has {cells} cell(s) on the {} {view}",
                    drawing.size
                );
            }
        }
    }
}

#[test]
fn a_regions_middle_is_the_same_region_on_every_size() {
    let body = body();
    for region in Region::all() {
        let home = body.home_of(region).unwrap();
        for size in Size::ALL {
            assert_eq!(
                body.drawing(size, home.view).cell_at(home),
                Cell::Muscle(region),
                "the middle of {region} on the {size} {}",
                home.view
            );
        }
    }
}

#[test]
fn a_cell_gives_a_place_that_gives_the_cell_back_on_every_drawing() {
    for drawing in every_drawing() {
        for (x, y, _) in drawing.cells() {
            let spot = drawing.spot_at(x, y);
            assert!(spot.is_on_view());
            assert_eq!(spot.view, drawing.view);
            assert_eq!(
                drawing.cell_of(spot),
                (x, y),
                "{} {}",
                drawing.size,
                drawing.view
            );
        }
    }
}

#[test]
fn the_persons_left_is_on_the_viewers_right_in_front_and_left_behind() {
    for drawing in every_drawing() {
        let (view, middle) = (drawing.view, drawing.width() / 2);
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
                "{region} at column {x} on the {} {view}",
                drawing.size
            );
        }
        // And the labels say so, long and short.
        let expected = match view {
            View::Front => ("their right".into(), "their left".into()),
            View::Back => ("their left".into(), "their right".into()),
        };
        assert_eq!(drawing.side_labels(), expected);
        let short = match view {
            View::Front => ("their R".into(), "their L".into()),
            View::Back => ("their L".into(), "their R".into()),
        };
        assert_eq!(drawing.short_side_labels(), short);
    }
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
    for drawing in every_drawing() {
        let outside = outside_cells(drawing);
        for (x, y, cell) in drawing.cells() {
            if !outside.contains(&(x, y)) {
                assert_ne!(
                    cell,
                    Cell::Outside,
                    "{} {}: ({x},{y}) has no region",
                    drawing.size,
                    drawing.view
                );
            }
        }
    }
}

#[test]
fn left_and_right_regions_mirror_each_other() {
    for drawing in every_drawing() {
        let (width, name) = (
            drawing.width(),
            format!("{} {}", drawing.size, drawing.view),
        );
        for (x, y, cell) in drawing.cells() {
            let mirrored = drawing.cell(width - 1 - x, y);
            match (cell, mirrored) {
                (Cell::Muscle(a), Cell::Muscle(b)) => assert_eq!(
                    a.muscle.base, b.muscle.base,
                    "{name} ({x},{y}) is not mirrored"
                ),
                (a, b) => assert_eq!(a, b, "{name} ({x},{y}) is not mirrored"),
            }
        }
    }
}

fn sources<'a>(front: (&'a str, &'a str), back: (&'a str, &'a str)) -> Vec<Source<'a>> {
    Size::ALL
        .into_iter()
        .flat_map(|size| {
            [
                Source {
                    view: View::Front,
                    size,
                    art: front.0,
                    mask: front.1,
                },
                Source {
                    view: View::Back,
                    size,
                    art: back.0,
                    mask: back.1,
                },
            ]
        })
        .collect()
}

#[test]
fn a_malformed_mask_is_refused_with_its_place() {
    let error = Body::parse(&sources(("ab\n", "a?\n"), ("ab\n", "aa\n"))).unwrap_err();
    assert_eq!(
        error,
        "small front: unknown mask code '?' at line 1 column 2"
    );
    let error = Body::parse(&sources(("abc\n", "aaa\n"), ("ab\n", "aa\n"))).unwrap_err();
    assert_eq!(error, "small front: width 3 is odd");
    let mut missing = sources(("ab\n", "aa\n"), ("ab\n", "aa\n"));
    missing.pop();
    let error = Body::parse(&missing).unwrap_err();
    assert_eq!(error, "back: no large drawing");
}

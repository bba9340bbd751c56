//! The body map: one view of the body, shaded by pain, with a marker per
//! knot.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::{BODY_FILL, FAINT, INK, pain_fill};
use crate::body::{BodyView, Cell, PER_MILLE, Region, View};
use crate::domain::{KnotStatus, KnotSummary};
use crate::report::text::Html;

/// One character cell of the drawing: as tall as two are wide, like a
/// terminal's.
const CELL_W: f64 = 10.0;
const CELL_H: f64 = 20.0;
/// Room above the drawing for the view's name and side labels.
const HEADER: f64 = 26.0;

/// A knot's marker: a pill with the knot's id on black and its latest
/// pain on white.
const MARKER_H: f64 = 15.0;
const MARKER_CHAR: f64 = 6.6;
const MARKER_PAD: f64 = 3.5;

/// The name of a view as the report titles it.
fn view_name(view: View) -> &'static str {
    match view {
        View::Front => "Front",
        View::Back => "Back",
    }
}

/// One view of the body: every cell shaded by the latest pain of its
/// region, the drawing's characters over it, and a marker per knot. Gives
/// the knots of this view whose marker found no free place.
pub fn body_map(
    out: &mut String,
    drawing: &BodyView,
    region_pain: &HashMap<Region, u8>,
    knots: &[&KnotSummary],
) -> Result<Vec<i64>, fmt::Error> {
    let width = f64::from(drawing.width()) * CELL_W;
    let height = HEADER + f64::from(drawing.height()) * CELL_H;
    let (left, right) = drawing.side_labels();
    let name = view_name(drawing.view);
    writeln!(
        out,
        r#"<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{name} view">"#
    )?;
    writeln!(
        out,
        "<title>{name} view: {} on the left of the drawing, {} on the right</title>",
        Html(&left),
        Html(&right)
    )?;
    writeln!(
        out,
        r#"<g font-family="sans-serif" font-size="12" fill="{INK}"><text x="2" y="15">{}</text><text x="{}" y="15" text-anchor="middle" font-weight="bold" letter-spacing="1">{}</text><text x="{}" y="15" text-anchor="end">{}</text></g>"#,
        Html(&left),
        width / 2.0,
        name.to_uppercase(),
        width - 2.0,
        Html(&right)
    )?;

    // The shading, a rectangle per run of cells of one shade.
    let fill_at = |x: u16, y: u16| match drawing.cell(x, y) {
        Cell::Outside => None,
        Cell::Head => Some(BODY_FILL),
        Cell::Muscle(region) => Some(
            region_pain
                .get(&region)
                .map_or(BODY_FILL, |&p| pain_fill(p)),
        ),
    };
    writeln!(out, r#"<g shape-rendering="crispEdges">"#)?;
    for y in 0..drawing.height() {
        let mut x = 0;
        while x < drawing.width() {
            let Some(fill) = fill_at(x, y) else {
                x += 1;
                continue;
            };
            let start = x;
            while x < drawing.width() && fill_at(x, y) == Some(fill) {
                x += 1;
            }
            writeln!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{CELL_H}" fill="{fill}"/>"#,
                f64::from(start) * CELL_W,
                HEADER + f64::from(y) * CELL_H,
                f64::from(x - start) * CELL_W,
            )?;
        }
    }
    writeln!(out, "</g>")?;

    // The drawing itself, a character per cell; white on the darkest
    // shades.
    writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="16" text-anchor="middle" fill="{INK}">"#
    )?;
    for y in 0..drawing.height() {
        for x in 0..drawing.width() {
            let glyph = drawing.glyph(x, y);
            if glyph == ' ' {
                continue;
            }
            let dark = matches!(drawing.cell(x, y), Cell::Muscle(region)
                if region_pain.get(&region).is_some_and(|&p| p >= 7));
            let mut buffer = [0; 4];
            writeln!(
                out,
                r#"<text x="{}" y="{}"{}>{}</text>"#,
                (f64::from(x) + 0.5) * CELL_W,
                HEADER + f64::from(y) * CELL_H + 15.0,
                if dark { r##" fill="#fff""## } else { "" },
                Html(glyph.encode_utf8(&mut buffer))
            )?;
        }
    }
    writeln!(out, "</g>")?;

    let unplaced = markers(out, drawing, width, height, knots)?;
    writeln!(out, "</svg>")?;
    Ok(unplaced)
}

/// How far from its spot a marker may be moved, in marker steps each way.
const MOST_STEPS: i32 = 4;

/// Where a marker may go, as steps from its spot, nearest first.
fn offsets() -> Vec<(i32, i32)> {
    let mut found: Vec<(i32, i32)> = (-MOST_STEPS..=MOST_STEPS)
        .flat_map(|dx| (-MOST_STEPS * 2..=MOST_STEPS * 2).map(move |dy| (dx, dy)))
        .collect();
    // Nearest first; up and down before sideways, as a column of labels
    // reads more easily.
    found.sort_by_key(|&(dx, dy)| (dx * dx * 4 + dy * dy, dx.abs(), dy));
    found
}

/// A marker's box: left, top, width, height.
type Box = (f64, f64, f64, f64);

fn overlaps(a: Box, b: Box, gap: f64) -> bool {
    a.0 < b.0 + b.2 + gap && b.0 < a.0 + a.2 + gap && a.1 < b.1 + b.3 + gap && b.1 < a.1 + a.3 + gap
}

/// Places each knot's marker on its cell, or nudged to the nearest free
/// place with a leader line when others are there; a marker with no free
/// place near its spot is left off and its knot given back. Knots come
/// most important first, so those keep their exact place; active knots
/// are drawn over calmed ones.
fn markers(
    out: &mut String,
    drawing: &BodyView,
    width: f64,
    height: f64,
    knots: &[&KnotSummary],
) -> Result<Vec<i64>, fmt::Error> {
    let mut placed: Vec<Box> = Vec::new();
    let mut unplaced = Vec::new();
    let offsets = offsets();
    // Calmed knots' markers first, so active ones are drawn over them.
    let mut calmed = String::new();
    let mut active = String::new();
    let mut leaders = String::new();
    for summary in knots.iter().filter(|k| k.knot.spot.view == drawing.view) {
        // The knot's own place, finer than the drawing's cells.
        let spot = summary.knot.spot;
        let cx = f64::from(spot.x) / f64::from(PER_MILLE) * width;
        let cy = HEADER + f64::from(spot.y) / f64::from(PER_MILLE) * (height - HEADER);
        let id = summary.knot.id.to_string();
        let pain = summary.latest_pain.value().to_string();
        let id_w = id.len() as f64 * MARKER_CHAR + 2.0 * MARKER_PAD;
        let pain_w = pain.len() as f64 * MARKER_CHAR + 2.0 * MARKER_PAD;
        let w = id_w + pain_w;
        let step_x = w + 4.0;
        let step_y = MARKER_H + 4.0;
        let fits =
            |b: Box| b.0 >= 0.0 && b.0 + b.2 <= width && b.1 >= HEADER && b.1 + b.3 <= height;
        let at = |&(dx, dy): &(i32, i32)| {
            (
                cx + f64::from(dx) * step_x - w / 2.0,
                cy + f64::from(dy) * step_y - MARKER_H / 2.0,
                w,
                MARKER_H,
            )
        };
        let Some(chosen) = offsets
            .iter()
            .map(at)
            .find(|&b| fits(b) && placed.iter().all(|&p| !overlaps(b, p, 1.5)))
        else {
            unplaced.push(summary.knot.id);
            continue;
        };
        placed.push(chosen);
        let (left, top, _, _) = chosen;
        let (mx, my) = (left + w / 2.0, top + MARKER_H / 2.0);
        if (mx - cx).abs() > 0.1 || (my - cy).abs() > 0.1 {
            writeln!(
                leaders,
                r#"<line x1="{cx}" y1="{cy}" x2="{mx}" y2="{my}" stroke="{INK}" stroke-width="1"/><circle cx="{cx}" cy="{cy}" r="2.5" fill="{INK}"/>"#
            )?;
        }
        let resolved = summary.status == KnotStatus::Resolved;
        let (dark, dash) = if resolved {
            (FAINT, r#" stroke-dasharray="2 1.5""#)
        } else {
            (INK, "")
        };
        let drawn = if resolved { &mut calmed } else { &mut active };
        writeln!(
            drawn,
            r##"<g class="{}"><title>Knot {id}: {}, latest pain {pain}/10{}</title><rect x="{left}" y="{top}" width="{w}" height="{MARKER_H}" rx="4" fill="{dark}" stroke="{dark}" stroke-width="1.2"{dash}/><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#fff"/><text x="{}" y="{}" text-anchor="middle" fill="#fff">{id}</text><text x="{}" y="{}" text-anchor="middle" fill="{dark}">{pain}</text></g>"##,
            if resolved {
                "knot calmed"
            } else {
                "knot active"
            },
            Html(&summary.knot.region.name()),
            if resolved { ", resolved" } else { "" },
            left + id_w,
            top + 1.5,
            pain_w - 1.5,
            MARKER_H - 3.0,
            left + id_w / 2.0,
            top + 11.0,
            left + id_w + pain_w / 2.0 - 0.75,
            top + 11.0,
        )?;
    }
    if calmed.is_empty() && active.is_empty() {
        return Ok(unplaced);
    }
    writeln!(out, "<g>{leaders}</g>")?;
    writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="11" font-weight="bold">"#
    )?;
    out.push_str(&calmed);
    out.push_str(&active);
    writeln!(out, "</g>")?;
    Ok(unplaced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::Body;
    use crate::domain::knot::{Knot, NewReading, Reading, summarize};
    use crate::domain::{Rules, Score};

    fn summary(id: i64, x: u16, y: u16, pain: u8) -> KnotSummary {
        let body = Body::get();
        let region = body.view(View::Back).region_at(x, y).unwrap();
        let at = "2026-03-01T18:00:00Z".parse().unwrap();
        let knot = Knot {
            id,
            uuid: format!("u{id}"),
            region,
            spot: body.view(View::Back).spot_at(x, y),
            created_at: at,
            marked_resolved_at: None,
            recurs_knot_id: None,
            cleared_at: None,
        };
        let reading = Reading {
            id,
            uuid: String::new(),
            knot_id: id,
            session_id: 1,
            taken_at: at,
            treatment: NewReading::pain(Score::new(pain).unwrap()),
        };
        summarize(knot, &[reading], &Rules::default()).unwrap()
    }

    #[test]
    fn knots_on_one_spot_get_a_marker_each_without_overlap() {
        let body = Body::get();
        let home = body
            .home_of(Region::from_slug("rhomboids-left").unwrap())
            .unwrap();
        let (x, y) = body.view(View::Back).cell_of(home);
        let a = summary(1, x, y, 6);
        let b = summary(2, x, y, 3);
        let mut out = String::new();
        body_map(&mut out, body.view(View::Back), &HashMap::new(), &[&a, &b]).unwrap();
        assert!(out.contains(
            "<title>Knot 1: Rhomboids and middle trapezius, left, latest pain 6/10</title>"
        ));
        assert!(out.contains(
            "<title>Knot 2: Rhomboids and middle trapezius, left, latest pain 3/10</title>"
        ));
        assert_eq!(
            out.matches("<line ").count(),
            1,
            "one leader, to the nudged marker"
        );
        let mut front = String::new();
        body_map(
            &mut front,
            body.view(View::Front),
            &HashMap::new(),
            &[&a, &b],
        )
        .unwrap();
        assert!(
            !front.contains("<title>Knot"),
            "back knots stay off the front"
        );
    }

    /// The x of the marker of knot `id` in a drawn map.
    fn marker_x(svg: &str, id: i64) -> f64 {
        let at = svg.find(&format!("<title>Knot {id}:")).unwrap();
        let rest = &svg[at..];
        let x = rest.find("<rect x=\"").unwrap() + "<rect x=\"".len();
        let end = rest[x..].find('"').unwrap();
        rest[x..x + end].parse().unwrap()
    }

    #[test]
    fn a_marker_sits_at_the_knots_own_place_finer_than_a_cell() {
        let body = Body::get();
        let drawing = body.view(View::Back);
        let home = body
            .home_of(Region::from_slug("rhomboids-left").unwrap())
            .unwrap();
        let (x, y) = drawing.cell_of(home);
        let middle = summary(1, x, y, 6);
        let mut beside = middle.clone();
        beside.knot.spot.x += 10;
        assert_eq!(drawing.cell_of(beside.knot.spot), (x, y), "one cell");
        let (mut a, mut b) = (String::new(), String::new());
        body_map(&mut a, drawing, &HashMap::new(), &[&middle]).unwrap();
        body_map(&mut b, drawing, &HashMap::new(), &[&beside]).unwrap();
        // Ten thousandths of a drawing 36 cells of 10 wide.
        let moved = marker_x(&b, 1) - marker_x(&a, 1);
        assert!((moved - 3.6).abs() < 0.01, "{moved}");
    }
}

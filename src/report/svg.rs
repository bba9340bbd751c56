//! The report's pictures, drawn by knotmap as inline SVG: the body map,
//! a knot's pain per session, and a region's sparkline.
//!
//! Lengths are SVG user units (CSS pixels at 100%); the page scales each
//! picture to its column. Shades climb one scale from pale to dark, so they
//! still order when printed in grey, and every mark that carries a number
//! shows the number too.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::text::Html;
use crate::body::{BodyView, Cell, Region, View};
use crate::domain::course::{self, meaningful_level};
use crate::domain::knot::SessionPain;
use crate::domain::{KnotStatus, KnotSummary, Rules};

/// The shade of a region or a chart point by its pain.
pub fn pain_fill(pain: u8) -> &'static str {
    match pain {
        0..=2 => "#fee3bd",
        3..=4 => "#fdcc8a",
        5..=6 => "#fc8d59",
        7..=8 => "#e34a33",
        _ => "#b30000",
    }
}

/// The ranges of the shades, for the legend.
pub const PAIN_SHADES: [(u8, u8); 5] = [(0, 2), (3, 4), (5, 6), (7, 8), (9, 10)];

/// Body cells with no reading in the period.
pub const BODY_FILL: &str = "#f7f7f7";
const INK: &str = "#111";
const FAINT: &str = "#777";

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
pub fn view_name(view: View) -> &'static str {
    match view {
        View::Front => "Front",
        View::Back => "Back",
    }
}

/// One view of the body: every cell shaded by the latest pain of its
/// region, the drawing's characters over it, and a marker per knot.
pub fn body_map(
    out: &mut String,
    drawing: &BodyView,
    region_pain: &HashMap<Region, u8>,
    knots: &[&KnotSummary],
) -> fmt::Result {
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

    markers(out, drawing, width, height, knots)?;
    writeln!(out, "</svg>")
}

/// A marker's box: left, top, width, height.
type Box = (f64, f64, f64, f64);

fn overlaps(a: Box, b: Box, gap: f64) -> bool {
    a.0 < b.0 + b.2 + gap && b.0 < a.0 + a.2 + gap && a.1 < b.1 + b.3 + gap && b.1 < a.1 + a.3 + gap
}

/// Places each knot's marker on its cell, or nudged beside it with a
/// leader line when another marker is already there. Knots come most
/// important first, so those keep their exact place.
fn markers(
    out: &mut String,
    drawing: &BodyView,
    width: f64,
    height: f64,
    knots: &[&KnotSummary],
) -> fmt::Result {
    let mut placed: Vec<Box> = Vec::new();
    let mut drawn = String::new();
    let mut leaders = String::new();
    for summary in knots.iter().filter(|k| k.knot.spot.view == drawing.view) {
        let spot = summary.knot.spot;
        let cx = (f64::from(spot.x) + 0.5) * CELL_W;
        let cy = HEADER + (f64::from(spot.y) + 0.5) * CELL_H;
        let id = summary.knot.id.to_string();
        let pain = summary.latest_pain.value().to_string();
        let id_w = id.len() as f64 * MARKER_CHAR + 2.0 * MARKER_PAD;
        let pain_w = pain.len() as f64 * MARKER_CHAR + 2.0 * MARKER_PAD;
        let w = id_w + pain_w;
        let step_x = w + 4.0;
        let step_y = MARKER_H + 4.0;
        let candidates = [
            (0.0, 0.0),
            (0.0, -step_y),
            (0.0, step_y),
            (step_x, 0.0),
            (-step_x, 0.0),
            (step_x, -step_y),
            (-step_x, -step_y),
            (step_x, step_y),
            (-step_x, step_y),
            (0.0, -2.0 * step_y),
            (0.0, 2.0 * step_y),
        ];
        let fits =
            |b: Box| b.0 >= 0.0 && b.0 + b.2 <= width && b.1 >= HEADER && b.1 + b.3 <= height;
        let at = |(dx, dy): (f64, f64)| (cx + dx - w / 2.0, cy + dy - MARKER_H / 2.0, w, MARKER_H);
        let chosen = candidates
            .into_iter()
            .map(at)
            .find(|&b| fits(b) && placed.iter().all(|&p| !overlaps(b, p, 1.5)))
            .unwrap_or_else(|| at((0.0, 0.0)));
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
        writeln!(
            drawn,
            r##"<g><title>Knot {id}: {}, latest pain {pain}/10{}</title><rect x="{left}" y="{top}" width="{w}" height="{MARKER_H}" rx="4" fill="{dark}" stroke="{dark}" stroke-width="1.2"{dash}/><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#fff"/><text x="{}" y="{}" text-anchor="middle" fill="#fff">{id}</text><text x="{}" y="{}" text-anchor="middle" fill="{dark}">{pain}</text></g>"##,
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
    if drawn.is_empty() {
        return Ok(());
    }
    writeln!(out, "<g>{leaders}</g>")?;
    writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="11" font-weight="bold">"#
    )?;
    out.push_str(&drawn);
    writeln!(out, "</g>")
}

/// The chart's size and margins.
const CHART_W: f64 = 320.0;
const CHART_H: f64 = 168.0;
const CHART_LEFT: f64 = 26.0;
const CHART_RIGHT: f64 = 8.0;
const CHART_TOP: f64 = 8.0;
const CHART_BOTTOM: f64 = 30.0;
/// Light shades for the window and the expected band, dark enough to
/// survive a grey printout.
const WINDOW_FILL: &str = "#e6e6e6";
const BAND_FILL: &str = "#b9dcb9";
const BAND_EDGE: &str = "#3c7d3c";

/// A knot's pain per session: before treatment (filled dots on a line)
/// and after (hollow dots), the sessions in which it is expected to calm
/// shaded, the band it is expected to reach there, and the level below
/// which a drop from the first session is meaningful.
/// `flares` are the sessions (indices) in which the knot hurt again after
/// calming, marked with a line.
pub fn pain_chart(
    out: &mut String,
    sessions: &[SessionPain],
    flares: &[usize],
    rules: &Rules,
) -> fmt::Result {
    let window = course::window(rules);
    let window_start = *window.start();
    let window_end = (*window.end()).max(window_start);
    let slots = sessions.len().max(window_end + 1);
    let plot_w = CHART_W - CHART_LEFT - CHART_RIGHT;
    let plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
    let step = plot_w / slots as f64;
    let x_of = |index: usize| CHART_LEFT + (index as f64 + 0.5) * step;
    let y_of = |pain: u8| CHART_TOP + (10.0 - f64::from(pain)) / 10.0 * plot_h;
    let bottom = CHART_TOP + plot_h;

    writeln!(
        out,
        r#"<svg class="chart" viewBox="0 0 {CHART_W} {CHART_H}" width="{CHART_W}" height="{CHART_H}" role="img" aria-label="Pain per session">"#
    )?;
    let points: Vec<String> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let after = s.after.map(|a| format!(", after {a}")).unwrap_or_default();
            format!("session {}: before {}{after}", i + 1, s.before)
        })
        .collect();
    writeln!(
        out,
        "<title>Pain per session ({})</title>",
        Html(&points.join("; "))
    )?;
    // The window and its band.
    let window_left = CHART_LEFT + window_start.saturating_sub(1) as f64 * step;
    let window_w = (window_end + 1 - window_start) as f64 * step;
    writeln!(
        out,
        r#"<rect x="{window_left}" y="{CHART_TOP}" width="{window_w}" height="{plot_h}" fill="{WINDOW_FILL}"/>"#
    )?;
    let (band_low, band_high) = rules.expected_band;
    let band_top = y_of(band_high);
    let band_h = y_of(band_low) - band_top;
    writeln!(
        out,
        r#"<rect x="{window_left}" y="{band_top}" width="{window_w}" height="{band_h}" fill="{BAND_FILL}"/><path d="M{window_left} {band_top}h{window_w}M{window_left} {}h{window_w}" stroke="{BAND_EDGE}" stroke-width="0.8" stroke-dasharray="1.5 1.5"/>"#,
        band_top + band_h
    )?;
    // The scale.
    writeln!(
        out,
        r#"<g stroke="{INK}" stroke-width="0.3" stroke-opacity="0.35">"#
    )?;
    for pain in (2..=10).step_by(2) {
        writeln!(
            out,
            r#"<line x1="{CHART_LEFT}" y1="{y}" x2="{}" y2="{y}"/>"#,
            CHART_W - CHART_RIGHT,
            y = y_of(pain)
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(
        out,
        r#"<path d="M{CHART_LEFT} {CHART_TOP}V{bottom}H{}" fill="none" stroke="{INK}" stroke-width="1"/>"#,
        CHART_W - CHART_RIGHT
    )?;
    writeln!(
        out,
        r#"<g font-family="sans-serif" font-size="9" fill="{INK}" text-anchor="end">"#
    )?;
    for pain in (0..=10).step_by(2) {
        writeln!(
            out,
            r#"<text x="{}" y="{}">{pain}</text>"#,
            CHART_LEFT - 4.0,
            y_of(pain) + 3.0
        )?;
    }
    writeln!(out, "</g>")?;
    // Session numbers; every few when there are many.
    let every = sessions.len().div_ceil(16).max(1);
    writeln!(
        out,
        r#"<g font-family="sans-serif" font-size="9" fill="{INK}" text-anchor="middle">"#
    )?;
    for index in (0..slots).filter(|i| (i + 1) % every == 0 || *i == 0) {
        writeln!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            x_of(index),
            bottom + 11.0,
            index + 1
        )?;
    }
    writeln!(
        out,
        r#"<text x="{}" y="{}">session</text></g>"#,
        CHART_LEFT + plot_w / 2.0,
        bottom + 23.0
    )?;
    // The level of a meaningful drop.
    if let Some(level) = sessions
        .first()
        .and_then(|first| meaningful_level(first.before.value(), rules))
    {
        writeln!(
            out,
            r#"<line x1="{CHART_LEFT}" y1="{y}" x2="{}" y2="{y}" stroke="{INK}" stroke-width="1.2" stroke-dasharray="5 3"/>"#,
            CHART_W - CHART_RIGHT,
            y = y_of(level)
        )?;
    }
    // Where it came back.
    for &index in flares {
        let x = CHART_LEFT + index as f64 * step;
        writeln!(
            out,
            r#"<line x1="{x}" y1="{CHART_TOP}" x2="{x}" y2="{bottom}" stroke="{INK}" stroke-width="1" stroke-dasharray="1 2"/><text x="{}" y="{}" font-family="sans-serif" font-size="8" fill="{INK}">back</text>"#,
            x + 2.0,
            CHART_TOP + 8.0
        )?;
    }
    // The scores: relief within each session, the line of the scores
    // before, then the dots.
    for (index, session) in sessions.iter().enumerate() {
        if let Some(after) = session.after {
            writeln!(
                out,
                r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{INK}" stroke-width="0.8" stroke-dasharray="2 1.5"/>"#,
                y_of(session.before.value()),
                y_of(after.value()),
                x = x_of(index)
            )?;
        }
    }
    if sessions.len() > 1 {
        let line: Vec<String> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{},{}", x_of(i), y_of(s.before.value())))
            .collect();
        writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{INK}" stroke-width="1.6"/>"#,
            line.join(" ")
        )?;
    }
    for (index, session) in sessions.iter().enumerate() {
        if let Some(after) = session.after {
            writeln!(
                out,
                r##"<circle cx="{}" cy="{}" r="3.2" fill="#fff" stroke="{INK}" stroke-width="1.3"/>"##,
                x_of(index),
                y_of(after.value())
            )?;
        }
        writeln!(
            out,
            r#"<circle cx="{}" cy="{}" r="3.8" fill="{INK}"/>"#,
            x_of(index),
            y_of(session.before.value())
        )?;
    }
    writeln!(out, "</svg>")
}

const SPARK_W: f64 = 120.0;
const SPARK_H: f64 = 30.0;

/// Mean pain in each slice of the period, oldest first, on a fixed 0-10
/// scale so that sparklines compare; a gap where nothing was logged.
pub fn sparkline(out: &mut String, series: &[Option<f64>]) -> fmt::Result {
    let slots = series.len().max(1) as f64;
    let x_of = |index: usize| (index as f64 + 0.5) * SPARK_W / slots;
    let y_of = |pain: f64| 2.0 + (10.0 - pain.clamp(0.0, 10.0)) / 10.0 * (SPARK_H - 4.0);
    let values: Vec<String> = series
        .iter()
        .map(|v| v.map_or_else(|| "none".to_string(), |v| format!("{v:.1}")))
        .collect();
    writeln!(
        out,
        r#"<svg class="spark" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" role="img" aria-label="Mean pain over the period"><title>Mean pain per slice, oldest first: {}</title>"#,
        values.join(", ")
    )?;
    writeln!(
        out,
        r#"<line x1="0" y1="{y}" x2="{SPARK_W}" y2="{y}" stroke="{FAINT}" stroke-width="0.5"/><line x1="0" y1="{mid}" x2="{SPARK_W}" y2="{mid}" stroke="{FAINT}" stroke-width="0.4" stroke-dasharray="1 2"/>"#,
        y = y_of(0.0),
        mid = y_of(5.0)
    )?;
    let mut run: Vec<(usize, f64)> = Vec::new();
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    for (index, value) in series.iter().enumerate() {
        match value {
            Some(v) => run.push((index, *v)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    for run in &runs {
        if run.len() > 1 {
            let points: Vec<String> = run
                .iter()
                .map(|&(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(v)))
                .collect();
            writeln!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{INK}" stroke-width="1.4"/>"#,
                points.join(" ")
            )?;
        }
        for &(i, v) in run {
            writeln!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="1.8" fill="{INK}"/>"#,
                x_of(i),
                y_of(v)
            )?;
        }
    }
    writeln!(out, "</svg>")
}

/// A small picture for a legend entry.
pub enum Key {
    Shade(&'static str),
    Window,
    Band,
    Meaningful,
    Before,
    After,
    Marker,
}

pub fn key(out: &mut String, key: Key) -> fmt::Result {
    let inner = match key {
        Key::Shade(fill) => format!(
            r#"<rect x="1" y="2" width="16" height="10" fill="{fill}" stroke="{FAINT}" stroke-width="0.5"/>"#
        ),
        Key::Window => {
            format!(r#"<rect x="1" y="1" width="16" height="12" fill="{WINDOW_FILL}"/>"#)
        }
        Key::Band => format!(
            r#"<rect x="1" y="3" width="16" height="8" fill="{BAND_FILL}"/><path d="M1 3h16M1 11h16" stroke="{BAND_EDGE}" stroke-width="0.8" stroke-dasharray="1.5 1.5"/>"#
        ),
        Key::Meaningful => format!(
            r#"<line x1="1" y1="7" x2="17" y2="7" stroke="{INK}" stroke-width="1.2" stroke-dasharray="5 3"/>"#
        ),
        Key::Before => format!(
            r#"<line x1="1" y1="7" x2="17" y2="7" stroke="{INK}" stroke-width="1.6"/><circle cx="9" cy="7" r="3.8" fill="{INK}"/>"#
        ),
        Key::After => format!(
            r##"<circle cx="9" cy="7" r="3.2" fill="#fff" stroke="{INK}" stroke-width="1.3"/>"##
        ),
        Key::Marker => format!(
            r##"<rect x="0.5" y="0.5" width="27" height="13" rx="3.5" fill="{INK}"/><rect x="14" y="2" width="12.5" height="10" rx="2.5" fill="#fff"/><g font-family="monospace" font-size="9.5" font-weight="bold" text-anchor="middle"><text x="7.5" y="10.5" fill="#fff">4</text><text x="20" y="10.5" fill="{INK}">6</text></g>"##
        ),
    };
    let width = if matches!(key, Key::Marker) { 28 } else { 18 };
    write!(
        out,
        r#"<svg class="key" viewBox="0 0 {width} 14" width="{width}" height="14" aria-hidden="true">{inner}</svg>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Body, Spot};
    use crate::domain::Score;
    use crate::domain::knot::{Knot, NewReading, Reading, summarize};

    fn summary(id: i64, x: u16, y: u16, pain: u8) -> KnotSummary {
        let body = Body::get();
        let region = body.back.region_at(x, y).unwrap();
        let at = "2026-03-01T18:00:00Z".parse().unwrap();
        let knot = Knot {
            id,
            uuid: format!("u{id}"),
            region,
            spot: Spot {
                view: View::Back,
                x,
                y,
            },
            created_at: at,
            marked_resolved_at: None,
            recurs_knot_id: None,
        };
        let reading = Reading {
            id,
            uuid: String::new(),
            knot_id: id,
            session_id: 1,
            taken_at: at,
            treatment: NewReading::pain(Score::new(pain).unwrap()),
        };
        summarize(knot, &[reading], &Rules::default(), at).unwrap()
    }

    #[test]
    fn knots_on_one_spot_get_a_marker_each_without_overlap() {
        let body = Body::get();
        let home = body
            .home_of(Region::from_slug("rhomboids-left").unwrap())
            .unwrap();
        let a = summary(1, home.x, home.y, 6);
        let b = summary(2, home.x, home.y, 3);
        let mut out = String::new();
        body_map(&mut out, &body.back, &HashMap::new(), &[&a, &b]).unwrap();
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
        body_map(&mut front, &body.front, &HashMap::new(), &[&a, &b]).unwrap();
        assert!(
            !front.contains("<title>Knot"),
            "back knots stay off the front"
        );
    }

    #[test]
    fn a_sparkline_breaks_where_nothing_was_logged() {
        let mut out = String::new();
        sparkline(
            &mut out,
            &[Some(8.0), Some(6.0), None, Some(3.0), Some(2.0), None],
        )
        .unwrap();
        assert_eq!(out.matches("<polyline").count(), 2);
        assert_eq!(out.matches("<circle").count(), 4);
    }
}

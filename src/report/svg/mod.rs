//! The report's pictures, drawn by knotmap as inline SVG: the body map,
//! a knot's pain per session, a region's sparkline, and the small keys of
//! the legends.
//!
//! Lengths are SVG user units (CSS pixels at 100%); the page scales each
//! picture to its column. Shades climb one scale from pale to dark, so they
//! still order when printed in grey, and every mark that carries a number
//! shows the number too.

mod body_map;
mod charts;

use std::fmt::{self, Write as _};

use super::writer::Key;

pub use body_map::body_map;
pub use charts::{pain_chart, sparkline};

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
const BODY_FILL: &str = "#f7f7f7";
const INK: &str = "#111";
const FAINT: &str = "#777";
/// Light shades for the window and the expected band, dark enough to
/// survive a grey printout.
const WINDOW_FILL: &str = "#e6e6e6";
const BAND_FILL: &str = "#b9dcb9";
const BAND_EDGE: &str = "#3c7d3c";

/// The small picture of a legend entry.
pub fn key(out: &mut String, key: Key) -> fmt::Result {
    let shade = |fill: &str| {
        format!(
            r#"<rect x="1" y="2" width="16" height="10" fill="{fill}" stroke="{FAINT}" stroke-width="0.5"/>"#
        )
    };
    let inner = match key {
        Key::Pain(pain) => shade(pain_fill(pain)),
        Key::NoReading => shade(BODY_FILL),
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

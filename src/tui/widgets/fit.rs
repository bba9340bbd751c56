//! The one rule for text that may not fit: a line is cut at the width it
//! is drawn in, and a cut line ends with `…`, so nothing looks whole that
//! is not. Lines are built with what matters most first, so what is cut
//! is what matters least.

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `line` in at most `width` columns, ending with `…` where it was cut.
pub fn fit(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let Line {
        spans,
        style,
        alignment,
    } = line;
    let mut kept: Vec<Span> = Vec::new();
    // One column is kept for the mark of the cut.
    let mut room = width.saturating_sub(1);
    let mut last_style = style;
    for span in spans {
        let span_width = span.content.width();
        last_style = span.style;
        if span_width <= room {
            room -= span_width;
            kept.push(span);
            continue;
        }
        let mut text = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if w > room {
                break;
            }
            room -= w;
            text.push(c);
        }
        kept.push(Span::styled(text, span.style));
        break;
    }
    if width > 0 {
        kept.push(Span::styled("…", last_style));
    }
    Line {
        spans: kept,
        style,
        alignment,
    }
}

/// Every line fitted to `width`.
pub fn fit_all<'a>(lines: impl IntoIterator<Item = Line<'a>>, width: u16) -> Vec<Line<'a>> {
    lines
        .into_iter()
        .map(|line| fit(line, usize::from(width)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_line_that_fits_is_left_alone_and_one_that_does_not_ends_with_a_mark() {
        let line = Line::from(vec![Span::raw("knot 3 "), Span::raw("stalled")]);
        assert_eq!(text(&fit(line.clone(), 14)), "knot 3 stalled");
        assert_eq!(text(&fit(line.clone(), 10)), "knot 3 st…");
        assert_eq!(text(&fit(line.clone(), 7)), "knot 3…");
        assert_eq!(text(&fit(line, 0)), "");
    }

    proptest! {
        #[test]
        fn a_fitted_line_is_a_start_of_the_line_and_marked_when_cut(
            parts in proptest::collection::vec("[a-z ✓█好]{0,12}", 0..5),
            width in 0usize..40,
        ) {
            let line = Line::from(parts.iter().map(|p| Span::raw(p.clone())).collect::<Vec<_>>());
            let whole = text(&line);
            let fitted = text(&fit(line, width));
            prop_assert!(fitted.width() <= width);
            if whole.width() <= width {
                prop_assert_eq!(fitted, whole);
            } else if width > 0 {
                prop_assert!(fitted.ends_with('…'));
                prop_assert!(whole.starts_with(fitted.trim_end_matches('…')));
            }
        }
    }
}

//! Small helpers for the text knotmap shows, shared by the screens and the
//! commands: cutting and wrapping to a width, bars for a series, plurals,
//! and making stored and typed text safe to print.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Eight heights of bar, lowest first.
pub const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Text with every character that would not print as itself turned into
/// a space: control characters (a newline, a tab, an escape that would
/// recolour the terminal), the Unicode line and paragraph separators, and
/// the direction overrides that could make a note read backwards. A note
/// can then never break a table or reach the terminal as a command.
pub fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unprintable) {
        Cow::Owned(
            text.chars()
                .map(|c| if is_unprintable(c) { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `c` would not print as itself: see [`printable`].
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` as it may reach a terminal when `terminal` (every line made
/// [`printable`], the line ends kept), else unchanged: for output that
/// must go to a file or a pipe byte for byte, such as an export.
pub fn for_terminal_if(terminal: bool, text: &str) -> Cow<'_, str> {
    if !terminal || !text.chars().any(|c| c != '\n' && is_unprintable(c)) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        shown.push_str(&printable(body));
        shown.push_str(end);
    }
    Cow::Owned(shown)
}

/// Text cut to `width` columns of the terminal (a wide character takes
/// two), with an ellipsis when cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut clipped = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        clipped.push(c);
        used += w;
    }
    clipped.push('…');
    clipped
}

/// Text cut to `width` columns and padded with spaces to fill them, by
/// the columns the terminal gives each character rather than their count,
/// so that a column after it starts where it should.
pub fn pad(text: &str, width: usize) -> String {
    let clipped = clip(text, width);
    let fill = width.saturating_sub(clipped.width());
    format!("{clipped}{}", " ".repeat(fill))
}

/// Splits text into lines of at most `width` columns at spaces, so that a
/// bullet's continuation lines can be indented under its first. A
/// no-break space (U+00A0) holds the words on either side together, and
/// comes out as a plain space.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let breaks = |c: char| c.is_whitespace() && c != '\u{a0}';
    for word in text.split(breaks).filter(|word| !word.is_empty()) {
        let needed = line.width() + usize::from(!line.is_empty()) + word.width();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    for line in &mut lines {
        if line.contains('\u{a0}') {
            *line = line.replace('\u{a0}', " ");
        }
    }
    lines
}

/// `text` wrapped to `width` columns under `marker`: each line with what
/// leads it, the marker on the first and as many spaces on the rest.
pub fn wrap_under(marker: &str, text: &str, width: usize) -> Vec<(String, String)> {
    let indent = " ".repeat(marker.width());
    wrap(text, width.saturating_sub(marker.width()).max(10))
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let lead = if index == 0 { marker } else { &indent };
            (lead.to_string(), line)
        })
        .collect()
}

/// A series of mean pains (0-10) as bars, a space where nothing was logged.
pub fn sparkline(series: &[Option<f64>]) -> String {
    series
        .iter()
        .map(|value| match value {
            None => ' ',
            Some(pain) => {
                let level = (pain / 10.0 * (BARS.len() - 1) as f64).round();
                BARS[(level.max(0.0) as usize).min(BARS.len() - 1)]
            }
        })
        .collect()
}

/// "1 day", "3 days".
pub fn plural(count: impl Into<i64>, one: &str, many: &str) -> String {
    let count = count.into();
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(printable("a\nb\tc\u{1b}[31m"), "a b c [31m");
        assert!(matches!(printable("calm"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_terminal_gets_whole_lines_without_control_characters() {
        assert_eq!(
            for_terminal_if(true, "a\u{1b}]2;x\u{7}\nb\0\n"),
            "a ]2;x \nb \n"
        );
        assert_eq!(for_terminal_if(false, "a\u{1b}\n"), "a\u{1b}\n");
    }

    #[test]
    fn clipping_counts_terminal_columns() {
        assert_eq!(clip("upper trapezius", 8), "upper t…");
        assert_eq!(clip("日本語のメモ", 7), "日本語…");
        assert_eq!(clip("short", 8), "short");
    }

    #[test]
    fn wrapping_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("unbreakable", 4), ["unbreakable"]);
        assert_eq!(wrap("", 4), [""]);
    }

    #[test]
    fn wrapped_lines_stand_under_the_text_after_their_marker() {
        assert_eq!(
            wrap_under("  1. ", "one two three four five six", 18),
            [
                ("  1. ".to_string(), "one two three".to_string()),
                ("     ".to_string(), "four five six".to_string()),
            ]
        );
    }

    #[test]
    fn a_no_break_space_keeps_a_number_with_its_unit() {
        assert_eq!(wrap("hold it (20\u{a0}s)", 10), ["hold it", "(20 s)"]);
    }

    #[test]
    fn a_sparkline_has_a_bar_per_slice_and_a_gap_for_none() {
        assert_eq!(sparkline(&[Some(0.0), None, Some(10.0), Some(5.0)]), "▁ █▅");
    }

    #[test]
    fn plurals_agree_with_their_count() {
        assert_eq!(plural(1, "day", "days"), "1 day");
        assert_eq!(plural(0, "day", "days"), "0 days");
    }
}

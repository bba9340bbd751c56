//! Text as the report writes it: escaped for HTML or Markdown, numbers and
//! dates in one format.

use std::fmt;

use chrono::{DateTime, Local, Utc};

use crate::text::is_unprintable;

/// Text escaped for HTML and XML, in element content and in quoted
/// attributes alike. Characters that XML does not allow at all (most
/// control characters) become U+FFFD, so that the page stays well-formed
/// whatever a note holds.
pub struct Html<'a>(pub &'a str);

impl fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape_html(f, self.0, true)
    }
}

/// knotmap's own wording in HTML element content, where only `&`, `<` and
/// `>` need escaping: its apostrophes stay as typed.
pub struct HtmlContent<'a>(pub &'a str);

impl fmt::Display for HtmlContent<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape_html(f, self.0, false)
    }
}

fn escape_html(f: &mut fmt::Formatter<'_>, text: &str, quotes: bool) -> fmt::Result {
    let mut start = 0;
    for (index, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if quotes => "&quot;",
            '\'' if quotes => "&#39;",
            c if forbidden_in_xml(c) => "\u{FFFD}",
            _ => continue,
        };
        f.write_str(&text[start..index])?;
        f.write_str(replacement)?;
        start = index + c.len_utf8();
    }
    f.write_str(&text[start..])
}

fn forbidden_in_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Text for one Markdown table cell or line: on one line, with every
/// character Markdown could read as markup (a `|` that would end the
/// cell, `<` that would open raw HTML, `*`, `_`, links...) escaped with a
/// backslash, so that a note shows as it was typed.
pub struct Md<'a>(pub &'a str);

impl fmt::Display for Md<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' | '!' => {
                    write!(f, "\\{c}")?;
                }
                '\n' | '\r' | '\t' => f.write_str(" ")?,
                c if c.is_control() => {}
                // Separators and direction overrides, as everywhere text
                // is shown: a note cannot read backwards in a terminal.
                c if is_unprintable(c) => f.write_str(" ")?,
                c => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

/// A date as tables show it: 2026-03-14, in local time.
pub fn day(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

/// A date and time as tables show it: 2026-03-14 18:30, in local time.
pub fn minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A date as sentences show it: 14 Mar 2026.
pub fn long_day(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%-d %b %Y").to_string()
}

/// A mean to one decimal, or a dash when there is none.
pub fn mean(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

/// A score, or a dash when there is none.
pub fn score(value: Option<u8>) -> String {
    value.map_or_else(|| "–".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_quotes_and_control_characters() {
        let note = "<script>alert(\"1\")</script> & 'so' 💪\u{1}";
        assert_eq!(
            Html(note).to_string(),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;so&#39; 💪\u{FFFD}"
        );
        assert_eq!(Html("plain text").to_string(), "plain text");
        assert_eq!(
            HtmlContent("the knot's <3 & \"so\"\u{1}").to_string(),
            "the knot's &lt;3 &amp; \"so\"\u{FFFD}"
        );
    }

    #[test]
    fn markdown_keeps_a_note_in_its_cell_and_out_of_markup() {
        assert_eq!(
            Md("a | b\n<b>*c*</b> 💪").to_string(),
            "a \\| b \\<b\\>\\*c\\*\\</b\\> 💪"
        );
    }
}

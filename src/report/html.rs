//! The report as one HTML page: no scripts, nothing fetched from the
//! network, its style inline and made for A4 paper. The markup is also
//! well-formed XML (every element closed, only XML's own entities), so a
//! plain XML parser can check it.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use super::document::write_report;
use super::svg;
use super::text::{Html, HtmlContent};
use super::writer::{
    BodyMaps, ColumnKind, Fact, Form, Key, List, ListStyle, PainChart, Part, Role, Span, Table,
    Writer,
};
use super::{Report, verdict_name};
use crate::body::Body;

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 10mm 8mm; max-width: 200mm; color: #111; background: #fff;
  font: 10pt/1.45 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; }
h1 { font-size: 20pt; margin: 0 0 1mm; letter-spacing: -0.01em; }
h2 { font-size: 14pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #111; }
h3 { font-size: 11.5pt; margin: 0 0 2mm; }
h4 { font-size: 10pt; margin: 3mm 0 1mm; }
p { margin: 0 0 2mm; }
ul { margin: 0 0 2mm; padding-left: 5mm; }
section { margin-top: 9mm; }
section.page { break-before: page; page-break-before: always; }
.meta { color: #333; margin-bottom: 3mm; }
.notice { border: 1pt solid #111; border-left-width: 4pt; padding: 2mm 3mm; margin: 3mm 0; }
.notice p:last-child { margin: 0; }
.figures { display: flex; gap: 3mm; flex-wrap: wrap; margin: 2mm 0; }
.summary { display: flex; gap: 2mm; flex-wrap: wrap; margin: 3mm 0; }
.summary div { border: 0.75pt solid #888; padding: 1.5mm 3mm; min-width: 28mm; }
.summary strong { display: block; font-size: 16pt; line-height: 1.1; }
.maps { display: flex; gap: 4mm; justify-content: center; margin: 2mm 0; }
.maps figure { flex: 1 1 0; margin: 0; max-width: 92mm; }
.maps figcaption { font-size: 8.5pt; color: #333; text-align: center; }
svg.map { width: 100%; height: auto; display: block; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 8.5pt; color: #222; margin: 1mm 0 2mm; align-items: center; }
.legend span { display: inline-flex; align-items: center; gap: 1.2mm; }
svg.key { display: inline-block; vertical-align: middle; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; margin: 1mm 0 3mm; }
th, td { padding: 0.9mm 1.4mm; text-align: left; vertical-align: top; border-bottom: 0.5pt solid #bbb; }
th { border-bottom: 1pt solid #111; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
tr.window td { background: #f0f0f0; }
td.note { min-width: 36mm; max-width: 60mm; overflow-wrap: anywhere; }
.verdict { display: inline-block; padding: 0 1.6mm; border: 0.75pt solid #111; border-radius: 1.5mm; white-space: nowrap; font-size: 8.5pt; }
.verdict-worse, .verdict-stalled { background: #111; color: #fff; font-weight: bold; }
.verdict-slow, .verdict-new, .verdict-back { border-style: dashed; }
.verdict-resolved { color: #555; border-color: #888; }
article.knot { border-top: 0.75pt solid #888; padding-top: 3mm; margin-top: 4mm; }
.knot-head, #map, .legend, figure { break-inside: avoid; page-break-inside: avoid; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
.knot-top { display: flex; gap: 4mm; align-items: flex-start; }
.knot-top .chart-box { flex: 0 0 84mm; }
svg.chart { width: 100%; height: auto; display: block; }
.knot-top .facts { flex: 1 1 auto; }
.facts table { margin-top: 0; }
.facts th { width: 26mm; border-bottom: 0.5pt solid #bbb; font-weight: normal; color: #333; }
.rule { font-size: 8.8pt; }
ul.advice li.serious { font-weight: bold; }
svg.spark { width: 30mm; height: auto; display: block; }
table.trends { table-layout: fixed; }
table.trends col.name { width: 34%; }
table.trends col.spark { width: 34mm; }
.small { font-size: 8.5pt; color: #333; }
.empty { font-size: 12pt; border: 1pt dashed #555; padding: 6mm; text-align: center; margin: 6mm 0; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #333; border-top: 0.5pt solid #888; padding-top: 2mm; }
@media screen { body { box-shadow: 0 0 0 1px #ddd; margin: 6mm auto; } }
@media print { body { padding: 0; max-width: none; } .maps figure { max-width: 76mm; } }
"#;

/// The whole page.
pub fn to_html(report: &Report) -> Result<String, fmt::Error> {
    let mut writer = HtmlWriter::default();
    write_report(report, &mut writer)?;
    Ok(writer.out)
}

#[derive(Default)]
struct HtmlWriter {
    out: String,
    /// The closing tags of the parts open, innermost last.
    open: Vec<&'static str>,
}

impl HtmlWriter {
    fn spans(&mut self, spans: &[Span]) -> fmt::Result {
        for span in spans {
            match span {
                Span::Text(words) => write!(self.out, "{}", HtmlContent(words))?,
                Span::Value(value) => write!(self.out, "{}", Html(value))?,
                Span::Strong(inner) => self.wrapped("<strong>", inner, "</strong>")?,
                Span::Emphasis(inner) => self.wrapped("<em>", inner, "</em>")?,
                Span::Small(inner) => self.wrapped(r#"<span class="small">"#, inner, "</span>")?,
                Span::Rule(rule) => {
                    write!(self.out, r#"<span class="rule">{}</span>"#, Html(rule))?
                }
                Span::Verdict(verdict) => write!(
                    self.out,
                    r#"<span class="verdict verdict-{}">{}</span>"#,
                    verdict.slug(),
                    verdict_name(*verdict)
                )?,
                Span::Sparkline(series) => svg::sparkline(&mut self.out, series)?,
            }
        }
        Ok(())
    }

    fn wrapped(&mut self, open: &str, spans: &[Span], close: &str) -> fmt::Result {
        self.out.push_str(open);
        self.spans(spans)?;
        self.out.push_str(close);
        Ok(())
    }
}

impl Writer for HtmlWriter {
    fn form(&self) -> Form {
        Form::Page
    }

    fn start(&mut self, title: &[Span]) -> fmt::Result {
        let out = &mut self.out;
        writeln!(out, "<!DOCTYPE html>")?;
        writeln!(out, r#"<html lang="en">"#)?;
        writeln!(out, "<head>")?;
        writeln!(out, r#"<meta charset="utf-8"/>"#)?;
        writeln!(
            out,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1"/>"#
        )?;
        writeln!(out, r#"<meta name="generator" content="knotmap"/>"#)?;
        self.wrapped("<title>", title, "</title>\n")?;
        writeln!(self.out, "<style>{STYLE}</style>")?;
        writeln!(self.out, "</head>")?;
        writeln!(self.out, "<body>")
    }

    fn finish(&mut self) -> fmt::Result {
        writeln!(self.out, "</body>")?;
        writeln!(self.out, "</html>")
    }

    fn open(&mut self, part: Part) -> fmt::Result {
        let close = match part {
            Part::Header => {
                writeln!(self.out, "<header>")?;
                "</header>"
            }
            Part::Section { id, new_page } => {
                let class = if new_page { r#" class="page""# } else { "" };
                writeln!(self.out, r#"<section id="{}"{class}>"#, Html(id))?;
                "</section>"
            }
            Part::Knot(id) => {
                writeln!(self.out, r#"<article class="knot" id="knot-{id}">"#)?;
                "</article>"
            }
            Part::KeptTogether => {
                writeln!(self.out, r#"<div class="knot-head">"#)?;
                "</div>"
            }
            Part::SideBySide => {
                writeln!(self.out, r#"<div class="knot-top">"#)?;
                "</div>"
            }
            Part::Footer => {
                writeln!(self.out, "<footer>")?;
                "</footer>"
            }
        };
        self.open.push(close);
        Ok(())
    }

    fn close(&mut self) -> fmt::Result {
        match self.open.pop() {
            Some(close) => writeln!(self.out, "{close}"),
            None => Err(fmt::Error),
        }
    }

    fn heading(&mut self, level: u8, spans: &[Span]) -> fmt::Result {
        write!(self.out, "<h{level}>")?;
        self.spans(spans)?;
        writeln!(self.out, "</h{level}>")
    }

    fn para(&mut self, role: Role, spans: &[Span]) -> fmt::Result {
        let class = match role {
            Role::Body => "",
            Role::Byline => r#" class="meta""#,
            Role::Placeholder => r#" class="empty""#,
        };
        write!(self.out, "<p{class}>")?;
        self.spans(spans)?;
        writeln!(self.out, "</p>")
    }

    fn notice(&mut self, paras: &[Vec<Span>]) -> fmt::Result {
        writeln!(self.out, r#"<div class="notice">"#)?;
        for para in paras {
            self.para(Role::Body, para)?;
        }
        writeln!(self.out, "</div>")
    }

    fn list(&mut self, list: &List) -> fmt::Result {
        let class = match list.style {
            ListStyle::Plain => "",
            ListStyle::Advice => r#" class="advice""#,
            ListStyle::Small => r#" class="small""#,
        };
        // The lead sits on the list's own line, in the list's style.
        if !list.lead.is_empty() {
            self.wrapped(&format!("<p{class}>"), &list.lead, "</p>")?;
        }
        writeln!(self.out, "<ul{class}>")?;
        for item in &list.items {
            let class = if item.stands_out {
                r#" class="serious""#
            } else {
                ""
            };
            self.wrapped(&format!("<li{class}>"), &item.spans, "</li>\n")?;
        }
        writeln!(self.out, "</ul>")
    }

    fn table(&mut self, table: &Table) -> fmt::Result {
        if table.fixed_widths {
            writeln!(self.out, r#"<table class="trends">"#)?;
            self.out.push_str("<colgroup>");
            for (index, column) in table.columns.iter().enumerate() {
                self.out.push_str(match column.kind {
                    _ if index == 0 => r#"<col class="name"/>"#,
                    ColumnKind::Chart => r#"<col class="spark"/>"#,
                    _ => "<col/>",
                });
            }
            writeln!(self.out, "</colgroup>")?;
        } else {
            writeln!(self.out, "<table>")?;
        }
        self.out.push_str("<thead><tr>");
        for column in &table.columns {
            let class = match column.kind {
                ColumnKind::Number => r#" class="n""#,
                _ => "",
            };
            write!(self.out, "<th{class}>{}</th>", HtmlContent(column.title))?;
        }
        writeln!(self.out, "</tr></thead>")?;
        writeln!(self.out, "<tbody>")?;
        for row in &table.rows {
            let class = if row.marked_at.is_some() {
                r#" class="window""#
            } else {
                ""
            };
            write!(self.out, "<tr{class}>")?;
            for (cell, column) in row.cells.iter().zip(&table.columns) {
                let class = match column.kind {
                    ColumnKind::Number => r#" class="n""#,
                    ColumnKind::Note => r#" class="note""#,
                    _ if cell.unbroken => r#" class="nowrap""#,
                    _ => "",
                };
                self.wrapped(&format!("<td{class}>"), &cell.spans, "</td>")?;
            }
            writeln!(self.out, "</tr>")?;
        }
        writeln!(self.out, "</tbody></table>")
    }

    fn facts(&mut self, facts: &[Fact]) -> fmt::Result {
        writeln!(self.out, r#"<div class="facts"><table><tbody>"#)?;
        for fact in facts {
            write!(self.out, "<tr><th>{}</th>", HtmlContent(fact.label))?;
            self.wrapped("<td>", &fact.value, "</td></tr>\n")?;
        }
        writeln!(self.out, "</tbody></table></div>")
    }

    fn figures(&mut self, figures: &[(usize, &str)]) -> fmt::Result {
        writeln!(self.out, r#"<div class="summary">"#)?;
        for (number, label) in figures {
            writeln!(
                self.out,
                "<div><strong>{number}</strong>{}</div>",
                HtmlContent(label)
            )?;
        }
        writeln!(self.out, "</div>")
    }

    fn legend(&mut self, entries: &[(Key, Cow<str>)]) -> fmt::Result {
        writeln!(self.out, r#"<div class="legend">"#)?;
        for (key, label) in entries {
            write!(self.out, "<span>")?;
            svg::key(&mut self.out, *key)?;
            writeln!(self.out, "{}</span>", HtmlContent(label))?;
        }
        writeln!(self.out, "</div>")
    }

    fn body_maps(&mut self, maps: &BodyMaps) -> fmt::Result {
        let body = Body::get();
        writeln!(self.out, r#"<div class="maps">"#)?;
        for (view, caption) in &maps.views {
            writeln!(self.out, "<figure>")?;
            let unplaced = svg::body_map(
                &mut self.out,
                body.view(*view),
                &maps.region_pain,
                &maps.knots,
            )?;
            writeln!(
                self.out,
                "<figcaption>{}{}</figcaption>",
                HtmlContent(caption),
                HtmlContent(&crowded(&unplaced))
            )?;
            writeln!(self.out, "</figure>")?;
        }
        writeln!(self.out, "</div>")
    }

    fn pain_chart(&mut self, chart: &PainChart) -> fmt::Result {
        writeln!(self.out, r#"<div class="chart-box">"#)?;
        svg::pain_chart(&mut self.out, chart.sessions, chart.flares, chart.rules)?;
        writeln!(self.out, "</div>")
    }
}

/// The knots a map had no room to mark, named under it.
fn crowded(unplaced: &[i64]) -> String {
    const NAMED: usize = 12;
    if unplaced.is_empty() {
        return String::new();
    }
    let mut ids: Vec<String> = unplaced.iter().take(NAMED).map(i64::to_string).collect();
    if unplaced.len() > NAMED {
        ids.push(format!("{} more", unplaced.len() - NAMED));
    }
    format!(
        " Not marked, for want of room around their spot: {} {}.",
        if unplaced.len() == 1 { "knot" } else { "knots" },
        ids.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::writer::{text, value};

    #[test]
    fn values_are_escaped_quotes_and_all_and_parts_close_in_order() {
        let mut w = HtmlWriter::default();
        w.open(Part::page("notes")).unwrap();
        w.open(Part::Knot(4)).unwrap();
        w.para(Role::Body, &[text("the knot's note: "), value("it's <b>")])
            .unwrap();
        w.close().unwrap();
        w.close().unwrap();
        assert_eq!(
            w.out,
            "<section id=\"notes\" class=\"page\">\n<article class=\"knot\" id=\"knot-4\">\n\
             <p>the knot's note: it&#39;s &lt;b&gt;</p>\n</article>\n</section>\n"
        );
        assert!(w.close().is_err(), "nothing left to close");
    }
}

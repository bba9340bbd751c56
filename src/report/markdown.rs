//! The report as Markdown, for pasting into a message: blocks one blank
//! line apart, tables where the page has tables and charts, and no
//! pictures.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use super::document::write_report;
use super::text::Md;
use super::writer::{
    BodyMaps, ColumnKind, Fact, Form, Key, List, PainChart, Part, Role, Span, Table, Writer,
};
use super::{Report, verdict_name};
use crate::text::sparkline;

pub fn to_markdown(report: &Report) -> Result<String, fmt::Error> {
    let mut writer = MarkdownWriter::default();
    write_report(report, &mut writer)?;
    Ok(writer.out)
}

#[derive(Default)]
struct MarkdownWriter {
    out: String,
    /// Whether a block was written, so the next one goes a blank line
    /// below it.
    started: bool,
}

impl MarkdownWriter {
    /// Starts a block.
    fn block(&mut self) {
        if self.started {
            self.out.push('\n');
        }
        self.started = true;
    }

    fn spans(&mut self, spans: &[Span]) -> fmt::Result {
        for span in spans {
            match span {
                Span::Text(words) => write!(self.out, "{}", Md(words))?,
                Span::Value(value) | Span::Rule(value) => write!(self.out, "{}", Md(value))?,
                Span::Strong(inner) => self.wrapped("**", inner)?,
                Span::Emphasis(inner) => self.wrapped("*", inner)?,
                Span::Small(inner) => self.spans(inner)?,
                Span::Verdict(verdict) => self.out.push_str(verdict_name(*verdict)),
                Span::Sparkline(series) => write!(self.out, "`{}`", sparkline(series))?,
            }
        }
        Ok(())
    }

    fn wrapped(&mut self, mark: &str, spans: &[Span]) -> fmt::Result {
        self.out.push_str(mark);
        self.spans(spans)?;
        self.out.push_str(mark);
        Ok(())
    }

    /// A bullet list, a line per item.
    fn bullets<'a>(&mut self, items: impl IntoIterator<Item = Vec<Span<'a>>>) -> fmt::Result {
        self.block();
        for item in items {
            self.out.push_str("- ");
            self.spans(&item)?;
            self.out.push('\n');
        }
        Ok(())
    }

    /// One table row: its cells between bars.
    fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        let cells: Vec<String> = cells.into_iter().collect();
        self.out.push_str("| ");
        self.out.push_str(&cells.join(" | "));
        self.out.push_str(" |\n");
    }

    fn rendered(&mut self, spans: &[Span]) -> Result<String, fmt::Error> {
        let start = self.out.len();
        self.spans(spans)?;
        Ok(self.out.split_off(start))
    }
}

impl Writer for MarkdownWriter {
    fn form(&self) -> Form {
        Form::Message
    }

    fn start(&mut self, _title: &[Span]) -> fmt::Result {
        // The first heading is the title.
        Ok(())
    }

    fn finish(&mut self) -> fmt::Result {
        Ok(())
    }

    fn open(&mut self, part: Part) -> fmt::Result {
        if part == Part::Footer {
            self.block();
            self.out.push_str("---\n");
        }
        Ok(())
    }

    fn close(&mut self) -> fmt::Result {
        Ok(())
    }

    fn heading(&mut self, level: u8, spans: &[Span]) -> fmt::Result {
        self.block();
        for _ in 0..level {
            self.out.push('#');
        }
        self.out.push(' ');
        self.spans(spans)?;
        self.out.push('\n');
        Ok(())
    }

    fn para(&mut self, _role: Role, spans: &[Span]) -> fmt::Result {
        self.block();
        self.spans(spans)?;
        self.out.push('\n');
        Ok(())
    }

    fn notice(&mut self, paras: &[Vec<Span>]) -> fmt::Result {
        self.block();
        for (index, para) in paras.iter().enumerate() {
            if index > 0 {
                self.out.push_str(">\n");
            }
            self.out.push_str("> ");
            self.spans(para)?;
            self.out.push('\n');
        }
        Ok(())
    }

    fn list(&mut self, list: &List) -> fmt::Result {
        if !list.lead.is_empty() {
            self.para(Role::Body, &list.lead)?;
        }
        self.bullets(list.items.iter().map(|item| {
            if item.stands_out {
                vec![Span::Strong(item.spans.clone())]
            } else {
                item.spans.clone()
            }
        }))
    }

    fn table(&mut self, table: &Table) -> fmt::Result {
        self.block();
        self.row(table.columns.iter().map(|c| Md(c.title).to_string()));
        self.row(table.columns.iter().map(|c| {
            match c.kind {
                ColumnKind::Number => "---:",
                _ => "---",
            }
            .to_string()
        }));
        for row in &table.rows {
            let mut cells = Vec::with_capacity(row.cells.len());
            for (index, cell) in row.cells.iter().enumerate() {
                let mut rendered = self.rendered(&cell.spans)?;
                // Plain text marks the row in one cell, explained under
                // the table.
                if row.marked_at == Some(index) {
                    rendered.push('*');
                }
                cells.push(rendered);
            }
            self.row(cells);
        }
        Ok(())
    }

    fn facts(&mut self, facts: &[Fact]) -> fmt::Result {
        self.bullets(facts.iter().map(|fact| {
            let mut spans = vec![Span::Text(format!("{}: ", fact.label).into())];
            spans.extend(fact.value.iter().cloned());
            spans
        }))
    }

    fn figures(&mut self, figures: &[(usize, &str)]) -> fmt::Result {
        self.bullets(
            figures
                .iter()
                .map(|(number, label)| vec![Span::Text(format!("{number} {label}").into())]),
        )
    }

    fn legend(&mut self, _entries: &[(Key, Cow<str>)]) -> fmt::Result {
        // A legend explains pictures, which plain text has none of.
        Ok(())
    }

    fn body_maps(&mut self, _maps: &BodyMaps) -> fmt::Result {
        Ok(())
    }

    fn pain_chart(&mut self, _chart: &PainChart) -> fmt::Result {
        // The table of readings stands in for the chart.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::writer::{Row, cell, column, text, value};

    #[test]
    fn blocks_go_a_blank_line_apart_and_values_are_escaped() {
        let mut w = MarkdownWriter::default();
        w.heading(2, &[text("Knots")]).unwrap();
        let mut row = Row::from(vec![cell("3"), value("a | *b*").into()]);
        row.marked_at = Some(0);
        let columns = vec![
            column("Session", ColumnKind::Number),
            column("Note", ColumnKind::Note),
        ];
        w.table(&Table::new(columns, vec![row])).unwrap();
        w.para(Role::Body, &[text("* marked")]).unwrap();
        assert_eq!(
            w.out,
            "## Knots\n\n| Session | Note |\n| ---: | --- |\n| 3* | a \\| \\*b\\* |\n\n\\* marked\n"
        );
    }
}

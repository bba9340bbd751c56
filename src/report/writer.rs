//! What the report is made of, as the document describes it and a writer
//! puts it down: headings, paragraphs of spans, lists, tables and
//! pictures. The document says what to show; a writer knows only its
//! format, and escapes every piece of text itself.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use crate::body::{Region, View};
use crate::domain::knot::SessionPain;
use crate::domain::verdict::Verdict;
use crate::domain::{KnotSummary, Rules};

/// What a writer makes, which decides how much the document says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A page to print or send, with pictures and every explanation.
    Page,
    /// Plain text to paste into a message: the same findings in tables
    /// and shorter sentences, no pictures.
    Message,
}

/// A piece of running text.
#[derive(Debug, Clone)]
pub enum Span<'a> {
    /// knotmap's own fixed wording.
    Text(Cow<'a, str>),
    /// Anything else: names, notes, advice, rules. A writer escapes these
    /// as strictly as its format allows, quotes included.
    Value(Cow<'a, str>),
    Strong(Vec<Span<'a>>),
    Emphasis(Vec<Span<'a>>),
    /// Set smaller, as an aside to what comes before.
    Small(Vec<Span<'a>>),
    /// The rule a verdict was reached by, set beside the verdict.
    Rule(Cow<'a, str>),
    Verdict(Verdict),
    /// Mean pain in equal slices of a period, oldest first, in a line's
    /// height.
    Sparkline(&'a [Option<f64>]),
}

pub fn text<'a>(text: impl Into<Cow<'a, str>>) -> Span<'a> {
    Span::Text(text.into())
}

pub fn value<'a>(value: impl Into<Cow<'a, str>>) -> Span<'a> {
    Span::Value(value.into())
}

pub fn strong<'a>(spans: impl Into<Vec<Span<'a>>>) -> Span<'a> {
    Span::Strong(spans.into())
}

/// What a paragraph is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    /// Who made the document, when, and over which period.
    Byline,
    /// Stands in for everything else when there is nothing to show.
    Placeholder,
}

/// A part of the document that holds blocks, closed by
/// [`Writer::close`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// The title, the period and the notice.
    Header,
    /// A section, `id` naming it for links; `new_page` starts it on a new
    /// printed page.
    Section { id: &'a str, new_page: bool },
    /// Everything about one knot.
    Knot(i64),
    /// Blocks kept together on one printed page.
    KeptTogether,
    /// Blocks set side by side where the width allows.
    SideBySide,
    /// The closing remarks.
    Footer,
}

impl Part<'_> {
    pub fn section(id: &str) -> Part<'_> {
        Part::Section {
            id,
            new_page: false,
        }
    }

    /// A section that starts on a new printed page.
    pub fn page(id: &str) -> Part<'_> {
        Part::Section { id, new_page: true }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    Plain,
    /// Cautions, the items that stand out in bold.
    Advice,
    /// Hints in small print.
    Small,
}

#[derive(Debug, Clone)]
pub struct List<'a> {
    pub style: ListStyle,
    /// What introduces the list, right above it; empty for none.
    pub lead: Vec<Span<'a>>,
    pub items: Vec<Item<'a>>,
}

impl<'a> List<'a> {
    pub fn new(style: ListStyle, items: Vec<Item<'a>>) -> List<'a> {
        List {
            style,
            lead: Vec::new(),
            items,
        }
    }

    pub fn plain(items: Vec<Item<'a>>) -> List<'a> {
        List::new(ListStyle::Plain, items)
    }

    pub fn led_by(self, lead: Vec<Span<'a>>) -> List<'a> {
        List { lead, ..self }
    }
}

#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub spans: Vec<Span<'a>>,
    pub stands_out: bool,
}

impl<'a> From<Vec<Span<'a>>> for Item<'a> {
    fn from(spans: Vec<Span<'a>>) -> Item<'a> {
        Item {
            spans,
            stands_out: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Table<'a> {
    pub columns: Vec<Column<'a>>,
    pub rows: Vec<Row<'a>>,
    /// Columns of set widths, the first for names, rather than widths
    /// that follow the content.
    pub fixed_widths: bool,
}

impl<'a> Table<'a> {
    /// A table whose columns take the widths of their content.
    pub fn new(columns: Vec<Column<'a>>, rows: Vec<Row<'a>>) -> Table<'a> {
        Table {
            columns,
            rows,
            fixed_widths: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column<'a> {
    pub title: &'a str,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Numbers, aligned right.
    Number,
    /// Free text that may run long.
    Note,
    /// A small picture per row.
    Chart,
}

pub fn column(title: &str, kind: ColumnKind) -> Column<'_> {
    Column { title, kind }
}

#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub cells: Vec<Cell<'a>>,
    /// Set for a row that stands out, with the column whose cell carries
    /// the mark where the format can only mark a cell (an asterisk the
    /// document explains under the table).
    pub marked_at: Option<usize>,
}

impl<'a> From<Vec<Cell<'a>>> for Row<'a> {
    fn from(cells: Vec<Cell<'a>>) -> Row<'a> {
        Row {
            cells,
            marked_at: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cell<'a> {
    pub spans: Vec<Span<'a>>,
    /// Kept on one line rather than wrapped.
    pub unbroken: bool,
}

impl<'a> Cell<'a> {
    /// A cell kept on one line when `unbroken`.
    pub fn new(spans: impl Into<Vec<Span<'a>>>, unbroken: bool) -> Cell<'a> {
        Cell {
            spans: spans.into(),
            unbroken,
        }
    }
}

impl<'a> From<Span<'a>> for Cell<'a> {
    fn from(span: Span<'a>) -> Cell<'a> {
        Cell::new(vec![span], false)
    }
}

/// A cell of knotmap's own wording or a number.
pub fn cell<'a>(content: impl Into<Cow<'a, str>>) -> Cell<'a> {
    text(content).into()
}

/// A line of label and value about one thing.
#[derive(Debug, Clone)]
pub struct Fact<'a> {
    pub label: &'a str,
    pub value: Vec<Span<'a>>,
}

/// The body seen from the front and the back, every region shaded by its
/// latest pain and every knot marked.
#[derive(Debug, Clone)]
pub struct BodyMaps<'a> {
    pub region_pain: HashMap<Region, u8>,
    /// Most important first: those keep their exact place when markers
    /// crowd.
    pub knots: Vec<&'a KnotSummary>,
    /// Each view drawn, with its caption.
    pub views: Vec<(View, &'a str)>,
}

/// A knot's pain per session against the course it is expected to take.
#[derive(Debug, Clone, Copy)]
pub struct PainChart<'a> {
    pub sessions: &'a [SessionPain],
    /// The sessions (indices) in which it hurt again after calming.
    pub flares: &'a [usize],
    pub rules: &'a Rules,
}

/// The small picture beside a legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A knot's marker on the body map.
    Marker,
    /// The shade of a region whose pain starts at this score.
    Pain(u8),
    /// The shade of a region with no reading.
    NoReading,
    /// A chart's scores before treatment.
    Before,
    /// A chart's scores after treatment.
    After,
    /// The sessions in which a knot is expected to calm.
    Window,
    /// The pain a knot is expected to reach by then.
    Band,
    /// The level of a meaningful drop.
    Meaningful,
}

/// Puts the document down in one format. Every method writes a whole
/// block, in the order called; what a format cannot show (pictures in
/// plain text) it leaves out.
pub trait Writer {
    fn form(&self) -> Form;
    /// Opens the document under `title`.
    fn start(&mut self, title: &[Span]) -> fmt::Result;
    fn finish(&mut self) -> fmt::Result;
    fn open(&mut self, part: Part) -> fmt::Result;
    /// Closes the part opened last.
    fn close(&mut self) -> fmt::Result;
    /// `level` from 1, the document's title, down.
    fn heading(&mut self, level: u8, spans: &[Span]) -> fmt::Result;
    fn para(&mut self, role: Role, spans: &[Span]) -> fmt::Result;
    /// What the reader must know before anything else.
    fn notice(&mut self, paras: &[Vec<Span>]) -> fmt::Result;
    fn list(&mut self, list: &List) -> fmt::Result;
    fn table(&mut self, table: &Table) -> fmt::Result;
    fn facts(&mut self, facts: &[Fact]) -> fmt::Result;
    /// Numbers with what they count, each standing out: "12 sessions".
    fn figures(&mut self, figures: &[(usize, &str)]) -> fmt::Result;
    fn legend(&mut self, entries: &[(Key, Cow<str>)]) -> fmt::Result;
    fn body_maps(&mut self, maps: &BodyMaps) -> fmt::Result;
    fn pain_chart(&mut self, chart: &PainChart) -> fmt::Result;
}

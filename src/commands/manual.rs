//! `knotmap man`: one manual page, written from the clap definitions (the
//! commands and their options) and the key map (the app's keys), so that
//! neither can drift from what knotmap does. The rest (files, environment,
//! exit status, examples) is said here once.

use std::fmt::Write as _;

use clap::{Arg, Command as ClapCommand, CommandFactory};

use crate::cli::Cli;
use crate::tui::keymap::{self, Keymap, Mode};

/// The page's date: the last time its text changed.
const DATE: &str = "2026-03-01";

/// Source lines are wrapped here: longer ones are harder to read and
/// `mandoc -Tlint` flags them.
const WIDTH: usize = 72;

pub fn page() -> String {
    let mut cli = Cli::command();
    // Building fills in what the definitions leave implicit, such as
    // which arguments take values.
    cli.build();
    let mut page = String::new();
    let version = cli.get_version().unwrap_or_default();
    let _ = writeln!(
        page,
        ".TH KNOTMAP 1 {DATE} \"knotmap {version}\" \"User Commands\""
    );
    heading(&mut page, "NAME");
    let about = cli.get_about().map(|a| a.to_string()).unwrap_or_default();
    text(&mut page, &format!("knotmap - {}", lowercase_first(&about)));

    heading(&mut page, "SYNOPSIS");
    page.push_str(".B knotmap\n[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR]\n");

    heading(&mut page, "DESCRIPTION");
    let long = cli.get_long_about().map(|a| a.to_string()).unwrap_or(about);
    paragraphs(&mut page, &long);
    paragraphs(
        &mut page,
        "The app needs a terminal: with standard output redirected, without a \
         controlling terminal, or with TERM=dumb, it says so and exits. Every \
         command below works without one.",
    );

    heading(&mut page, "OPTIONS");
    options(&mut page, &cli);

    heading(&mut page, "COMMANDS");
    for command in cli.get_subcommands() {
        command_section(&mut page, command, "knotmap");
    }

    heading(&mut page, "KEYS");
    keys(&mut page);

    for (title, body) in SECTIONS {
        heading(&mut page, title);
        page.push_str(body);
    }
    page
}

/// The sections that are written out rather than generated.
const SECTIONS: [(&str, &str); 5] = [
    (
        "FILES",
        ".TP\n\
         .I ~/.local/share/knotmap/knotmap.db\n\
         The database (on macOS in\n\
         .IR \"~/Library/Application Support/knotmap/\" ),\n\
         one SQLite file readable by its owner only.\n\
         Each reading is written the moment it is saved.\n\
         .TP\n\
         .I ~/.config/knotmap/config.toml\n\
         The settings: verdict thresholds, the chart's window, the session\n\
         span, cautions, when calmed knots are due, the theme and the keys.\n\
         .B knotmap config init\n\
         writes one with every default explained.\n\
         .TP\n\
         .I knotmap.db.before\\-vN\\-from\\-vM\n\
         A copy of the database, beside it, taken before its layout is\n\
         brought up to date by a newer knotmap.\n\
         .TP\n\
         .I DIR/knotmap\\-DEVICE.json\n\
         This database's file in the sync folder of\n\
         .BR \"knotmap sync\" ,\n\
         written by this database alone; the other computers' files beside it\n\
         are only read.\n\
         .TP\n\
         .I $TMPDIR/knotmap\\-demo\\-*\n\
         The sample database of\n\
         .BR \\-\\-demo ,\n\
         removed when knotmap exits.\n",
    ),
    (
        "ENVIRONMENT",
        ".TP\n\
         .B KNOTMAP_DB\n\
         The database file, when\n\
         .B \\-\\-db\n\
         is not given.\n\
         .TP\n\
         .B KNOTMAP_CONFIG\n\
         The settings file, when\n\
         .B \\-\\-config\n\
         is not given.\n\
         .TP\n\
         .B NO_COLOR\n\
         When set and not empty, the app draws without colour; the digits\n\
         and marks say the same.\n\
         .TP\n\
         .B TERM\n\
         The app refuses to start when it is\n\
         .BR dumb .\n\
         .TP\n\
         .B TMPDIR\n\
         Where\n\
         .B \\-\\-demo\n\
         makes its sample database.\n",
    ),
    (
        "EXIT STATUS",
        ".TP\n\
         .B 0\n\
         Success; for\n\
         .BR due ,\n\
         something is due today.\n\
         .TP\n\
         .B 1\n\
         .B due\n\
         found nothing due, or\n\
         .B doctor\n\
         found a problem.\n\
         .TP\n\
         .B 2\n\
         An error, or a command line knotmap cannot read; one line on\n\
         standard error says what and where.\n\
         .TP\n\
         .B 128+N\n\
         Stopped by signal N (SIGHUP, SIGINT, SIGQUIT or SIGTERM), after\n\
         giving the terminal back.\n",
    ),
    (
        "EXAMPLES",
        "Try the app on a sample history:\n\
         .PP\n\
         .RS\n\
         knotmap \\-\\-demo\n\
         .RE\n\
         .PP\n\
         Log a knot in the left upper trapezius at 6/10, 3/10 after a ball:\n\
         .PP\n\
         .RS\n\
         knotmap log \"left trap\" 6 \\-\\-after 3 \\-\\-tool ball\n\
         .RE\n\
         .PP\n\
         See every knot, then one of them:\n\
         .PP\n\
         .RS\n\
         knotmap knots\n\
         .br\n\
         knotmap show 3\n\
         .RE\n\
         .PP\n\
         Remind yourself in a shell prompt when something is due:\n\
         .PP\n\
         .RS\n\
         knotmap due >/dev/null && echo \"knots to treat today\"\n\
         .RE\n\
         .PP\n\
         A report for a physiotherapist (the last 12 weeks; \\-\\-all for the\n\
         whole history), and a backup:\n\
         .PP\n\
         .RS\n\
         knotmap report \\-o report.html\n\
         .br\n\
         knotmap export \\-o knotmap\\-backup.json\n\
         .RE\n\
         .PP\n\
         Keep a laptop and a desktop in step through a synced folder, from\n\
         cron on each:\n\
         .PP\n\
         .RS\n\
         knotmap sync ~/Sync/knotmap\n\
         .RE\n\
         .PP\n\
         Correct a reading from a script, then remove another:\n\
         .PP\n\
         .RS\n\
         knotmap edit 12 \\-\\-pain 4\n\
         .br\n\
         knotmap delete 13 \\-\\-yes\n\
         .RE\n\
         .PP\n\
         Install the completions for bash:\n\
         .PP\n\
         .RS\n\
         knotmap completions bash >\n\
         ~/.local/share/bash\\-completion/completions/knotmap\n\
         .RE\n",
    ),
    (
        "NOTES",
        "knotmap is a self\\-care log, not medical advice. See a\n\
         physiotherapist or a doctor when pain is severe, does not improve\n\
         after one to two weeks, or comes with numbness, tingling or\n\
         swelling; a swollen, warm or red calf needs a doctor first.\n",
    ),
];

fn heading(page: &mut String, title: &str) {
    let _ = writeln!(page, ".SH {}", quoted(title));
}

fn quoted(text: &str) -> String {
    if text.contains(' ') {
        format!("\"{text}\"")
    } else {
        text.to_string()
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text escaped for roff: backslashes, hyphens (which roff would break
/// or turn into dashes), arrows, and a line that would start with a
/// control character.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '←' => out.push_str("\\(<-"),
            '→' => out.push_str("\\(->"),
            '↑' => out.push_str("\\(ua"),
            '↓' => out.push_str("\\(da"),
            '·' => out.push_str("\\(pc"),
            '–' | '—' => out.push_str("\\(em"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text, escaped and wrapped into source lines of at most `WIDTH`.
fn text(page: &mut String, words: &str) {
    let mut line = String::new();
    for word in words.split_whitespace() {
        let word = escape(word);
        if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
            push_line(page, &line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        push_line(page, &line);
    }
}

fn push_line(page: &mut String, line: &str) {
    // A text line that starts with a dot or a quote would be a request.
    if line.starts_with(['.', '\'']) {
        page.push_str("\\&");
    }
    page.push_str(line);
    page.push('\n');
}

/// Paragraphs separated by blank lines.
fn paragraphs(page: &mut String, body: &str) {
    for (n, paragraph) in body.split("\n\n").enumerate() {
        if n > 0 || !page.ends_with("DESCRIPTION\n") {
            page.push_str(".PP\n");
        }
        text(page, paragraph);
    }
}

/// Each option and argument of `command`, but help and version, and the
/// global options when `command` is not knotmap itself (OPTIONS has them).
fn options(page: &mut String, command: &ClapCommand) {
    let top = command.get_name() == "knotmap";
    for arg in command.get_arguments() {
        if !shown(arg, top) {
            continue;
        }
        page.push_str(".TP\n");
        let _ = writeln!(page, "{}", arg_label(arg));
        let help = arg
            .get_long_help()
            .or_else(|| arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let mut help = help.trim().to_string();
        if !help.ends_with(['.', ')', ']']) {
            help.push('.');
        }
        text(page, &help);
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|value| !value.is_hide_set())
            .map(|value| value.get_name().to_string())
            .collect();
        if !values.is_empty() && takes_value(arg) {
            text(page, &format!("One of: {}.", values.join(", ")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|value| value.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && !arg.is_hide_default_value_set() && takes_value(arg) {
            text(page, &format!("Default: {}.", defaults.join(", ")));
        }
    }
}

fn shown(arg: &Arg, top: bool) -> bool {
    !matches!(arg.get_id().as_str(), "help" | "version") && (top || !arg.is_global_set())
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

/// How an argument is written: `\fB\-\-after\fR \fIN\fR`, or `\fIREGION\fR`.
fn arg_label(arg: &Arg) -> String {
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|name| name.to_string())
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    match (arg.get_short(), arg.get_long()) {
        (short, Some(long)) => {
            let mut label = String::new();
            if let Some(short) = short {
                let _ = write!(label, "\\fB\\-{short}\\fR, ");
            }
            let _ = write!(label, "\\fB\\-\\-{}\\fR", escape(long));
            if takes_value(arg) {
                let _ = write!(label, " \\fI{}\\fR", escape(&value));
            }
            label
        }
        _ => format!("\\fI{}\\fR", escape(&value)),
    }
}

/// One command: how it is called, what it does, its options; then its
/// own commands, if it has any.
fn command_section(page: &mut String, command: &ClapCommand, parent: &str) {
    let name = format!("{parent} {}", command.get_name());
    if command.has_subcommands() {
        for sub in command.get_subcommands() {
            command_section(page, sub, &name);
        }
        return;
    }
    let mut usage = format!("\\fB{}\\fR", escape(&name));
    for arg in command.get_positionals() {
        let _ = write!(usage, " {}", arg_label(arg));
    }
    if command
        .get_arguments()
        .any(|arg| !arg.is_positional() && shown(arg, false))
    {
        usage.push_str(" [\\fIOPTIONS\\fR]");
    }
    let _ = writeln!(page, ".SS \"{usage}\"");
    let about = command
        .get_long_about()
        .or_else(|| command.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    for (n, paragraph) in about.split("\n\n").enumerate() {
        if n > 0 {
            page.push_str(".PP\n");
        }
        text(page, paragraph);
    }
    options(page, command);
}

/// The app's keys, from the key map, grouped by where they work.
fn keys(page: &mut String) {
    text(
        page,
        "Every key can be rebound in the settings file by the name in \
         brackets. Ctrl-C quits from anywhere; a click on the map moves the \
         cursor there, and the mouse wheel scrolls. The map draws the body \
         at the biggest of three sizes the terminal has room for; a knot \
         keeps its place on each, and the cursor moves a cell of the \
         drawing shown.",
    );
    let keymap = Keymap::default();
    let mut groups: Vec<&'static [Mode]> = Vec::new();
    for binding in keymap.bindings() {
        if !groups.contains(&binding.modes) {
            groups.push(binding.modes);
        }
    }
    for modes in groups {
        let _ = writeln!(page, ".SS {}", quoted(&place(modes)));
        for binding in keymap.bindings().iter().filter(|b| b.modes == modes) {
            page.push_str(".TP\n");
            let _ = writeln!(page, "\\fB{}\\fR", escape(&binding.keys_label()));
            text(page, &format!("{} [{}]", binding.help, binding.name));
        }
    }
}

/// Where a group of bindings works, in words.
fn place(modes: &[Mode]) -> String {
    if modes == keymap::ALL {
        return "Anywhere".to_string();
    }
    if modes == keymap::SCREENS {
        return "On every screen".to_string();
    }
    let names: Vec<&str> = modes.iter().map(|mode| mode_name(*mode)).collect();
    let mut words = names.join(" and ");
    if let Some(first) = words.get(..1) {
        words = first.to_uppercase() + &words[1..];
    }
    words
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Map => "the map",
        Mode::Knot => "the knot screen",
        Mode::Trends => "the trends",
        Mode::Recurring => "the recurring knots",
        Mode::History => "the history",
        Mode::Protocol => "the protocol screen",
        Mode::ProtocolRunning => "the running protocol",
        Mode::Search => "finding a region",
        Mode::LogPain => "logging a score",
        Mode::Confirm => "a question before deleting",
        Mode::ConfirmQuit => "a question before quitting the protocol",
        Mode::Help => "the help",
        Mode::Notice => "a notice",
    }
}

//! `knotmap completions` and `knotmap man`: what shells and `man` read.

use crate::common::{Sandbox, tool_present};

#[test]
fn completions_are_generated_for_each_shell() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish"] {
        let output = sandbox
            .knotmap()
            .args(["completions", shell])
            .assert()
            .success();
        let script = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        // The script asks knotmap itself for the words at each Tab.
        for word in ["knotmap", "KNOTMAP_COMPLETE"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    sandbox
        .knotmap()
        .args(["completions", "cmd.exe"])
        .assert()
        .failure();
}

/// knotmap on a PATH of the sandbox, as the completion scripts expect, and
/// the script of `knotmap completions SHELL` in the sandbox: the script's
/// path and that PATH.
fn completion_setup(sandbox: &Sandbox, shell: &str) -> (std::path::PathBuf, String) {
    let bin = sandbox.path("bin");
    if !bin.exists() {
        std::fs::create_dir(&bin).unwrap();
        std::os::unix::fs::symlink(crate::common::KNOTMAP, bin.join("knotmap")).unwrap();
    }
    let script = sandbox.path(&format!("knotmap.{shell}"));
    if !script.exists() {
        let output = sandbox
            .knotmap()
            .args(["completions", shell])
            .output()
            .unwrap();
        std::fs::write(&script, output.stdout).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (script, path)
}

/// The lines a shell printed running `program` with knotmap on its PATH;
/// `args` go before the program.
fn shell_lines(sandbox: &Sandbox, shell: &str, args: &[&str], program: &str) -> Vec<String> {
    let (_, path) = completion_setup(sandbox, shell);
    let output = sandbox
        .sandboxed(shell)
        .args(args)
        .arg(program)
        .env("PATH", path)
        .env("KNOTMAP_DB", sandbox.db())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .filter(|line| !line.is_empty())
        .collect()
}

/// Single quotes around `word`, for a shell.
fn quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// What bash offers at the end of `words` with the script of `knotmap
/// completions bash` loaded, and knotmap on the PATH as the script expects.
pub(crate) fn bash_offers(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let (script, _) = completion_setup(sandbox, "bash");
    let words: Vec<String> = words.iter().map(|word| quoted(word)).collect();
    let program = format!(
        "source '{}'\n\
         COMP_WORDS=({})\n\
         COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
         COMP_TYPE=9\n\
         _clap_complete_knotmap knotmap \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words.join(" ")
    );
    shell_lines(sandbox, "bash", &["--norc", "-c"], &program)
}

/// What zsh offers at the end of `words`, as `value:description` lines.
/// zsh's completion system draws its menus only in an interactive shell,
/// so its two functions the script calls are stood in for: `compdef` does
/// nothing, and `_describe` prints the array it is given.
fn zsh_offers(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let (script, _) = completion_setup(sandbox, "zsh");
    let words: Vec<String> = words.iter().map(|word| quoted(word)).collect();
    let program = format!(
        "function compdef {{ : }}\n\
         function _describe {{ shift 2; print -rl -- \"${{(@P)1}}\" }}\n\
         source '{}'\n\
         words=({})\n\
         CURRENT=${{#words}}\n\
         _clap_dynamic_completer_knotmap\n",
        script.display(),
        words.join(" ")
    );
    shell_lines(sandbox, "zsh", &["-f", "-c"], &program)
}

/// What fish offers after `line`, as `value<Tab>description` lines: fish
/// completes a command line on request, without a terminal.
fn fish_offers(sandbox: &Sandbox, line: &str) -> Vec<String> {
    let (script, _) = completion_setup(sandbox, "fish");
    let program = format!(
        "source '{}'; complete --do-complete {}",
        script.display(),
        quoted(line)
    );
    shell_lines(sandbox, "fish", &["--no-config", "-c"], &program)
}

/// The values alone, without the descriptions after `separator`.
fn values(lines: Vec<String>, separator: char) -> Vec<String> {
    lines
        .into_iter()
        .map(|line| line.split(separator).next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn bash_completes_regions_symptoms_screens_and_knot_ids() {
    let sandbox = Sandbox::new();
    assert_eq!(
        bash_offers(&sandbox, &["knotmap", "log", "upper-tr"]),
        ["upper-trapezius-left", "upper-trapezius-right"]
    );
    let words = bash_offers(&sandbox, &["knotmap", "log", "cal"]);
    assert!(words.contains(&"calf".to_string()), "{words:?}");
    let symptoms = bash_offers(&sandbox, &["knotmap", "log", "calf", "5", "--symptom", "t"]);
    assert_eq!(symptoms, ["tingling"]);
    let screens = bash_offers(&sandbox, &["knotmap", "render", "--screen", "h"]);
    assert_eq!(screens, ["history"]);
    // No database yet: no ids, and pressing Tab creates none.
    let none = bash_offers(&sandbox, &["knotmap", "show", "1"]);
    assert!(none.is_empty(), "{none:?}");
    assert!(!sandbox.db().exists(), "completing created the database");
    for (region, pain) in [("gastrocnemius-left", "5"), ("upper-trapezius-right", "6")] {
        sandbox
            .knotmap()
            .args(["log", region, pain])
            .assert()
            .success();
    }
    // The ids first, then the options.
    let offered = bash_offers(&sandbox, &["knotmap", "show", ""]);
    assert_eq!(offered[..3], ["1", "2", "--json"], "{offered:?}");
    assert_eq!(bash_offers(&sandbox, &["knotmap", "show", "1"]), ["1"]);
    assert_eq!(
        bash_offers(&sandbox, &["knotmap", "log", "calf", "5", "--knot", "2"]),
        ["2"]
    );
    // Readings for edit and delete: the newest first.
    let offered = bash_offers(&sandbox, &["knotmap", "edit", ""]);
    assert_eq!(offered[..2], ["2", "1"], "{offered:?}");
    assert_eq!(bash_offers(&sandbox, &["knotmap", "delete", "1"]), ["1"]);
}

#[test]
fn the_manual_page_documents_the_commands_keys_files_and_status() {
    let sandbox = Sandbox::new();
    let output = sandbox.knotmap().arg("man").assert().success();
    let page = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(page.starts_with(".TH KNOTMAP 1 "), "{page}");
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "KEYS",
        "FILES",
        "ENVIRONMENT",
        "\"EXIT STATUS\"",
        "EXAMPLES",
        "NOTES",
    ] {
        assert!(page.contains(&format!("\n.SH {section}\n")), "no {section}");
    }
    for words in [
        "knotmap log",
        "\\-\\-symptom",
        "KNOTMAP_DB",
        "KNOTMAP_CONFIG",
        "NO_COLOR",
        "guided protocol [protocol]",
        "self\\-care log, not medical advice",
    ] {
        assert!(page.contains(words), "the page lacks {words}");
    }
    // One page: no other page is named, as none is installed.
    assert!(!page.contains("(1)"), "the page refers to another page");
}

/// `mandoc -Tlint` finds nothing to say, not even about style. mandoc is
/// installed by CI (`.ci/run`); elsewhere the test is skipped without it.
#[test]
fn the_manual_page_is_lint_clean() {
    let sandbox = Sandbox::new();
    let runs = std::process::Command::new("mandoc")
        .args(["-Tlint", "/dev/null"])
        .output()
        .is_ok();
    assert!(
        runs || std::env::var_os("CI").is_none(),
        "the lint test needs mandoc, which CI installs (.ci/run)"
    );
    if !runs {
        eprintln!("the_manual_page_is_lint_clean: skipped, mandoc is not installed");
        return;
    }
    let page = sandbox.path("knotmap.1");
    let output = sandbox.knotmap().arg("man").assert().success();
    std::fs::write(&page, &output.get_output().stdout).unwrap();
    let lint = std::process::Command::new("mandoc")
        .args(["-Tlint", "-Wstyle"])
        .arg(&page)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&lint.stdout).into_owned() + &String::from_utf8_lossy(&lint.stderr);
    assert!(
        lint.status.success() && said.is_empty(),
        "mandoc -Tlint:\n{said}"
    );
}

#[test]
fn zsh_completes_regions_and_knot_ids() {
    let test = "zsh_completes_regions_and_knot_ids";
    if !tool_present("zsh", test) {
        return;
    }
    let sandbox = Sandbox::new();
    assert_eq!(
        zsh_offers(&sandbox, &["knotmap", "log", "upper-tr"]),
        [
            "upper-trapezius-left:Upper trapezius, left",
            "upper-trapezius-right:Upper trapezius, right"
        ]
    );
    let symptoms = zsh_offers(&sandbox, &["knotmap", "log", "calf", "5", "--symptom", "t"]);
    assert_eq!(values(symptoms, ':'), ["tingling"]);
    sandbox
        .knotmap()
        .args(["log", "gastrocnemius-left", "5"])
        .assert()
        .success();
    let offered = values(zsh_offers(&sandbox, &["knotmap", "show", ""]), ':');
    assert_eq!(offered[..2], ["1", "--json"], "{offered:?}");
}

#[test]
fn fish_completes_regions_and_knot_ids() {
    let test = "fish_completes_regions_and_knot_ids";
    if !tool_present("fish", test) {
        return;
    }
    let sandbox = Sandbox::new();
    assert_eq!(
        fish_offers(&sandbox, "knotmap log upper-tr"),
        [
            "upper-trapezius-left\tUpper trapezius, left",
            "upper-trapezius-right\tUpper trapezius, right"
        ]
    );
    let symptoms = fish_offers(&sandbox, "knotmap log calf 5 --symptom t");
    assert_eq!(values(symptoms, '\t'), ["tingling"]);
    // No database yet: no ids, and pressing Tab creates none.
    let none = values(fish_offers(&sandbox, "knotmap show 1"), '\t');
    assert!(none.is_empty(), "{none:?}");
    assert!(!sandbox.db().exists(), "completing created the database");
    sandbox
        .knotmap()
        .args(["log", "gastrocnemius-left", "5"])
        .assert()
        .success();
    let offered = values(fish_offers(&sandbox, "knotmap show "), '\t');
    assert_eq!(offered[..2], ["1", "--json"], "{offered:?}");
}

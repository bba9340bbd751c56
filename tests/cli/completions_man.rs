//! `knotmap completions` and `knotmap man`: what shells and `man` read.

use crate::common::Sandbox;

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
        for word in ["knotmap", "regions", "knots", "render", "demo"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    sandbox
        .knotmap()
        .args(["completions", "cmd.exe"])
        .assert()
        .failure();
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

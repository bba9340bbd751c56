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

/// What bash offers at the end of `words` with the script of `knotmap
/// completions bash` loaded, and knotmap on the PATH as the script expects.
pub(crate) fn bash_offers(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let bin = sandbox.path("bin");
    if !bin.exists() {
        std::fs::create_dir(&bin).unwrap();
        std::os::unix::fs::symlink(crate::common::KNOTMAP, bin.join("knotmap")).unwrap();
        let script = sandbox
            .knotmap()
            .args(["completions", "bash"])
            .output()
            .unwrap();
        std::fs::write(sandbox.path("knotmap.bash"), script.stdout).unwrap();
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\n\
         COMP_WORDS=({})\n\
         COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
         COMP_TYPE=9\n\
         _clap_complete_knotmap knotmap \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        sandbox.path("knotmap.bash").display(),
        quoted.join(" ")
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = sandbox
        .sandboxed("bash")
        .args(["--norc", "-c", &program])
        .env("PATH", path)
        .env("KNOTMAP_DB", sandbox.db())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .filter(|line| !line.is_empty())
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

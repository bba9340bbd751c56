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
fn the_manual_page_documents_the_commands() {
    let sandbox = Sandbox::new();
    let output = sandbox.knotmap().arg("man").assert().success();
    let page = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH knotmap"),
        "{page}"
    );
    for word in ["knotmap\\-log", "knotmap\\-regions", "\\-\\-db"] {
        assert!(page.contains(word), "the page lacks {word}");
    }
}

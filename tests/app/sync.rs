//! The app and the sync folder of the settings: on start it takes in the
//! other computers' changes and says so; a folder that cannot be used is
//! said on the message line and changes nothing.

use chrono::Utc;
use knotmap::body::{Region, Spot, View};
use knotmap::domain::NewReading;
use knotmap::domain::pain::Score;
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::{App, Message, Msg, Setup};
use knotmap::tui::keymap::Keymap;

use crate::common::Sandbox;

fn setup(sync_dir: std::path::PathBuf) -> Setup {
    Setup {
        theme: Theme::MONO,
        keymap: Keymap::default(),
        default_tool: None,
        sync_dir: Some(sync_dir),
    }
}

#[test]
fn the_app_takes_in_the_other_computers_changes_and_says_so() {
    let sandbox = Sandbox::new();
    let folder = sandbox.path("sync");
    std::fs::create_dir(&folder).unwrap();
    let mut laptop = Store::open(&sandbox.path("laptop.db"), IfMissing::Create).unwrap();
    laptop
        .log_reading(
            KnotChoice::New {
                region: Region::from_slug("soleus-left").unwrap(),
                spot: Spot {
                    view: View::Back,
                    x: 10,
                    y: 17,
                },
            },
            &NewReading::pain(Score::new(7).unwrap()),
            Utc::now() - chrono::Duration::hours(2),
            SessionChoice::Auto,
        )
        .unwrap();
    knotmap::transfer::sync::sync(&mut laptop, &folder, Utc::now()).unwrap();

    let desktop = Store::open(&sandbox.path("desktop.db"), IfMissing::Create).unwrap();
    let mut app = App::with_setup(desktop, setup(folder.clone()), Utc::now).unwrap();
    assert!(app.knots().is_empty());
    app.update(Msg::Sync);
    assert_eq!(
        app.message(),
        Some(&Message::Info(
            "Synced: 1 reading added, 0 changed, 0 deleted, from your other computers.".into()
        ))
    );
    assert_eq!(app.knots().len(), 1, "the screens show what came in");
    // The desktop's own file is there for the laptop.
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}

#[test]
fn a_folder_that_is_not_there_is_said_and_nothing_changes() {
    let sandbox = Sandbox::new();
    let store = Store::open(&sandbox.db(), IfMissing::Create).unwrap();
    let mut app = App::with_setup(store, setup(sandbox.path("missing")), Utc::now).unwrap();
    app.update(Msg::Sync);
    match app.message() {
        Some(Message::Error(text)) => {
            assert!(
                text.starts_with("Not synced: cannot read the folder "),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
}

//! How long knotmap takes to draw each screen, to answer the queries
//! behind them at 10,000 and 1,000,000 readings, to log one reading at
//! 10,000 and 1,000,000, to export and import 100,000, to sync 100,000
//! with another computer, and to make the report at 1,000,000. The sample
//! histories are made once with `knotmap sample-data` and kept under
//! `target/bench-data/`; benchmarks that write work on a copy.
//!
//! Run: `cargo bench` (all), or e.g. `cargo bench -- queries/1000000`.

// Set-up failures end the benchmark like a failed assertion would.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::Utc;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use knotmap::body::{Body, Region};
use knotmap::cli::{ExportFormat, ReportFormat};
use knotmap::clock::Clock;
use knotmap::domain::NewReading;
use knotmap::domain::pain::Score;
use knotmap::progress::Progress;
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Staging, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::{App, Msg};
use knotmap::tui::screens::Screen;
use knotmap::tui::{draw, frame_text};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [usize; 2] = [10_000, 1_000_000];

fn bench_data() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A sample history of about `readings` readings, made on first use.
fn sample(readings: usize) -> PathBuf {
    let path = bench_data().join(format!("sample-{readings}.db"));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let status = Command::new(env!("CARGO_BIN_EXE_knotmap"))
            .arg("--db")
            .arg(&partial)
            .args(["sample-data", "--readings", &readings.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "sample-data failed");
        std::fs::rename(&partial, &path).unwrap();
    }
    path
}

fn open(path: &Path) -> Store {
    Store::open(path, IfMissing::Refuse).unwrap()
}

fn screens(c: &mut Criterion) {
    let mut group = c.benchmark_group("draw");
    for readings in SIZES {
        let mut app = App::new(open(&sample(readings)), Theme::COLOR, Utc::now).unwrap();
        for screen in Screen::ALL {
            app.update(Msg::Show(screen));
            for (width, height) in [(80, 24), (200, 60)] {
                app.update(Msg::Resize(ratatui::layout::Rect::new(0, 0, width, height)));
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                let id = format!("{}/{readings}/{width}x{height}", screen.title());
                group.bench_function(id, |b| {
                    b.iter(|| {
                        terminal.draw(|frame| draw(&app, frame)).unwrap();
                    });
                });
            }
        }
    }
    group.finish();
}

fn queries(c: &mut Criterion) {
    let now = Utc::now();
    for readings in SIZES {
        let mut group = c.benchmark_group(format!("queries/{readings}"));
        group.sample_size(20);
        let store = open(&sample(readings));
        let analysis = store.analysis(now).unwrap();
        let busiest = analysis
            .knots
            .iter()
            .max_by_key(|s| s.sessions)
            .unwrap()
            .knot
            .id;
        group.bench_function("analysis (map, knots, due, recurring)", |b| {
            b.iter(|| store.analysis(now).unwrap());
        });
        for (name, days) in [("trends 4 weeks", Some(28)), ("trends all time", None)] {
            let since = days.map(|d| now - chrono::Duration::days(d));
            group.bench_function(name, |b| {
                b.iter(|| store.trends(since, now).unwrap());
            });
        }
        group.bench_function("readings of the busiest knot (knot screen)", |b| {
            b.iter(|| store.readings_of(busiest).unwrap());
        });
        group.bench_function("app opening (first frame's data)", |b| {
            b.iter(|| {
                let mut app = App::new(open(&sample(readings)), Theme::COLOR, Utc::now).unwrap();
                frame_text(&mut app, 200, 60)
            });
        });
        group.finish();
    }
}

fn writes(c: &mut Criterion) {
    let mut group = c.benchmark_group("write");
    group.sample_size(20);
    for readings in SIZES {
        let copy = bench_data().join(format!("write-{readings}.db"));
        std::fs::copy(sample(readings), &copy).unwrap();
        let mut store = open(&copy);
        let region = Region::from_slug("upper-trapezius-left").unwrap();
        let spot = Body::get().home_of(region).unwrap();
        group.bench_with_input(BenchmarkId::new("log", readings), &readings, |b, _| {
            b.iter(|| {
                store
                    .log_reading(
                        KnotChoice::LatestInRegion { region, spot },
                        &NewReading::pain(Score::new(5).unwrap()),
                        Utc::now(),
                        SessionChoice::Auto,
                    )
                    .unwrap()
            });
        });
        // Each reading a session of its own, two in three calming or
        // flaring the knot: the returns around it are worked out again.
        let mut pains = [0, 0, 6].into_iter().cycle();
        group.bench_with_input(
            BenchmarkId::new("log calming or flaring", readings),
            &readings,
            |b, _| {
                b.iter(|| {
                    let pain = pains.next().unwrap();
                    store
                        .log_reading(
                            KnotChoice::LatestInRegion { region, spot },
                            &NewReading::pain(Score::new(pain).unwrap()),
                            Utc::now(),
                            SessionChoice::New,
                        )
                        .unwrap()
                });
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    let export = bench_data().join("sample-100000.json");
    if !export.exists() {
        let status = Command::new(env!("CARGO_BIN_EXE_knotmap"))
            .arg("--db")
            .arg(sample(100_000))
            .args(["export", "-o"])
            .arg(&export)
            .status()
            .unwrap();
        assert!(status.success(), "export failed");
    }
    let bytes = std::fs::read(&export).unwrap();
    group.bench_function("100000 readings into an empty file", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::TempDir::new().unwrap();
                let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                let mut staging = Staging::new().unwrap();
                knotmap::exchange::read_from(bytes.as_slice(), None, &mut staging).unwrap();
                staging.seal().unwrap();
                store.import(&staging, &Progress::hidden()).unwrap();
                dir
            },
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn whole_history(c: &mut Criterion) {
    let clock = Clock::system();
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    let store = open(&sample(100_000));
    for format in [ExportFormat::Json, ExportFormat::Csv] {
        group.bench_function(format!("100000 readings as {format:?}"), |b| {
            b.iter(|| {
                let mut out = std::io::sink();
                knotmap::commands::export::write(
                    &store,
                    &clock,
                    format,
                    &mut out,
                    &Progress::hidden(),
                )
                .unwrap();
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    for readings in SIZES {
        let store = open(&sample(readings));
        group.bench_function(format!("last 12 weeks of {readings}"), |b| {
            b.iter(|| {
                knotmap::commands::report::run(&store, &clock, None, false, ReportFormat::Html)
                    .unwrap()
            });
        });
    }
    group.finish();
}

/// A sync of a 100,000-reading history through a folder with one other
/// computer's file: with nothing new (what every start of the app does),
/// and with one new reading from the other computer.
fn syncs(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    let dir = tempfile::TempDir::new().unwrap();
    let folder = dir.path().join("Sync");
    std::fs::create_dir(&folder).unwrap();
    let [mut laptop, mut desktop] = ["laptop.db", "desktop.db"].map(|name| {
        let path = dir.path().join(name);
        std::fs::copy(sample(100_000), &path).unwrap();
        open(&path)
    });
    knotmap::transfer::sync::sync(&mut laptop, &folder, Utc::now()).unwrap();
    knotmap::transfer::sync::sync(&mut desktop, &folder, Utc::now()).unwrap();
    group.bench_function("100000 readings, nothing new", |b| {
        b.iter(|| knotmap::transfer::sync::sync(&mut desktop, &folder, Utc::now()).unwrap());
    });
    let region = Region::from_slug("upper-trapezius-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    group.bench_function("100000 readings, one new from the other computer", |b| {
        b.iter_batched(
            || {
                laptop
                    .log_reading(
                        KnotChoice::LatestInRegion { region, spot },
                        &NewReading::pain(Score::new(4).unwrap()),
                        Utc::now(),
                        SessionChoice::Auto,
                    )
                    .unwrap();
                knotmap::transfer::sync::sync(&mut laptop, &folder, Utc::now()).unwrap();
            },
            |()| knotmap::transfer::sync::sync(&mut desktop, &folder, Utc::now()).unwrap(),
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, screens, queries, writes, whole_history, syncs);
criterion_main!(benches);

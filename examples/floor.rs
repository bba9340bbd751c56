//! The floor that `scripts/measure.sh` holds knotmap's whole-command times
//! against: a minimal ratatui program that draws one bordered frame of
//! text into an off-screen buffer and prints it, as `knotmap render` does.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::{Block, Paragraph};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut terminal = Terminal::new(TestBackend::new(200, 60))?;
    terminal.draw(|frame| {
        let text = Paragraph::new("floor").block(Block::bordered().title("floor"));
        frame.render_widget(text, frame.area());
    })?;
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    print!("{out}");
    Ok(())
}

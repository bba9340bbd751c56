//! Asking the terminal for its background colour, for the `auto` theme.
//!
//! The question is OSC 11 (`ESC ] 11 ; ? ST`); a terminal that knows
//! answers `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` and BEL or ST. It is followed
//! by a request for the device attributes (`ESC [ c`), which nearly every
//! terminal answers, and answers after the first: once that answer is in,
//! a terminal that said nothing about its background never will, and the
//! app need not wait out the whole time.

use std::time::Duration;

use crate::theme::Background;

/// How long the app waits for an answer before it draws with the theme
/// that reads on any background: long enough for a terminal over ssh
/// nearby, short enough not to be seen.
pub const WAIT: Duration = Duration::from_millis(100);

/// The background colour asked for, then the device attributes.
const QUESTION: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

/// The terminal's background, dark or light, or `None` when it does not
/// say within `wait`. The terminal must be in raw mode, so that the answer
/// is neither echoed nor held back until a newline.
#[cfg(unix)]
pub fn ask(wait: Duration) -> Option<Background> {
    use std::io::{Read, Write};
    use std::time::Instant;

    use rustix::event::{PollFd, PollFlags, Timespec, poll};

    // The controlling terminal, which is where the keys come from whether
    // or not standard input is redirected.
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    tty.write_all(QUESTION).ok()?;
    tty.flush().ok()?;
    let deadline = Instant::now() + wait;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 256];
    while !attributes_answered(&answer) {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        let timeout = Timespec::try_from(left).ok()?;
        let mut ready = [PollFd::new(&tty, PollFlags::IN)];
        match poll(&mut ready, Some(&timeout)) {
            Ok(0) => break,
            // Only ready bytes are read, so the read cannot block.
            Ok(_) => match tty.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(read) => answer.extend_from_slice(&chunk[..read]),
            },
            // A signal woke the wait: the deadline still holds.
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => break,
        }
    }
    parse(&answer).map(Background::of)
}

/// Elsewhere the question is not asked: the theme that reads on any
/// background is used.
#[cfg(not(unix))]
pub fn ask(_wait: Duration) -> Option<Background> {
    None
}

/// Whether `bytes` hold the whole answer to the device attributes,
/// `ESC [ ? digits and semicolons c`.
fn attributes_answered(bytes: &[u8]) -> bool {
    const START: &[u8] = b"\x1b[?";
    bytes.windows(START.len()).enumerate().any(|(at, window)| {
        window == START
            && bytes[at + START.len()..]
                .iter()
                .find(|&&byte| !(byte.is_ascii_digit() || byte == b';'))
                == Some(&b'c')
    })
}

/// The red, green and blue (0 to 1) of a background colour answer found
/// in `bytes`, which may hold other answers around it. Each channel has
/// one to four hex digits (`rgb:RRRR/GGGG/BBBB`, `rgb:RR/GG/BB`), as X11
/// writes colours; `rgba:` with a fourth channel is read too. `None` for
/// no answer, half an answer or anything else.
pub fn parse(bytes: &[u8]) -> Option<[f64; 3]> {
    const START: &[u8] = b"\x1b]11;";
    let at = bytes
        .windows(START.len())
        .position(|window| window == START)?;
    let rest = &bytes[at + START.len()..];
    // BEL, ST as ESC \, or ST as the single byte some terminals send.
    let end = rest.iter().enumerate().position(|(i, &byte)| {
        byte == 0x07 || byte == 0x9c || (byte == 0x1b && rest.get(i + 1) == Some(&b'\\'))
    })?;
    let body = std::str::from_utf8(&rest[..end]).ok()?;
    let (channels, count) = if let Some(channels) = body.strip_prefix("rgb:") {
        (channels, 3)
    } else {
        (body.strip_prefix("rgba:")?, 4)
    };
    let channels: Vec<f64> = channels.split('/').map(channel).collect::<Option<_>>()?;
    if channels.len() != count {
        return None;
    }
    Some([channels[0], channels[1], channels[2]])
}

/// One channel of one to four hex digits, scaled to 0 to 1.
fn channel(digits: &str) -> Option<f64> {
    if !(1..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let value = u32::from_str_radix(digits, 16).ok()?;
    let most = (1u32 << (4 * digits.len())) - 1;
    Some(f64::from(value) / f64::from(most))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_and_two_digit_answers_with_either_ending() {
        for (answer, want) in [
            (&b"\x1b]11;rgb:0000/0000/0000\x1b\\"[..], [0.0, 0.0, 0.0]),
            (b"\x1b]11;rgb:ffff/ffff/ffff\x07", [1.0, 1.0, 1.0]),
            (b"\x1b]11;rgb:ff/80/00\x07", [1.0, 128.0 / 255.0, 0.0]),
            (
                b"\x1b]11;rgb:FD/F6/E3\x1b\\",
                [253.0 / 255.0, 246.0 / 255.0, 227.0 / 255.0],
            ),
            (b"\x1b]11;rgb:f/0/8\x9c", [1.0, 0.0, 8.0 / 15.0]),
            (b"\x1b]11;rgba:0000/ffff/0000/ffff\x07", [0.0, 1.0, 0.0]),
        ] {
            let got = parse(answer);
            assert_eq!(got, Some(want), "{answer:?}");
        }
    }

    #[test]
    fn the_answer_is_found_among_others() {
        let bytes = b"x\x1b]11;rgb:2828/2828/2828\x1b\\\x1b[?62;22c";
        assert_eq!(Background::of(parse(bytes).unwrap()), Background::Dark);
        assert!(attributes_answered(bytes));
        let light = b"\x1b]11;rgb:fdfd/f6f6/e3e3\x07\x1b[?1;2c";
        assert_eq!(Background::of(parse(light).unwrap()), Background::Light);
    }

    #[test]
    fn garbage_and_half_answers_are_no_answer() {
        for bytes in [
            &b""[..],
            b"\x1b[?62;22c",
            b"\x1b]11;rgb:0000/0000/0000",
            b"\x1b]11;rgb:0000/0000\x07",
            b"\x1b]11;rgb:0000/0000/0000/0000\x07",
            b"\x1b]11;rgb:00000/0000/0000\x07",
            b"\x1b]11;rgb:/0000/0000\x07",
            b"\x1b]11;rgb:zz/00/00\x07",
            b"\x1b]11;+1/+2/+3\x07",
            b"\x1b]11;#000000\x07",
            b"\x1b]11;?\x1b\\",
            b"\x1b]10;rgb:ffff/ffff/ffff\x07",
            b"\xff\xfe\x1b]11;rgb:\xff\xff/00/00\x07",
        ] {
            assert_eq!(parse(bytes), None, "{bytes:?}");
        }
    }

    #[test]
    fn the_device_attributes_end_the_wait_only_when_whole() {
        assert!(attributes_answered(b"\x1b[?1;2c"));
        assert!(attributes_answered(b"\x1b[?62c"));
        assert!(!attributes_answered(b"\x1b[?62;2"));
        assert!(!attributes_answered(b"\x1b]11;rgb:0/0/0\x07"));
        assert!(!attributes_answered(b""));
    }
}

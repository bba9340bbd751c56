//! Errors of the operating system in knotmap's words: what went wrong,
//! without the `(os error N)` a person has no use for.

use std::io;

/// "permission denied", "no space left on device": the system's own
/// words for the error, lower case, without its number.
pub fn io_words(error: &io::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" (os error") {
        Some(end) => &text[..end],
        None => text.as_str(),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_is_left_out() {
        let error = io::Error::from_raw_os_error(28);
        assert_eq!(io_words(&error), "no space left on device");
        let error = io::Error::other("Custom words");
        assert_eq!(io_words(&error), "custom words");
    }
}

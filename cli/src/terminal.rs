//! Writing to the terminal (or a pipe): one line at a time, and quietly done when nobody reads
//! any more.

use std::io::Write;

/// Prints a line to standard error, like `eprintln!`, made harmless like [`out!`]'s.
macro_rules! note {
    ($($arg:tt)*) => {
        eprintln!("{}", regiolab_core::domain::limits::defang(&format!($($arg)*)))
    };
}

/// Prints a line to standard output, like `println!`. When the reader is gone
/// (`regiolab … | head` closed the pipe), the command ends quietly with exit code 0 instead of
/// panicking: everything it changed was committed before it printed a word.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::terminal::line(format_args!($($arg)*))
    };
}

/// The body of [`out!`]. Control characters and bidi controls are replaced (a name from a file
/// must not colour, clear or retitle the terminal, nor reverse what it shows).
pub fn line(text: std::fmt::Arguments) {
    let text = regiolab_core::domain::limits::defang(&text.to_string());
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("Fehler: Die Ausgabe lässt sich nicht schreiben ({e}).");
        std::process::exit(1);
    }
}

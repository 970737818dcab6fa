//! What commands print: standard output that ends quietly when the reader
//! goes away (`custos contact list | head`), and plain-text tables.

use std::io::{IsTerminal, Write};

use super::{CliError, Result};

/// Standard output for the commands. A broken pipe (the reader of a pipe
/// has gone, as `head` does after its lines) ends the process at once and
/// quietly, exit status 0, as `yes | head` does; any other failure to
/// write is reported and ends it with status 1. Nothing of the command's
/// work is lost: what it did is committed before it prints.
pub struct Out;

fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("custos: cannot write to standard output: {e}");
    std::process::exit(1);
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::io::stdout().lock().write(buf) {
            Ok(n) => Ok(n),
            Err(e) => stdout_failed(e),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match std::io::stdout().lock().flush() {
            Ok(()) => Ok(()),
            Err(e) => stdout_failed(e),
        }
    }
}

/// `println!` for commands: through `Out`.
pub fn write_line(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::BufWriter::new(Out);
    let _ = out.write_fmt(args);
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}

/// `print!` for commands: through `Out`.
pub fn write_text(args: std::fmt::Arguments<'_>) {
    let _ = Out.write_fmt(args);
    let _ = Out.flush();
}

macro_rules! outln {
    () => {
        $crate::commands::output::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::commands::output::write_line(format_args!($($arg)*))
    };
}

macro_rules! out {
    ($($arg:tt)*) => {
        $crate::commands::output::write_text(format_args!($($arg)*))
    };
}

pub(crate) use {out, outln};

/// Cuts `s` to `width` characters, marking the cut with an ellipsis.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Writes aligned columns; a header only when stdout is a terminal, so that
/// `custos contact list | wc -l` counts contacts.
pub struct Table {
    widths: Vec<usize>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&str, usize)]) -> Table {
        Table {
            widths: columns.iter().map(|c| c.1).collect(),
            header: columns.iter().map(|c| c.0.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn line(&self, cells: &[String]) -> String {
        let last = cells.len().saturating_sub(1);
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let width = self.widths.get(i).copied().unwrap_or(20);
            if i == last {
                out.push_str(&fit(cell, width));
            } else {
                out.push_str(&format!("{:<width$}  ", fit(cell, width)));
            }
        }
        out.trim_end().to_string()
    }

    pub fn print(&self) -> Result<()> {
        let header = std::io::stdout().is_terminal();
        let mut out = std::io::BufWriter::new(Out);
        if header {
            writeln!(out, "{}", self.line(&self.header)).map_err(|e| CliError::io("stdout", e))?;
        }
        for row in &self.rows {
            writeln!(out, "{}", self.line(row)).map_err(|e| CliError::io("stdout", e))?;
        }
        out.flush().map_err(|e| CliError::io("stdout", e))
    }
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = std::io::BufWriter::new(Out);
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| CliError::Usage(format!("cannot write JSON: {e}")))?;
    writeln!(out).map_err(|e| CliError::io("stdout", e))?;
    out.flush().map_err(|e| CliError::io("stdout", e))
}

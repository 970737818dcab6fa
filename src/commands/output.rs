//! Plain-text tables for the terminal.

use std::io::{IsTerminal, Write};

use super::{CliError, Result};

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
        let stdout = std::io::stdout();
        let header = stdout.is_terminal();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut write = |line: String| -> Result<()> {
            match writeln!(out, "{line}") {
                Ok(()) => Ok(()),
                // `| head` closing the pipe is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::Reported),
                Err(e) => Err(CliError::io("stdout", e)),
            }
        };
        if header {
            write(self.line(&self.header))?;
        }
        for row in &self.rows {
            write(self.line(row))?;
        }
        out.flush().map_err(|e| CliError::io("stdout", e))
    }
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Usage(format!("cannot write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

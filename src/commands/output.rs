//! What commands print: standard output that ends quietly when the reader
//! goes away (`custos contact list | head`), and plain-text tables.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use super::{CliError, Result};
use crate::export::spreadsheet::{CsvOut, CsvStyle};

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
        self.print_page(true)
    }

    /// Prints the rows, after the header (on a terminal) when `first`: a
    /// long list printed page by page reads as one table.
    pub fn print_page(&self, first: bool) -> Result<()> {
        let header = first && std::io::stdout().is_terminal();
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

/// The CSV style of this run (`--delimiter`, `--bom`), set once by `run`.
static CSV_STYLE: std::sync::OnceLock<CsvStyle> = std::sync::OnceLock::new();

pub fn set_csv_style(style: CsvStyle) {
    let _ = CSV_STYLE.set(style);
}

pub fn csv_style() -> CsvStyle {
    CSV_STYLE.get().copied().unwrap_or_default()
}

/// One value of a listing: what the table, CSV and JSON each make of it.
/// Borrowed where the row's record outlives it, so an export of a million
/// contacts does not copy every field on its way out.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Int(u64),
    /// Several values: `; `-separated in CSV, an array in JSON.
    List(Cow<'a, [String]>),
    Empty,
}

impl Cell<'_> {
    /// The cell as text, written into `scratch` only where it is not
    /// already one string.
    fn text<'s>(&'s self, separator: &str, scratch: &'s mut String) -> &'s str {
        use std::fmt::Write as _;
        match self {
            Cell::Text(s) => s,
            Cell::Int(n) => {
                scratch.clear();
                let _ = write!(scratch, "{n}");
                scratch
            }
            Cell::List(v) => {
                scratch.clear();
                for (i, item) in v.iter().enumerate() {
                    if i > 0 {
                        scratch.push_str(separator);
                    }
                    scratch.push_str(item);
                }
                scratch
            }
            Cell::Empty => "",
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) => serde_json::Value::String(s.to_string()),
            Cell::Int(n) => serde_json::Value::from(*n),
            Cell::List(v) => serde_json::Value::from(v.to_vec()),
            Cell::Empty => serde_json::Value::Null,
        }
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(s: &'a String) -> Self {
        Cell::from(s.as_str())
    }
}

impl From<u64> for Cell<'_> {
    fn from(n: u64) -> Self {
        Cell::Int(n)
    }
}

impl From<Vec<String>> for Cell<'_> {
    fn from(v: Vec<String>) -> Self {
        Cell::List(Cow::Owned(v))
    }
}

impl<'a> From<&'a [String]> for Cell<'a> {
    fn from(v: &'a [String]) -> Self {
        Cell::List(Cow::Borrowed(v))
    }
}

impl<'a, T: Into<Cell<'a>>> From<Option<T>> for Cell<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// Rows written as they come, in one of the three formats with the same
/// columns and the same spelling of every value: aligned columns (a header
/// only on a terminal), CSV in the run's style with the formula guard, or
/// a JSON array of objects. Nothing is held beyond the row being written,
/// so a million contacts stream in bounded memory.
pub struct RowWriter {
    format: crate::cli::ListFormat,
    keys: Vec<&'static str>,
    table: Table,
    csv: Option<CsvOut<std::io::BufWriter<Out>>>,
    out: std::io::BufWriter<Out>,
    rows: usize,
    /// Where a number or a list is spelled out for CSV, reused row to row.
    scratch: String,
}

/// `(key, table width)`: the key names the column in CSV and JSON, its
/// upper case heads the table; width 0 leaves it out of the table.
pub type Column = (&'static str, usize);

fn io(e: std::io::Error) -> CliError {
    CliError::io("stdout", e)
}

impl RowWriter {
    pub fn new(columns: &[Column], format: crate::cli::ListFormat) -> Result<RowWriter> {
        use crate::cli::ListFormat;
        let shown: Vec<(String, usize)> = columns
            .iter()
            .filter(|(_, w)| *w > 0)
            .map(|(k, w)| (k.to_uppercase().replace('_', " "), *w))
            .collect();
        let shown_refs: Vec<(&str, usize)> = shown.iter().map(|(k, w)| (k.as_str(), *w)).collect();
        let mut writer = RowWriter {
            format,
            keys: columns.iter().map(|(k, _)| *k).collect(),
            table: Table::new(&shown_refs),
            csv: None,
            out: std::io::BufWriter::new(Out),
            rows: 0,
            scratch: String::new(),
        };
        writer.table.widths = columns.iter().map(|(_, w)| *w).collect();
        match format {
            ListFormat::Csv => {
                let mut csv = CsvOut::new(std::io::BufWriter::new(Out), csv_style())
                    .map_err(CliError::Usage)?;
                csv.row(&writer.keys).map_err(CliError::Usage)?;
                writer.csv = Some(csv);
            }
            ListFormat::Json => writer.out.write_all(b"[").map_err(io)?,
            ListFormat::Table => {
                if std::io::stdout().is_terminal() {
                    let header = writer.table.line(&writer.table.header.clone());
                    writeln!(writer.out, "{header}").map_err(io)?;
                }
            }
        }
        Ok(writer)
    }

    pub fn row(&mut self, cells: Vec<Cell<'_>>) -> Result<()> {
        use crate::cli::ListFormat;
        match self.format {
            ListFormat::Csv => {
                if let Some(csv) = &mut self.csv {
                    for cell in &cells {
                        csv.field(cell.text("; ", &mut self.scratch))
                            .map_err(CliError::Usage)?;
                    }
                    csv.end_row().map_err(CliError::Usage)?;
                }
            }
            ListFormat::Json => {
                let object: serde_json::Map<String, serde_json::Value> = self
                    .keys
                    .iter()
                    .zip(&cells)
                    .map(|(k, c)| (k.to_string(), c.json()))
                    .collect();
                let sep: &[u8] = if self.rows == 0 { b"\n  " } else { b",\n  " };
                self.out.write_all(sep).map_err(io)?;
                serde_json::to_writer(&mut self.out, &object)
                    .map_err(|e| CliError::Usage(format!("cannot write JSON: {e}")))?;
            }
            ListFormat::Table => {
                let shown: Vec<String> = cells
                    .iter()
                    .zip(&self.table.widths)
                    .filter(|(_, w)| **w > 0)
                    .map(|(c, _)| c.text(", ", &mut self.scratch).to_string())
                    .collect();
                let widths = std::mem::take(&mut self.table.widths);
                self.table.widths = widths.iter().copied().filter(|w| *w > 0).collect();
                let line = self.table.line(&shown);
                self.table.widths = widths;
                writeln!(self.out, "{line}").map_err(io)?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    pub fn finish(mut self) -> Result<usize> {
        use crate::cli::ListFormat;
        match self.format {
            ListFormat::Csv => {
                if let Some(csv) = self.csv.take() {
                    csv.finish().map_err(CliError::Usage)?.flush().map_err(io)?;
                }
            }
            ListFormat::Json => {
                let end: &[u8] = if self.rows == 0 { b"]\n" } else { b"\n]\n" };
                self.out.write_all(end).map_err(io)?;
            }
            ListFormat::Table => {}
        }
        self.out.flush().map_err(io)?;
        Ok(self.rows)
    }
}

//! CSV as the people who receive it open it: by double-clicking it in
//! Excel or LibreOffice. Dutch and Belgian Excel split on `;` and read a
//! file as UTF-8 only when it starts with a byte-order mark, so that is the
//! default style (`--delimiter ,` and `--bom false` for scripts). Every cell
//! passes the formula guard: one starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return would be run as a formula by a spreadsheet (CSV
//! injection), so it is written with a leading `'`, as OWASP recommends;
//! `unguard` takes it off again when Custos imports the file.

use std::borrow::Cow;
use std::io::Write;

/// How CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    pub delimiter: u8,
    /// Start with the UTF-8 byte-order mark.
    pub bom: bool,
}

impl Default for CsvStyle {
    /// What Dutch and Belgian Excel open correctly.
    fn default() -> Self {
        CsvStyle {
            delimiter: b';',
            bom: true,
        }
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// A cell as it is safe to hand to a spreadsheet.
pub fn guard(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A cell read back from a file Custos (or a careful spreadsheet) wrote:
/// the guard's `'` before a formula character is dropped.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if guard(rest) != rest => rest,
        _ => cell,
    }
}

/// A CSV writer in a style, guarding every cell.
pub struct CsvOut<W: Write> {
    w: csv::Writer<W>,
}

fn fail(e: impl std::fmt::Display) -> String {
    format!("cannot write CSV: {e}")
}

impl<W: Write> CsvOut<W> {
    pub fn new(mut out: W, style: CsvStyle) -> Result<CsvOut<W>, String> {
        if style.bom {
            out.write_all(BOM).map_err(fail)?;
        }
        let w = csv::WriterBuilder::new()
            .delimiter(style.delimiter)
            .from_writer(out);
        Ok(CsvOut { w })
    }

    pub fn row<I, S>(&mut self, cells: I) -> Result<(), String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for cell in cells {
            self.field(cell.as_ref())?;
        }
        self.end_row()
    }

    /// One cell of the current row, guarded; copied only when the guard
    /// changes it (a long export writes millions of cells).
    pub fn field(&mut self, cell: &str) -> Result<(), String> {
        self.w.write_field(guard(cell).as_bytes()).map_err(fail)
    }

    /// Ends the row the `field` calls wrote.
    pub fn end_row(&mut self) -> Result<(), String> {
        self.w.write_record(None::<&[u8]>).map_err(fail)
    }

    pub fn finish(self) -> Result<W, String> {
        self.w.into_inner().map_err(fail)
    }
}

/// A whole table as CSV bytes.
pub fn to_bytes<R, S>(headers: &[&str], rows: R, style: CsvStyle) -> Result<Vec<u8>, String>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = CsvOut::new(Vec::new(), style)?;
    out.row(headers)?;
    for row in rows {
        out.row(row)?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_come_back_on_import() {
        for bad in [
            "=HYPERLINK(\"http://evil.test\",\"x\")",
            "+31 6 12345678",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let g = guard(bad);
            assert!(g.starts_with('\''), "{bad}");
            assert_eq!(unguard(&g), bad);
        }
        assert_eq!(guard("Jan de Vries"), "Jan de Vries");
        // An apostrophe the person wrote is kept.
        assert_eq!(unguard("'t Hooft"), "'t Hooft");
    }

    #[test]
    fn the_default_opens_in_dutch_excel() {
        let bytes = to_bytes(
            &["naam", "plaats"],
            [["Amélie", "Liège"]],
            CsvStyle::default(),
        )
        .unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        assert_eq!(text, "naam;plaats\nAmélie;Liège\n");
        let plain = to_bytes(
            &["a", "b"],
            [["x;y", "=1"]],
            CsvStyle {
                delimiter: b',',
                bom: false,
            },
        )
        .unwrap();
        assert_eq!(String::from_utf8(plain).unwrap(), "a,b\nx;y,'=1\n");
    }
}

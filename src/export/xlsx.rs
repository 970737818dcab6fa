//! Workbooks for exports: a sheet of text lines (a cover) or a table with a
//! bold, frozen header. Every value is written as text, so what a reader
//! sees is exactly what the CSV and JSON versions say.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Excel's limit on one cell's text.
const MAX_CELL: usize = 32_767;
/// Widest column, in characters; longer text wraps.
const MAX_WIDTH: usize = 60;

pub enum Sheet {
    Text {
        name: String,
        lines: Vec<String>,
    },
    Table {
        name: String,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

impl Sheet {
    pub fn text(name: &str, lines: Vec<String>) -> Sheet {
        Sheet::Text {
            name: name.to_string(),
            lines,
        }
    }

    pub fn table(name: &str, headers: Vec<&str>, rows: Vec<Vec<String>>) -> Sheet {
        Sheet::Table {
            name: name.to_string(),
            headers: headers.into_iter().map(String::from).collect(),
            rows,
        }
    }
}

fn fail(e: XlsxError) -> String {
    format!("cannot write XLSX: {e}")
}

/// Text longer than a cell holds is cut, saying so; the JSON and CSV
/// exports carry it whole.
fn cell(text: &str) -> String {
    if text.chars().count() <= MAX_CELL {
        return text.to_string();
    }
    const MARK: &str = " … (cut: Excel cells hold 32767 characters; see the JSON export)";
    let keep = MAX_CELL - MARK.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(MARK);
    out
}

fn write_table(
    ws: &mut Worksheet,
    headers: &[String],
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let longest = value.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(longest);
            }
            if longest > MAX_WIDTH || value.contains('\n') {
                ws.write_string_with_format(r as u32 + 1, c as u16, cell(value), &wrap)?;
            } else {
                ws.write_string(r as u32 + 1, c as u16, cell(value))?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, MAX_WIDTH) as f64 + 2.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        match sheet {
            Sheet::Text { name, lines } => {
                ws.set_name(name).map_err(fail)?;
                ws.set_column_width(0, 100).map_err(fail)?;
                for (r, line) in lines.iter().enumerate() {
                    ws.write_string(r as u32, 0, cell(line)).map_err(fail)?;
                }
            }
            Sheet::Table {
                name,
                headers,
                rows,
            } => {
                ws.set_name(name).map_err(fail)?;
                write_table(ws, headers, rows).map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}

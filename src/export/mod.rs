//! The files front-ends write from the service's answers: breach letters
//! and their directory, notification lists (CSV), incident documentation
//! (Markdown, JSON), personal-data exports (JSON, CSV, XLSX), the Art. 30
//! register, spreadsheet-ready CSV. Used by the CLI and the TUI alike;
//! the service never writes files for a user (the letters themselves are
//! rendered in the service, `model::eml`).

pub mod incident;
pub mod ropa;
pub mod spreadsheet;
pub mod subject;
pub mod xlsx;

use std::path::{Path, PathBuf};

/// A new file for an export: readable by the user only (it holds personal
/// data), never over an existing file, and removed again unless it was
/// written in full. Creating it before the export is made tells a bad path
/// while nothing has happened yet.
pub struct PrivateFile {
    file: Option<std::fs::File>,
    path: PathBuf,
}

impl PrivateFile {
    pub fn create(path: &Path) -> Result<PrivateFile, String> {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        // Exactly owner-only, whatever the umask took away.
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        Ok(PrivateFile {
            file: Some(file),
            path: path.to_path_buf(),
        })
    }

    /// Writes the whole export; only then is the file kept.
    pub fn fill(mut self, bytes: &[u8]) -> Result<(), String> {
        use std::io::Write;
        let Some(mut file) = self.file.take() else {
            return Err(format!("{}: written already", self.path.display()));
        };
        match file.write_all(bytes).and_then(|()| file.sync_all()) {
            Ok(()) => {
                self.path = PathBuf::new();
                Ok(())
            }
            Err(e) => Err(format!("{}: {e}", self.path.display())),
        }
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes an export to a new private file (see `PrivateFile`).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    PrivateFile::create(path)?.fill(bytes)
}

/// A directory for files whose names are people's names (breach letters):
/// created owner-only whatever the umask; an existing one is used only if
/// nobody else can list it.
pub fn private_dir(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let at = |e: std::io::Error| format!("{}: {e}", path.display());
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => Err(format!("{} is not a directory", path.display())),
        Ok(meta) if meta.permissions().mode() & 0o077 != 0 => Err(format!(
            "{} can be listed by other users, and the letters' file names are people's names; \
             name a new directory (custos creates it readable by you only) or `chmod 700` it",
            path.display()
        )),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::DirBuilder::new()
                .mode(0o700)
                .create(path)
                .map_err(at)?;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).map_err(at)
        }
        Err(e) => Err(at(e)),
    }
}

/// Writes one file per letter into `dir` (see `private_dir`), each new and
/// owner-only. Both front-ends write letters through this.
pub fn write_letters<'a>(
    dir: &Path,
    letters: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<usize, String> {
    private_dir(dir)?;
    let mut written = 0;
    for (name, bytes) in letters {
        // A file name, never a path: nothing lands outside `dir`.
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            return Err(format!("unusable letter file name {name:?}"));
        }
        write_private(&dir.join(name), bytes)?;
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_private_file_is_kept_only_when_written_in_full() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        // Dropped unwritten (the carry-out failed): gone again.
        drop(PrivateFile::create(&path).unwrap());
        assert!(!path.exists());
        PrivateFile::create(&path).unwrap().fill(b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // Never over an existing file, and the existing one stays.
        assert!(PrivateFile::create(&path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
    }
}

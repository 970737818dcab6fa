//! File-level schema versions and the migrations between them. Opening a
//! database runs every migration it is missing, in one transaction.

use std::path::Path;

use redb::{Database, ReadableTable};

use super::tables::*;
use super::{Result, StoreError};

/// Schema 1: the tables of `tables.rs` as first released.
/// Schema 2: audit entries are sealed over their stored encoding; the file
/// records which entry the new rule starts at.
pub const CURRENT: u64 = 2;

const SCHEMA_KEY: &str = "schema_version";

/// Each step takes the file from version `n` to `n + 1`; the first entry
/// migrates 1 → 2.
type Migration = fn(&redb::WriteTransaction) -> Result<()>;
const MIGRATIONS: &[Migration] = &[audit_seal_rule];

/// 1 → 2: entries written so far were sealed under the legacy rule; the
/// next one is the first sealed over its stored encoding.
fn audit_seal_rule(txn: &redb::WriteTransaction) -> Result<()> {
    let mut meta = txn.open_table(META)?;
    let last = meta.get(super::AUDIT_SEQ_KEY)?.map_or(0, |v| v.value());
    meta.insert(super::AUDIT_STORED_SEAL_FROM, last + 1)?;
    Ok(())
}

pub fn run(db: &Database, path: &Path) -> Result<()> {
    let txn = db.begin_write()?;
    let found = txn.open_table(META)?.get(SCHEMA_KEY)?.map(|v| v.value());
    match found {
        None | Some(0) => create_tables(&txn)?,
        Some(v) if v > CURRENT => {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: v,
                supported: CURRENT,
            });
        }
        Some(v) => {
            for step in &MIGRATIONS[(v as usize - 1).min(MIGRATIONS.len())..] {
                step(&txn)?;
            }
            // Tables added without a data migration are simply created.
            create_tables(&txn)?;
        }
    }
    txn.open_table(META)?.insert(SCHEMA_KEY, CURRENT)?;
    txn.commit()?;
    Ok(())
}

/// Opening a table in a write transaction creates it; every table exists
/// afterwards, so readers never meet a missing one.
fn create_tables(txn: &redb::WriteTransaction) -> Result<()> {
    txn.open_table(META)?;
    txn.open_table(META_BYTES)?;
    txn.open_table(USERS)?;
    txn.open_table(NOTIFICATIONS)?;
    txn.open_table(DO_NOT_CONTACT)?;
    for def in RECORD_TABLES {
        txn.open_table(def)?;
    }
    for link in LINKS {
        txn.open_table(link.0)?;
    }
    Ok(())
}

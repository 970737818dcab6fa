//! Real OS accounts for tests of the daemon's identities: created once per
//! machine (as root), in a group of their own that may reach the socket.
//! Without root the tests that need them say they are skipped.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

pub const GROUP: &str = "custos-t";
/// A sales rep, a read-only user, a privacy officer, and a member of the
/// group who is not a Custos user.
pub const SALES: &str = "cst-sales";
pub const READER: &str = "cst-reader";
pub const OFFICER: &str = "cst-officer";
pub const STRANGER: &str = "cst-stranger";

fn run(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Creates the group and the accounts if missing. `false` when the tests
/// cannot have them (not root, or no useradd).
pub fn available() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| {
        if custos::os::current_uid() != 0 {
            eprintln!("skipped: needs root to create test accounts");
            return false;
        }
        if !run("getent", &["group", GROUP]) && !run("groupadd", &[GROUP]) {
            eprintln!("skipped: cannot create group {GROUP}");
            return false;
        }
        for name in [SALES, READER, OFFICER, STRANGER] {
            if custos::os::user_id(name).is_none()
                && !run(
                    "useradd",
                    &["-M", "-N", "-g", GROUP, "-s", "/usr/sbin/nologin", name],
                )
            {
                eprintln!("skipped: cannot create account {name}");
                return false;
            }
        }
        true
    })
}

/// The uid and gid of `name`.
pub fn ids(name: &str) -> (u32, u32) {
    let uid = custos::os::user_id(name).expect("account exists");
    let out = Command::new("id")
        .args(["-g", name])
        .output()
        .expect("id -g");
    let gid = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("gid");
    (uid, gid)
}

/// Lets the accounts reach a socket under `dir`: every directory above it
/// must be searchable.
pub fn open_path_to(dir: &Path) {
    let mut d = Some(dir);
    while let Some(p) = d {
        if let Ok(meta) = std::fs::metadata(p) {
            let mode = meta.permissions().mode();
            if mode & 0o001 == 0 {
                let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode | 0o711));
            }
        }
        d = p.parent();
    }
}

/// `custos ARGS` as `account`, talking to the daemon at `socket`.
pub fn custos_as(account: &str, socket: &Path, args: &[&str]) -> Output {
    let (uid, gid) = ids(account);
    Command::new(env!("CARGO_BIN_EXE_custos"))
        .args(args)
        .env("CUSTOS_SOCKET", socket)
        .env("HOME", "/tmp")
        .env_remove("CUSTOS_DB")
        .env_remove("CUSTOS_NOW")
        .current_dir("/tmp")
        .uid(uid)
        .gid(gid)
        .output()
        .expect("run custos as another account")
}

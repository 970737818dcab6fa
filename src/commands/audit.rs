use super::output::outln;
use super::output::{Cell, RowWriter};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{AuditCommand, ListFormat};
use crate::model::AuditOutcome;

pub fn run(backend: &dyn Backend, cmd: &AuditCommand) -> Result<()> {
    match cmd {
        AuditCommand::Verify => {
            let (intact, summary) = backend.verify_audit()?.summary();
            if intact {
                outln!("{summary}");
                Ok(())
            } else {
                eprintln!("{summary}");
                Err(CliError::Reported)
            }
        }
        AuditCommand::List { limit, format } => {
            let page = backend.audit(None, *limit)?;
            let zone = super::zone(backend)?;
            let mut out = RowWriter::new(
                &[
                    ("seq", 7),
                    ("at", 19),
                    ("actor", 12),
                    ("role", 0),
                    ("action", 16),
                    ("outcome", 0),
                    ("record", 22),
                    ("targets", 0),
                    ("fields", 0),
                    ("detail", 60),
                    ("hash", 0),
                ],
                *format,
            )?;
            for e in page.entries {
                let r = &e.record;
                let table = *format == ListFormat::Table;
                let targets = r.targets_summary(",");
                let (action, outcome) = match &r.outcome {
                    AuditOutcome::Done => (r.action.key().to_string(), "done".to_string()),
                    AuditOutcome::Denied { permission } if table => (
                        format!("DENIED {}", r.action.key()),
                        format!("denied: {permission}"),
                    ),
                    AuditOutcome::Denied { permission } => {
                        (r.action.key().to_string(), format!("denied: {permission}"))
                    }
                };
                // The table shows fields and detail together.
                let detail = if table {
                    let mut d = r.fields.join(",");
                    if !r.detail.is_empty() {
                        if !d.is_empty() {
                            d.push_str("; ");
                        }
                        d.push_str(&r.detail);
                    }
                    d
                } else {
                    r.detail.clone()
                };
                let when = if table {
                    e.at.with_timezone(&zone.tz())
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string()
                } else {
                    zone.rfc3339(e.at)
                };
                out.row(vec![
                    e.seq.into(),
                    when.into(),
                    r.actor.as_str().into(),
                    r.role.key().into(),
                    action.into(),
                    outcome.into(),
                    if table {
                        format!("{} {targets}", r.kind).into()
                    } else {
                        r.kind.as_str().into()
                    },
                    Cell::List(r.targets.iter().map(|t| t.to_string()).collect()),
                    Cell::from(r.fields.as_slice()),
                    detail.into(),
                    e.hash_hex().into(),
                ])?;
            }
            out.finish().map(|_| ())
        }
    }
}

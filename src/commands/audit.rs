use super::output::outln;
use super::output::{Table, print_json};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::AuditCommand;
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
        AuditCommand::List { limit, json } => {
            let page = backend.audit(None, *limit)?;
            if *json {
                return print_json(&page.entries);
            }
            let mut table = Table::new(&[
                ("SEQ", 7),
                ("WHEN (UTC)", 19),
                ("WHO", 12),
                ("ACTION", 16),
                ("RECORD", 22),
                ("FIELDS / DETAIL", 60),
            ]);
            for e in page.entries {
                let r = &e.record;
                let targets = match r.targets.len() {
                    0 => String::new(),
                    1..=3 => r
                        .targets
                        .iter()
                        .map(|t| format!("#{t}"))
                        .collect::<Vec<_>>()
                        .join(","),
                    n => format!("{n} records"),
                };
                let action = match &r.outcome {
                    AuditOutcome::Done => r.action.key().to_string(),
                    AuditOutcome::Denied { .. } => format!("DENIED {}", r.action.key()),
                };
                let mut detail = r.fields.join(",");
                if !r.detail.is_empty() {
                    if !detail.is_empty() {
                        detail.push_str("; ");
                    }
                    detail.push_str(&r.detail);
                }
                table.row(vec![
                    e.seq.to_string(),
                    e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    r.actor.clone(),
                    action,
                    format!("{} {targets}", r.kind),
                    detail,
                ]);
            }
            table.print()
        }
    }
}

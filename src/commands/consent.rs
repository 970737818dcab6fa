use super::output::outln;
use super::output::{Table, print_json};
use super::purpose::resolve;
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ConsentArgs, ConsentCommand};
use crate::clock::parse_instant;
use crate::model::{ConsentAction, ConsentChannel, ConsentState};
use crate::service::api::ConsentDraft;

fn record(backend: &dyn Backend, args: &ConsentArgs, action: ConsentAction) -> Result<()> {
    let purpose = resolve(backend, &args.purpose)?;
    let channel = ConsentChannel::parse(&args.channel).ok_or_else(|| {
        CliError::Usage(format!(
            "--channel: {:?} is not one of phone, web-form, email, paper, in-person, import",
            args.channel
        ))
    })?;
    let at = match &args.at {
        Some(s) => Some(parse_instant(s).ok_or_else(|| {
            CliError::Usage(format!("--at: cannot read {s:?} as YYYY-MM-DD or RFC 3339"))
        })?),
        None => None,
    };
    let event = backend.record_consent(ConsentDraft {
        contact_id: args.contact,
        purpose_id: purpose.id,
        action,
        at,
        channel,
        evidence: args.evidence.clone(),
    })?;
    outln!(
        "contact #{}: {} for \"{}\" recorded ({})",
        args.contact,
        action.label(purpose.legal_basis),
        purpose.name,
        event.at.format("%Y-%m-%d %H:%M UTC")
    );
    Ok(())
}

pub fn run(backend: &dyn Backend, cmd: &ConsentCommand) -> Result<()> {
    match cmd {
        ConsentCommand::Give(args) => record(backend, args, ConsentAction::Given),
        ConsentCommand::Withdraw(args) => record(backend, args, ConsentAction::Withdrawn),
        ConsentCommand::Refuse(args) => record(backend, args, ConsentAction::Refused),
        ConsentCommand::History {
            contact,
            purpose,
            json,
        } => {
            let purpose = resolve(backend, purpose)?;
            let history = backend.consent_history(*contact, purpose.id)?;
            if *json {
                return print_json(&history);
            }
            let state = ConsentState::derive(&history);
            outln!(
                "contact #{contact}, \"{}\" ({}): {}",
                purpose.name,
                purpose.legal_basis,
                state.label(purpose.legal_basis)
            );
            let mut table = Table::new(&[
                ("WHEN (UTC)", 16),
                ("ACTION", 10),
                ("CHANNEL", 10),
                ("RECORDED BY", 12),
                ("EVIDENCE", 70),
            ]);
            for e in history {
                table.row(vec![
                    e.at.format("%Y-%m-%d %H:%M").to_string(),
                    e.action.label(purpose.legal_basis).to_string(),
                    e.channel.key().to_string(),
                    e.recorded_by,
                    e.evidence,
                ]);
            }
            table.print()
        }
    }
}

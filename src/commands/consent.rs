use super::output::RowWriter;
use super::output::outln;
use super::purpose::resolve;
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ConsentArgs, ConsentCommand, ListFormat};
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
    let zone = super::zone(backend)?;
    let at = match &args.at {
        Some(s) => Some(super::when(&zone, "at", s)?),
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
        zone.datetime_named(event.at)
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
            format,
        } => {
            let purpose = resolve(backend, purpose)?;
            let history = backend.consent_history(*contact, purpose.id)?;
            let zone = super::zone(backend)?;
            if *format == ListFormat::Table {
                let state = ConsentState::derive(&history);
                outln!(
                    "contact #{contact}, \"{}\" ({}): {}",
                    purpose.name,
                    purpose.legal_basis,
                    state.label(purpose.legal_basis)
                );
            }
            let mut out = RowWriter::new(
                &[
                    ("at", 16),
                    ("action", 10),
                    ("channel", 10),
                    ("recorded_by", 12),
                    ("recorded_at", 0),
                    ("evidence", 70),
                ],
                *format,
            )?;
            for e in history {
                let (at, recorded) = if *format == ListFormat::Table {
                    (zone.datetime(e.at), zone.datetime(e.recorded_at))
                } else {
                    (zone.rfc3339(e.at), zone.rfc3339(e.recorded_at))
                };
                out.row(vec![
                    at.into(),
                    if *format == ListFormat::Table {
                        e.action.label(purpose.legal_basis).into()
                    } else {
                        e.action.key().into()
                    },
                    e.channel.key().into(),
                    e.recorded_by.into(),
                    recorded.into(),
                    e.evidence.into(),
                ])?;
            }
            out.finish().map(|_| ())
        }
    }
}

use super::output::RowWriter;
use super::output::outln;
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ListFormat, UserCommand};
use crate::model::Role;

fn role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| {
        CliError::Usage(format!(
            "{s:?} is not a role: admin, privacy-officer, sales or read-only"
        ))
    })
}

pub fn run(backend: &dyn Backend, cmd: &UserCommand) -> Result<()> {
    match cmd {
        UserCommand::List { format } => {
            let users = backend.users()?;
            {
                let zone = super::zone(backend)?;
                let mut out = RowWriter::new(
                    &[("user", 20), ("role", 16), ("added", 10), ("by", 20)],
                    *format,
                )?;
                for u in users {
                    let added = if *format == ListFormat::Table {
                        zone.date(u.created_at)
                    } else {
                        zone.rfc3339(u.created_at)
                    };
                    out.row(vec![
                        u.name.into(),
                        u.role.key().into(),
                        added.into(),
                        u.created_by.into(),
                    ])?;
                }
                out.finish().map(|_| ())
            }
        }
        UserCommand::Add { name, role: r } => {
            backend.add_user(name.clone(), role(r)?)?;
            outln!("{name} added as {}", role(r)?);
            Ok(())
        }
        UserCommand::Role { name, role: r } => {
            backend.set_role(name.clone(), role(r)?)?;
            outln!("{name} is now {}", role(r)?);
            Ok(())
        }
        UserCommand::Remove { name } => {
            backend.remove_user(name.clone())?;
            outln!("{name} removed");
            Ok(())
        }
    }
}

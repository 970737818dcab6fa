use super::output::Table;
use super::output::outln;
use super::{CliError, Result};
use crate::backend::{Backend, unexpected};
use crate::cli::UserCommand;
use crate::model::Role;
use crate::service::{Request, Response};

fn role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| {
        CliError::Usage(format!(
            "{s:?} is not a role: admin, privacy-officer, sales or read-only"
        ))
    })
}

pub fn run(backend: &dyn Backend, cmd: &UserCommand) -> Result<()> {
    match cmd {
        UserCommand::List => match backend.call(Request::ListUsers)? {
            Response::Users(users) => {
                let mut table =
                    Table::new(&[("USER", 20), ("ROLE", 16), ("ADDED", 10), ("BY", 20)]);
                for u in users {
                    table.row(vec![
                        u.name,
                        u.role.to_string(),
                        u.created_at.format("%Y-%m-%d").to_string(),
                        u.created_by,
                    ]);
                }
                table.print()
            }
            other => Err(unexpected(other).into()),
        },
        UserCommand::Add { name, role: r } => {
            backend.call(Request::AddUser {
                name: name.clone(),
                role: role(r)?,
            })?;
            outln!("{name} added as {}", role(r)?);
            Ok(())
        }
        UserCommand::Role { name, role: r } => {
            backend.call(Request::SetRole {
                name: name.clone(),
                role: role(r)?,
            })?;
            outln!("{name} is now {}", role(r)?);
            Ok(())
        }
        UserCommand::Remove { name } => {
            backend.call(Request::RemoveUser { name: name.clone() })?;
            outln!("{name} removed");
            Ok(())
        }
    }
}

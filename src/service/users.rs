//! The people who may use a shared database, and their roles. Only the
//! daemon consults this table: on a laptop the OS user owns the file.

use serde::{Deserialize, Serialize};

use super::auth::Permission;
use super::call::{Call, Context, Intent};
use super::{Result, ServiceError, Tx};
use crate::model::{AuditAction, EntityKind, Role, User};
use crate::store::Reads;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListUsers;

impl Call for ListUsers {
    type Answer = Vec<User>;
    fn permission(&self) -> Permission {
        Permission::ManageUsers
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::User, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<User>> {
        cx.read(list)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddUser {
    pub name: String,
    pub role: Role,
}

impl Call for AddUser {
    type Answer = User;
    fn permission(&self) -> Permission {
        Permission::ManageUsers
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Create, EntityKind::User, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<User> {
        cx.write(|tx| add(tx, self.name, self.role))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetRole {
    pub name: String,
    pub role: Role,
}

impl Call for SetRole {
    type Answer = User;
    fn permission(&self) -> Permission {
        Permission::ManageUsers
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::SetRole, EntityKind::User, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<User> {
        cx.write(|tx| set_role(tx, self.name, self.role))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoveUser {
    pub name: String,
}

impl Call for RemoveUser {
    type Answer = ();
    fn permission(&self) -> Permission {
        Permission::ManageUsers
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Delete, EntityKind::User, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<()> {
        cx.write(|tx| remove(tx, self.name))
    }
}

super::call::no_contacts!(User, Vec<User>);

/// OS account names: no spaces, separators or control characters.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c))
        && !name.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "name",
            "must be an operating-system account name (letters, digits, . _ - @)",
        ))
    }
}

pub(super) fn list(tx: &impl Reads) -> Result<Vec<User>> {
    Ok(tx.users()?)
}

fn admins(tx: &impl Reads) -> Result<usize> {
    Ok(tx.users()?.iter().filter(|u| u.role == Role::Admin).count())
}

pub(super) fn add(tx: &mut Tx<'_>, name: String, role: Role) -> Result<User> {
    let name = name.trim().to_string();
    check_name(&name)?;
    if tx.tx.user(&name)?.is_some() {
        return Err(ServiceError::Refused(format!(
            "user {name} already exists; use `custos user role {name} ROLE` to change the role"
        )));
    }
    let user = User {
        name: name.clone(),
        role,
        created_at: tx.now,
        created_by: tx.actor.name.clone(),
    };
    tx.tx.put_user(&user)?;
    tx.audit(
        AuditAction::Create,
        EntityKind::User,
        vec![],
        vec!["role".into()],
        format!("user={name} role={role}"),
    );
    Ok(user)
}

fn load(tx: &impl Reads, name: &str) -> Result<User> {
    tx.user(name)?
        .ok_or_else(|| ServiceError::Refused(format!("no user named {name}")))
}

pub(super) fn set_role(tx: &mut Tx<'_>, name: String, role: Role) -> Result<User> {
    let mut user = load(&*tx.tx, &name)?;
    if user.role == Role::Admin && role != Role::Admin && admins(&*tx.tx)? <= 1 {
        return Err(ServiceError::Refused(format!(
            "{name} is the last admin; make someone else admin first"
        )));
    }
    user.role = role;
    tx.tx.put_user(&user)?;
    tx.audit(
        AuditAction::SetRole,
        EntityKind::User,
        vec![],
        vec!["role".into()],
        format!("user={name} role={role}"),
    );
    Ok(user)
}

pub(super) fn remove(tx: &mut Tx<'_>, name: String) -> Result<()> {
    let user = load(&*tx.tx, &name)?;
    if user.role == Role::Admin && admins(&*tx.tx)? <= 1 {
        return Err(ServiceError::Refused(format!(
            "{name} is the last admin and cannot be removed"
        )));
    }
    tx.tx.remove_user(&name)?;
    tx.audit(
        AuditAction::Delete,
        EntityKind::User,
        vec![],
        vec![],
        format!("user={name}"),
    );
    Ok(())
}

//! Who may do what. Every request names the permission it needs; the role
//! table below is the single place that grants them.

use serde::{Deserialize, Serialize};

use crate::model::{Role, Settings};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Any signed-in user: identity, change counter.
    Session,
    ReadContacts,
    WriteContacts,
    /// Delete a contact outright (an erasure).
    EraseContacts,
    Import,
    ReadPurposes,
    ManagePurposes,
    RecordConsent,
    /// See and record Art. 9 special-category values.
    SpecialCategories,
    ReadRetention,
    ManageRetention,
    ReadIncidents,
    ManageIncidents,
    ReadRequests,
    FileRequests,
    ManageRequests,
    /// Bulk and personal-data exports, the Art. 30 register.
    Export,
    ReadAudit,
    ManageUsers,
    ManageSettings,
    /// Vacuum and backup.
    Maintenance,
    /// Fill the database with generated demo data.
    Demo,
}

impl Permission {
    /// What the user tried to do, in words, for the denial message.
    pub fn describe(self) -> &'static str {
        match self {
            Permission::Session => "use custos",
            Permission::ReadContacts => "read contacts",
            Permission::WriteContacts => "change contacts",
            Permission::EraseContacts => "erase contacts",
            Permission::Import => "import data",
            Permission::ReadPurposes => "read purposes",
            Permission::ManagePurposes => "manage purposes",
            Permission::RecordConsent => "record consent",
            Permission::SpecialCategories => "see special-category data",
            Permission::ReadRetention => "read the retention dashboard",
            Permission::ManageRetention => "act on retention (anonymise, delete, holds)",
            Permission::ReadIncidents => "see incidents",
            Permission::ManageIncidents => "manage incidents",
            Permission::ReadRequests => "read data-subject requests",
            Permission::FileRequests => "file data-subject requests",
            Permission::ManageRequests => "handle data-subject requests",
            Permission::Export => "export personal data",
            Permission::ReadAudit => "read the audit trail",
            Permission::ManageUsers => "manage users",
            Permission::ManageSettings => "change settings",
            Permission::Maintenance => "run maintenance (vacuum, backup)",
            Permission::Demo => "generate demo data",
        }
    }

    pub fn key(self) -> String {
        format!("{self:?}")
    }
}

/// The role table of DESIGN.md.
pub fn allows(role: Role, permission: Permission, settings: &Settings) -> bool {
    use Permission::*;
    match role {
        Role::Admin => true,
        Role::PrivacyOfficer => !matches!(permission, ManageUsers | ManageSettings | Demo),
        Role::Sales => match permission {
            Session | ReadContacts | WriteContacts | ReadPurposes | RecordConsent
            | ReadRetention | ReadRequests | FileRequests => true,
            ReadIncidents => settings.incidents_visible_to_sales,
            _ => false,
        },
        Role::ReadOnly => matches!(
            permission,
            Session | ReadContacts | ReadPurposes | ReadRetention | ReadRequests
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sales_cannot_erase_export_or_audit() {
        let s = Settings::default();
        for p in [
            Permission::EraseContacts,
            Permission::Export,
            Permission::ReadAudit,
            Permission::ManageRetention,
        ] {
            assert!(!allows(Role::Sales, p, &s), "{p:?}");
        }
        assert!(allows(Role::Sales, Permission::RecordConsent, &s));
        assert!(allows(Role::Sales, Permission::FileRequests, &s));
        assert!(!allows(Role::Sales, Permission::Import, &s));
        assert!(!allows(Role::Sales, Permission::Demo, &s));
        assert!(allows(Role::PrivacyOfficer, Permission::Import, &s));
    }

    #[test]
    fn incidents_are_hidden_from_sales_unless_allowed() {
        let mut s = Settings::default();
        assert!(!allows(Role::Sales, Permission::ReadIncidents, &s));
        s.incidents_visible_to_sales = true;
        assert!(allows(Role::Sales, Permission::ReadIncidents, &s));
        assert!(!allows(Role::Sales, Permission::ManageIncidents, &s));
    }

    #[test]
    fn read_only_reads_only() {
        let s = Settings::default();
        assert!(allows(Role::ReadOnly, Permission::ReadContacts, &s));
        assert!(!allows(Role::ReadOnly, Permission::WriteContacts, &s));
        assert!(!allows(Role::ReadOnly, Permission::RecordConsent, &s));
    }

    #[test]
    fn privacy_officer_cannot_manage_users() {
        let s = Settings::default();
        assert!(!allows(Role::PrivacyOfficer, Permission::ManageUsers, &s));
        assert!(allows(Role::PrivacyOfficer, Permission::ReadAudit, &s));
        assert!(allows(Role::PrivacyOfficer, Permission::EraseContacts, &s));
    }
}

//! Requests about the session and the whole database: who am I, has
//! anything changed, the deadlines to warn about, the settings, and the
//! whole-file operations (vacuum, backup).

use serde::{Deserialize, Serialize};

use super::api::{self, Identity};
use super::auth::{self, Permission};
use super::call::{Call, Context, Intent};
use super::{Result, ServiceError, Tx, check_version};
use crate::model::{AuditAction, EntityKind, Settings, Timestamp};
use crate::store::{CopyReport, Reads, VacuumReport};

/// Who the service thinks the caller is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Whoami;

impl Call for Whoami {
    type Answer = Identity;
    fn permission(&self) -> Permission {
        Permission::Session
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::User, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Identity> {
        Ok(Identity {
            user: cx.actor.name.clone(),
            role: cx.actor.role,
            database: cx.service.store().path().display().to_string(),
            time_zone: cx.read(super::zone)?.name().to_string(),
        })
    }
}

/// A counter bumped by every committed change; clients poll it to refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes;

impl Call for Changes {
    type Answer = u64;
    fn permission(&self) -> Permission {
        Permission::Session
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::User, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<u64> {
        cx.read(super::changes)
    }
}

/// Whether searches are answered now, or how far the search index (built
/// in the background as the daemon or the interface starts) has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchStatus;

impl Call for SearchStatus {
    type Answer = api::SearchReadiness;
    fn permission(&self) -> Permission {
        Permission::Session
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Settings, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<api::SearchReadiness> {
        Ok(cx.service.search_readiness())
    }
}

/// Deadlines that need attention now: incidents, requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alerts;

impl Call for Alerts {
    type Answer = Vec<api::Alert>;
    fn permission(&self) -> Permission {
        Permission::Session
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Settings, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<api::Alert>> {
        cx.read(|tx| {
            let settings = tx.settings()?;
            let visible = |p| auth::allows(cx.actor.role, p, &settings);
            alerts(
                tx,
                visible(Permission::ReadIncidents),
                visible(Permission::ReadRequests),
                cx.now,
            )
        })
    }
}

/// Deadlines that need attention now, most pressing first.
fn alerts(
    tx: &impl Reads,
    incidents_visible: bool,
    requests_visible: bool,
    now: Timestamp,
) -> Result<Vec<api::Alert>> {
    use crate::model::{Countdown, Incident};
    use api::{Alert, AlertLevel};
    let mut out = Vec::new();
    if incidents_visible {
        for incident in tx.all::<Incident>()? {
            let level = match incident.countdown(now) {
                Countdown::Done => continue,
                Countdown::Running(_) => AlertLevel::Warning,
                Countdown::Urgent(_) | Countdown::Overdue(_) => AlertLevel::Critical,
            };
            out.push(Alert {
                level,
                text: format!(
                    "breach #{}: {} to report",
                    incident.id,
                    incident.countdown(now).describe()
                ),
            });
        }
    }
    if requests_visible {
        out.extend(super::requests::alerts(tx, now)?);
    }
    // Stable: within a level, breaches before requests, nearest first.
    out.sort_by_key(|a| std::cmp::Reverse(a.level));
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetSettings;

impl Call for GetSettings {
    type Answer = Settings;
    fn permission(&self) -> Permission {
        Permission::Session
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Settings, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Settings> {
        cx.read(|tx| Ok(tx.settings()?))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateSettings {
    pub settings: Settings,
}

impl Call for UpdateSettings {
    type Answer = Settings;
    fn permission(&self) -> Permission {
        Permission::ManageSettings
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::ChangeSettings, EntityKind::Settings, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Settings> {
        cx.write(|tx| update_settings(tx, self.settings))
    }
}

fn update_settings(tx: &mut Tx<'_>, mut settings: Settings) -> Result<Settings> {
    let current = tx.tx.settings()?;
    check_version(EntityKind::Settings, 0, settings.version, current.version)?;
    if !["nl", "en"].contains(&settings.default_language.as_str()) {
        return Err(ServiceError::invalid(
            "default_language",
            "letters exist in nl and en",
        ));
    }
    for (field, value) in [
        ("controller_name", &settings.controller_name),
        ("controller_email", &settings.controller_email),
        ("dpo_contact", &settings.dpo_contact),
        ("sendmail_command", &settings.sendmail_command),
    ] {
        crate::model::validate::max_len(field, value, crate::model::validate::MAX_SHORT)?;
    }
    if !settings.controller_email.is_empty() {
        crate::model::validate::email("controller_email", &settings.controller_email)?;
    }
    if !settings.time_zone.trim().is_empty()
        && crate::model::when::Zone::named(&settings.time_zone).is_none()
    {
        return Err(ServiceError::invalid(
            "time_zone",
            "an IANA zone such as Europe/Amsterdam or Europe/Brussels (empty: the server's)",
        ));
    }
    settings.time_zone = settings.time_zone.trim().to_string();
    settings.phone_region = settings.phone_region.trim().to_ascii_uppercase();
    if crate::model::phone::region(&settings.phone_region).is_none() {
        return Err(ServiceError::invalid(
            "phone_region",
            "a two-letter country code such as NL or BE",
        ));
    }
    for (field, value, min, max) in [
        (
            "daily_contact_ceiling",
            settings.daily_contact_ceiling,
            100,
            10_000_000,
        ),
        (
            "max_connections_per_user",
            settings.max_connections_per_user,
            2,
            200,
        ),
        (
            "idle_timeout_minutes",
            settings.idle_timeout_minutes,
            1,
            24 * 60,
        ),
        ("frame_memory_mib", settings.frame_memory_mib, 16, 4096),
    ] {
        if !(min..=max).contains(&value) {
            return Err(ServiceError::invalid(
                field,
                format!("must be between {min} and {max}"),
            ));
        }
    }
    let mut fields = Vec::new();
    macro_rules! diff {
        ($($f:ident),*) => {$(
            if current.$f != settings.$f { fields.push(stringify!($f).to_string()); }
        )*};
    }
    diff!(
        controller_name,
        controller_address,
        controller_email,
        dpo_contact,
        security_measures,
        incidents_visible_to_sales,
        auto_erase_expired,
        sendmail_command,
        default_language,
        daily_contact_ceiling,
        max_connections_per_user,
        idle_timeout_minutes,
        frame_memory_mib,
        time_zone,
        phone_region
    );
    settings.version = current.version + 1;
    tx.tx.put_settings(&settings)?;
    if settings.phone_region != current.phone_region {
        tx.search_region(&settings.phone_region);
    }
    tx.audit(
        AuditAction::ChangeSettings,
        EntityKind::Settings,
        vec![],
        fields,
        "",
    );
    Ok(settings)
}

/// Rewrites the database file so erased bytes do not linger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vacuum;

impl Call for Vacuum {
    type Answer = VacuumReport;
    fn permission(&self) -> Permission {
        Permission::Maintenance
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Vacuum, EntityKind::Settings, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<VacuumReport> {
        let report = cx.service.store().vacuum()?;
        cx.write(|tx| {
            tx.audit(
                AuditAction::Vacuum,
                EntityKind::Settings,
                vec![],
                vec![],
                format!("{} records copied", report.records),
            );
            Ok(())
        })?;
        Ok(report)
    }
}

/// A consistent, verified copy of the database to a new file on the
/// server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub path: String,
}

impl Call for Backup {
    type Answer = CopyReport;
    fn permission(&self) -> Permission {
        Permission::Maintenance
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Vacuum, EntityKind::Settings, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<CopyReport> {
        let target = std::path::PathBuf::from(&self.path);
        if target.exists() {
            return Err(ServiceError::Refused(format!(
                "{} exists already; choose a new file for the backup",
                self.path
            )));
        }
        let report = cx
            .service
            .store()
            .backup_to(&target, super::audit_log::intact)?;
        cx.write(|tx| {
            tx.audit(
                AuditAction::Export,
                EntityKind::Settings,
                vec![],
                vec![],
                format!("backup, {} records", report.records),
            );
            Ok(())
        })?;
        Ok(report)
    }
}

super::call::no_contacts!(
    Identity,
    Vec<api::Alert>,
    api::SearchReadiness,
    Settings,
    VacuumReport,
    CopyReport
);

/// Reads the backup file at `path` without changing it: every record
/// decoded and the audit chain verified (`custos backup verify`). Runs on
/// the machine holding the file, outside any daemon.
pub fn verify_backup(
    path: &std::path::Path,
) -> crate::store::Result<crate::store::restore::BackupSummary> {
    crate::store::restore::inspect(path, super::audit_log::intact)
}

/// Puts the backup at `backup` in place of the database at `target`
/// (`custos restore`), refused while anyone has the database open; the
/// replaced database is kept beside it with `suffix`.
pub fn restore_backup(
    backup: &std::path::Path,
    target: &std::path::Path,
    suffix: &str,
) -> crate::store::Result<crate::store::restore::RestoreReport> {
    crate::store::restore::restore(backup, target, suffix, super::audit_log::intact)
}

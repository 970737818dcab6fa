//! Personal-data breaches (Art. 33, 34): the register, the 72-hour clock and
//! the list of people to tell.

use chrono::{Duration, TimeDelta};
use serde::{Deserialize, Serialize};

use super::{ContactId, IncidentId, Timestamp};

/// Art. 33(1): notify the supervisory authority within 72 hours of becoming
/// aware of the breach.
pub const AUTHORITY_DEADLINE_HOURS: i64 = 72;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BreachNature {
    Confidentiality,
    Integrity,
    Availability,
}

impl BreachNature {
    pub const ALL: [BreachNature; 3] = [
        BreachNature::Confidentiality,
        BreachNature::Integrity,
        BreachNature::Availability,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BreachNature::Confidentiality => "confidentiality",
            BreachNature::Integrity => "integrity",
            BreachNature::Availability => "availability",
        }
    }

    pub fn parse(s: &str) -> Option<BreachNature> {
        let s = s.trim().to_lowercase();
        BreachNature::ALL
            .into_iter()
            .find(|n| n.key() == s || n.key()[..1] == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RiskLevel {
    /// Unlikely to result in a risk: document, no notification (Art. 33(1)).
    None,
    /// Notify the authority.
    Risk,
    /// Also tell the people affected (Art. 34(1)).
    High,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 3] = [RiskLevel::None, RiskLevel::Risk, RiskLevel::High];

    pub fn key(self) -> &'static str {
        match self {
            RiskLevel::None => "none",
            RiskLevel::Risk => "risk",
            RiskLevel::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<RiskLevel> {
        let s = s.trim().to_lowercase();
        let s = if s == "high-risk" || s == "high risk" {
            "high".to_string()
        } else {
            s
        };
        RiskLevel::ALL.into_iter().find(|r| r.key() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IncidentStatus {
    Open,
    Notified,
    Closed,
}

impl IncidentStatus {
    pub fn key(self) -> &'static str {
        match self {
            IncidentStatus::Open => "open",
            IncidentStatus::Notified => "notified",
            IncidentStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<IncidentStatus> {
        [
            IncidentStatus::Open,
            IncidentStatus::Notified,
            IncidentStatus::Closed,
        ]
        .into_iter()
        .find(|st| st.key() == s.trim().to_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityNotification {
    #[serde(with = "crate::model::time::ts")]
    pub at: Timestamp,
    /// The authority's case reference.
    pub reference: String,
    /// Which authority (e.g. "Autoriteit Persoonsgegevens").
    pub authority: String,
}

/// Whether the people affected must be told (Art. 34), and why not if not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndividualsNotice {
    Undecided,
    Required,
    /// Art. 34(3) ground: encrypted data, risk removed by later measures, or
    /// disproportionate effort (then a public communication).
    NotRequired {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineNote {
    #[serde(with = "crate::model::time::ts")]
    pub at: Timestamp,
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub id: IncidentId,
    pub version: u32,
    pub title: String,
    pub description: String,
    #[serde(with = "crate::model::time::opt_ts")]
    pub occurred_at: Option<Timestamp>,
    /// When the company became aware: the 72-hour clock starts here.
    #[serde(with = "crate::model::time::ts")]
    pub aware_at: Timestamp,
    pub nature: Vec<BreachNature>,
    pub data_categories: Vec<String>,
    pub subject_categories: Vec<String>,
    pub approx_subjects: u64,
    pub approx_records: u64,
    pub consequences: String,
    pub measures: String,
    pub risk: RiskLevel,
    pub authority: Option<AuthorityNotification>,
    /// Art. 33(1): the reasons for a notification later than 72 hours.
    pub delay_reason: String,
    pub individuals: IndividualsNotice,
    /// Whom people and the authority can contact (DPO or contact point).
    pub contact_point: String,
    pub status: IncidentStatus,
    pub notes: Vec<TimelineNote>,
    /// When the notification list was frozen, and by which rule.
    #[serde(with = "crate::model::time::opt_ts")]
    pub list_frozen_at: Option<Timestamp>,
    pub list_rule: String,
    pub created_by: String,
    #[serde(with = "crate::model::time::ts")]
    pub created_at: Timestamp,
    #[serde(with = "crate::model::time::ts")]
    pub updated_at: Timestamp,
}

/// Where an incident stands against the 72-hour deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Countdown {
    /// The authority was notified or the incident is closed.
    Done,
    /// Time left, at least 24 hours.
    Running(TimeDelta),
    /// Under 24 hours left.
    Urgent(TimeDelta),
    Overdue(TimeDelta),
}

impl Countdown {
    pub fn is_alert(self) -> bool {
        matches!(self, Countdown::Urgent(_) | Countdown::Overdue(_))
    }

    /// "41h 12m left", "overdue by 3h 05m".
    pub fn describe(self) -> String {
        match self {
            Countdown::Done => "reported".to_string(),
            Countdown::Running(left) | Countdown::Urgent(left) => {
                format!("{} left", format_duration(left))
            }
            Countdown::Overdue(by) => format!("overdue by {}", format_duration(by)),
        }
    }
}

/// Hours and minutes, with days when longer than two days: "2d 03h", "5h 07m".
pub fn format_duration(d: TimeDelta) -> String {
    let minutes = d.num_minutes().max(0);
    let (days, hours, mins) = (minutes / (24 * 60), (minutes / 60) % 24, minutes % 60);
    if days >= 2 {
        format!("{days}d {hours:02}h")
    } else {
        format!("{}h {mins:02}m", days * 24 + hours)
    }
}

impl Incident {
    pub fn authority_deadline(&self) -> Timestamp {
        self.aware_at + Duration::hours(AUTHORITY_DEADLINE_HOURS)
    }

    /// Pure function of `now`: instants are UTC, so daylight-saving changes
    /// in the user's zone neither add nor remove an hour from the 72.
    pub fn countdown(&self, now: Timestamp) -> Countdown {
        if self.authority.is_some() || self.status != IncidentStatus::Open {
            return Countdown::Done;
        }
        let left = self.authority_deadline() - now;
        if left <= TimeDelta::zero() {
            Countdown::Overdue(-left)
        } else if left < Duration::hours(24) {
            Countdown::Urgent(left)
        } else {
            Countdown::Running(left)
        }
    }

    pub fn from_draft(id: IncidentId, draft: IncidentDraft, by: &str, now: Timestamp) -> Incident {
        let mut incident = Incident {
            id,
            version: 1,
            title: String::new(),
            description: String::new(),
            occurred_at: None,
            aware_at: draft.aware_at,
            nature: Vec::new(),
            data_categories: Vec::new(),
            subject_categories: Vec::new(),
            approx_subjects: 0,
            approx_records: 0,
            consequences: String::new(),
            measures: String::new(),
            risk: RiskLevel::Risk,
            authority: None,
            delay_reason: String::new(),
            individuals: IndividualsNotice::Undecided,
            contact_point: String::new(),
            status: IncidentStatus::Open,
            notes: Vec::new(),
            list_frozen_at: None,
            list_rule: String::new(),
            created_by: by.to_string(),
            created_at: now,
            updated_at: now,
        };
        incident.apply(draft);
        incident
    }

    pub fn draft(&self) -> IncidentDraft {
        IncidentDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            occurred_at: self.occurred_at,
            aware_at: self.aware_at,
            nature: self.nature.clone(),
            data_categories: self.data_categories.clone(),
            subject_categories: self.subject_categories.clone(),
            approx_subjects: self.approx_subjects,
            approx_records: self.approx_records,
            consequences: self.consequences.clone(),
            measures: self.measures.clone(),
            risk: self.risk,
            authority: self.authority.clone(),
            delay_reason: self.delay_reason.clone(),
            individuals: self.individuals.clone(),
            contact_point: self.contact_point.clone(),
            status: self.status,
        }
    }

    pub fn changed_fields(&self, draft: &IncidentDraft) -> Vec<&'static str> {
        let old = self.draft();
        let mut fields = Vec::new();
        macro_rules! cmp {
            ($($f:ident),*) => {$(
                if old.$f != draft.$f { fields.push(stringify!($f)); }
            )*};
        }
        cmp!(
            title,
            description,
            occurred_at,
            aware_at,
            nature,
            data_categories,
            subject_categories,
            approx_subjects,
            approx_records,
            consequences,
            measures,
            risk,
            authority,
            delay_reason,
            individuals,
            contact_point,
            status
        );
        fields
    }

    pub fn apply(&mut self, draft: IncidentDraft) {
        self.title = draft.title;
        self.description = draft.description;
        self.occurred_at = draft.occurred_at;
        self.aware_at = draft.aware_at;
        self.nature = draft.nature;
        self.data_categories = draft.data_categories;
        self.subject_categories = draft.subject_categories;
        self.approx_subjects = draft.approx_subjects;
        self.approx_records = draft.approx_records;
        self.consequences = draft.consequences;
        self.measures = draft.measures;
        self.risk = draft.risk;
        self.authority = draft.authority;
        self.delay_reason = draft.delay_reason;
        self.individuals = draft.individuals;
        self.contact_point = draft.contact_point;
        self.status = draft.status;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentDraft {
    pub title: String,
    pub description: String,
    #[serde(with = "crate::model::time::opt_ts")]
    pub occurred_at: Option<Timestamp>,
    #[serde(with = "crate::model::time::ts")]
    pub aware_at: Timestamp,
    pub nature: Vec<BreachNature>,
    pub data_categories: Vec<String>,
    pub subject_categories: Vec<String>,
    pub approx_subjects: u64,
    pub approx_records: u64,
    pub consequences: String,
    pub measures: String,
    pub risk: RiskLevel,
    pub authority: Option<AuthorityNotification>,
    pub delay_reason: String,
    pub individuals: IndividualsNotice,
    pub contact_point: String,
    pub status: IncidentStatus,
}

impl IncidentDraft {
    pub fn new(title: &str, aware_at: Timestamp) -> IncidentDraft {
        IncidentDraft {
            title: title.to_string(),
            description: String::new(),
            occurred_at: None,
            aware_at,
            nature: vec![BreachNature::Confidentiality],
            data_categories: Vec::new(),
            subject_categories: Vec::new(),
            approx_subjects: 0,
            approx_records: 0,
            consequences: String::new(),
            measures: String::new(),
            risk: RiskLevel::Risk,
            authority: None,
            delay_reason: String::new(),
            individuals: IndividualsNotice::Undecided,
            contact_point: String::new(),
            status: IncidentStatus::Open,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotificationChannel {
    Email,
    Phone,
    Post,
    /// The contact has no way to be reached (or was anonymised).
    Unreachable,
}

impl NotificationChannel {
    pub fn key(self) -> &'static str {
        match self {
            NotificationChannel::Email => "email",
            NotificationChannel::Phone => "phone",
            NotificationChannel::Post => "post",
            NotificationChannel::Unreachable => "unreachable",
        }
    }
}

/// One person on an incident's frozen notification list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationEntry {
    pub incident_id: IncidentId,
    pub contact_id: ContactId,
    /// Name and destination as they were when the list was frozen, so the
    /// record of who was told where does not change with later edits.
    pub name: String,
    pub channel: NotificationChannel,
    pub destination: String,
    pub language: String,
    /// Anonymised before the list was frozen: cannot be notified.
    pub anonymised: bool,
    #[serde(with = "crate::model::time::opt_ts")]
    pub notified_at: Option<Timestamp>,
    pub notified_by: Option<String>,
}

/// Who an incident affects, by rule. With `everyone`, every contact; else
/// the contacts matching all the filters given (none given: nobody), plus
/// the ones picked by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedRule {
    pub everyone: bool,
    /// Any of these tags.
    pub tags: Vec<String>,
    /// Working at any of these organisations.
    pub organisations: Vec<super::OrganisationId>,
    /// With any consent history for this purpose.
    pub purpose: Option<super::PurposeId>,
    /// Created within [from, to].
    #[serde(with = "crate::model::time::opt_range")]
    pub created: Option<(Timestamp, Timestamp)>,
    /// With an interaction within [from, to].
    #[serde(with = "crate::model::time::opt_range")]
    pub interacted: Option<(Timestamp, Timestamp)>,
    pub picked: Vec<ContactId>,
}

impl AffectedRule {
    pub fn has_filters(&self) -> bool {
        !self.tags.is_empty()
            || !self.organisations.is_empty()
            || self.purpose.is_some()
            || self.created.is_some()
            || self.interacted.is_some()
    }

    /// How the rule reads in the incident's record ("tags customer, vip;
    /// created 2026-01-01 – 2026-06-30; 2 picked by hand").
    pub fn describe(&self) -> String {
        if self.everyone {
            return "everyone".to_string();
        }
        let day = |t: Timestamp| t.format("%Y-%m-%d").to_string();
        let mut parts = Vec::new();
        if !self.tags.is_empty() {
            parts.push(format!("tags {}", self.tags.join(", ")));
        }
        if !self.organisations.is_empty() {
            parts.push(format!(
                "organisations {}",
                self.organisations
                    .iter()
                    .map(|o| format!("#{o}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(p) = self.purpose {
            parts.push(format!("purpose #{p}"));
        }
        if let Some((from, to)) = self.created {
            parts.push(format!("created {} – {}", day(from), day(to)));
        }
        if let Some((from, to)) = self.interacted {
            parts.push(format!("interacted {} – {}", day(from), day(to)));
        }
        if !self.picked.is_empty() {
            parts.push(format!("{} picked by hand", self.picked.len()));
        }
        if parts.is_empty() {
            "nobody".to_string()
        } else {
            parts.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone, Utc};

    fn incident(aware_at: Timestamp) -> Incident {
        Incident::from_draft(
            1,
            IncidentDraft::new("Laptop stolen", aware_at),
            "petra",
            aware_at,
        )
    }

    #[test]
    fn seventy_two_hours_from_awareness() {
        let aware = Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).unwrap();
        let i = incident(aware);
        assert_eq!(
            i.authority_deadline(),
            Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap()
        );
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 9, 30, 0).unwrap();
        assert_eq!(
            i.countdown(now),
            Countdown::Running(Duration::minutes(52 * 60 + 30))
        );
        assert_eq!(i.countdown(now).describe(), "2d 04h left");
        let late = Utc.with_ymd_and_hms(2026, 11, 23, 1, 55, 0).unwrap();
        assert!(matches!(i.countdown(late), Countdown::Urgent(_)));
        assert_eq!(i.countdown(late).describe(), "12h 05m left");
        let over = Utc.with_ymd_and_hms(2026, 11, 23, 17, 7, 0).unwrap();
        assert_eq!(
            i.countdown(over),
            Countdown::Overdue(Duration::minutes(187))
        );
        assert_eq!(i.countdown(over).describe(), "overdue by 3h 07m");
        assert!(i.countdown(over).is_alert());
    }

    #[test]
    fn the_deadline_does_not_move_with_daylight_saving() {
        // Aware on Saturday 24 October 2026 at 10:00 in Amsterdam (CEST,
        // +02:00). Clocks go back on the 25th, so the deadline is 09:00
        // local (CET, +01:00) on Tuesday 27 October: still 72 real hours.
        let cest = FixedOffset::east_opt(2 * 3600).unwrap();
        let cet = FixedOffset::east_opt(3600).unwrap();
        let aware = cest
            .with_ymd_and_hms(2026, 10, 24, 10, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let deadline = incident(aware).authority_deadline();
        assert_eq!(
            deadline
                .with_timezone(&cet)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            "2026-10-27 09:00"
        );
        assert_eq!((deadline - aware).num_hours(), 72);
        // In spring the hour is skipped: aware 28 March 2026 12:00 CET is a
        // deadline of 31 March 13:00 CEST.
        let aware = cet
            .with_ymd_and_hms(2026, 3, 28, 12, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            incident(aware)
                .authority_deadline()
                .with_timezone(&cest)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            "2026-03-31 13:00"
        );
    }

    #[test]
    fn reported_or_closed_incidents_stop_the_clock() {
        let aware = Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).unwrap();
        let mut i = incident(aware);
        i.authority = Some(AuthorityNotification {
            at: aware + Duration::hours(30),
            reference: "AP-2026-1234".into(),
            authority: "Autoriteit Persoonsgegevens".into(),
        });
        assert_eq!(i.countdown(aware + Duration::hours(100)), Countdown::Done);
        let mut j = incident(aware);
        j.status = IncidentStatus::Closed;
        assert_eq!(j.countdown(aware + Duration::hours(100)), Countdown::Done);
    }

    #[test]
    fn rules_describe_themselves() {
        let rule = AffectedRule {
            tags: vec!["customer".into()],
            picked: vec![4, 5],
            ..AffectedRule::default()
        };
        assert_eq!(rule.describe(), "tags customer; 2 picked by hand");
        assert_eq!(AffectedRule::default().describe(), "nobody");
    }
}

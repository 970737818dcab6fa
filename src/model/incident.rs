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

//! Data-subject requests (Art. 12, 15–22) and their one-month deadline.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{ContactId, RequestId, TimelineNote, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestKind {
    Access,
    Rectification,
    Erasure,
    Restriction,
    Objection,
    Portability,
    ConsentWithdrawal,
}

impl RequestKind {
    pub const ALL: [RequestKind; 7] = [
        RequestKind::Access,
        RequestKind::Rectification,
        RequestKind::Erasure,
        RequestKind::Restriction,
        RequestKind::Objection,
        RequestKind::Portability,
        RequestKind::ConsentWithdrawal,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Rectification => "rectification",
            RequestKind::Erasure => "erasure",
            RequestKind::Restriction => "restriction",
            RequestKind::Objection => "objection",
            RequestKind::Portability => "portability",
            RequestKind::ConsentWithdrawal => "consent-withdrawal",
        }
    }

    pub fn article(self) -> &'static str {
        match self {
            RequestKind::Access => "Art. 15",
            RequestKind::Rectification => "Art. 16",
            RequestKind::Erasure => "Art. 17",
            RequestKind::Restriction => "Art. 18",
            RequestKind::Objection => "Art. 21",
            RequestKind::Portability => "Art. 20",
            RequestKind::ConsentWithdrawal => "Art. 7(3)",
        }
    }

    pub fn parse(s: &str) -> Option<RequestKind> {
        let s = s.trim().to_lowercase().replace(' ', "-");
        RequestKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

impl std::fmt::Display for RequestKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    New,
    IdentityVerified,
    InProgress,
    Done,
    Refused { reason: String },
}

impl RequestStatus {
    pub fn key(&self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::IdentityVerified => "identity-verified",
            RequestStatus::InProgress => "in-progress",
            RequestStatus::Done => "done",
            RequestStatus::Refused { .. } => "refused",
        }
    }

    pub fn is_closed(&self) -> bool {
        matches!(self, RequestStatus::Done | RequestStatus::Refused { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestExtension {
    #[serde(with = "crate::model::time::date")]
    pub due_on: NaiveDate,
    /// Told to the person within the first month (Art. 12(3)).
    pub reason: String,
    #[serde(with = "crate::model::time::ts")]
    pub at: Timestamp,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectRequest {
    pub id: RequestId,
    pub version: u32,
    pub kind: RequestKind,
    pub contact_id: Option<ContactId>,
    /// Who asked, as they identified themselves, while not yet matched to a
    /// contact; blanked when the matched contact is erased.
    pub requester: String,
    #[serde(with = "crate::model::time::date")]
    pub received_on: NaiveDate,
    #[serde(with = "crate::model::time::date")]
    pub due_on: NaiveDate,
    pub extension: Option<RequestExtension>,
    pub status: RequestStatus,
    pub notes: Vec<TimelineNote>,
    pub handled_by: Option<String>,
    pub created_by: String,
    #[serde(with = "crate::model::time::ts")]
    pub created_at: Timestamp,
    #[serde(with = "crate::model::time::ts")]
    pub updated_at: Timestamp,
    #[serde(with = "crate::model::time::opt_ts")]
    pub closed_at: Option<Timestamp>,
}

impl SubjectRequest {
    /// The deadline in force: the extended one if the request was extended.
    pub fn effective_due(&self) -> NaiveDate {
        self.extension.as_ref().map_or(self.due_on, |e| e.due_on)
    }

    /// Days until the deadline (negative when overdue); `None` once closed.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        if self.status.is_closed() {
            None
        } else {
            Some((self.effective_due() - today).num_days())
        }
    }

    /// "12 days left", "due today", "3 days overdue", or the closing date.
    pub fn deadline_text(&self, today: NaiveDate) -> String {
        match self.days_left(today) {
            Some(0) => "due today".to_string(),
            Some(1) => "1 day left".to_string(),
            Some(-1) => "1 day overdue".to_string(),
            Some(d) if d < 0 => format!("{} days overdue", -d),
            Some(d) => format!("{d} days left"),
            None => format!(
                "closed {}",
                self.closed_at
                    .map(|t| t.date_naive().to_string())
                    .unwrap_or_default()
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectRequestDraft {
    pub kind: RequestKind,
    pub contact_id: Option<ContactId>,
    pub requester: String,
    #[serde(with = "crate::model::time::date")]
    pub received_on: NaiveDate,
    pub note: String,
}

/// Art. 12(3) with Regulation 1182/71: a period in months ends on the same
/// day of the month; when that month is shorter, on its last day
/// (31 January + 1 month = 28 or 29 February).
pub fn due_date(received_on: NaiveDate, months: u32) -> NaiveDate {
    received_on
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The deadline after the two-month extension, counted from receipt.
pub fn extended_due_date(received_on: NaiveDate) -> NaiveDate {
    due_date(received_on, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn one_month_from_mid_month_is_same_day_next_month() {
        assert_eq!(due_date(d(2026, 3, 15), 1), d(2026, 4, 15));
    }

    #[test]
    fn thirty_first_january_plus_one_month_is_end_of_february() {
        assert_eq!(due_date(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(due_date(d(2028, 1, 31), 1), d(2028, 2, 29));
    }

    #[test]
    fn leap_day_plus_one_month_is_twenty_ninth_march() {
        assert_eq!(due_date(d(2028, 2, 29), 1), d(2028, 3, 29));
    }

    #[test]
    fn december_rolls_into_next_year() {
        assert_eq!(due_date(d(2026, 12, 31), 1), d(2027, 1, 31));
    }

    #[test]
    fn extension_is_three_months_from_receipt() {
        assert_eq!(extended_due_date(d(2026, 1, 31)), d(2026, 4, 30));
        assert_eq!(extended_due_date(d(2027, 11, 30)), d(2028, 2, 29));
    }
}

//! The types requests and answers carry: drafts, queries, pages, reports.
//! The requests themselves are defined beside their handlers and listed in
//! `registry.rs`; all of these are serde types so the daemon can carry them
//! over a socket unchanged.

use serde::{Deserialize, Serialize};

use crate::model::audit::ChainVerdict;
use crate::model::retention::{Assessment, RetentionState, StateKey};
use crate::model::{
    AuditEntry, ConsentAction, ConsentChannel, ConsentEvent, ConsentState, Contact, ContactDraft,
    ContactId, Incident, Interaction, InteractionKind, LegalBasis, NotificationEntry, Organisation,
    OrganisationDraft, Purpose, PurposeId, Role, SubjectRequest, Timestamp,
};
use crate::search::{ContactSummary, Highlights, SortKey};

/// What carrying out a request does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CarryOut {
    /// Access or portability: the export of the person's data is returned.
    ExportData,
    /// Erasure: anonymise or delete now, or schedule it.
    Erase {
        delete: bool,
        on: Option<Timestamp>,
    },
    Restrict {
        reason: String,
    },
    /// Objection to direct marketing: withdraw every marketing purpose and
    /// put the person on the do-not-contact list.
    Object,
    /// Withdraw every consent the person has given.
    WithdrawConsents,
    /// Rectification: the contact was corrected already (`custos contact
    /// edit`); this records that and closes the request.
    Rectified,
    /// Rectification: corrects the contact and closes the request in one
    /// transaction (the contact form of the interface).
    Rectify {
        version: u32,
        draft: Box<crate::model::ContactDraft>,
        confirmed: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarryOutReport {
    pub request: RequestOverview,
    /// What was done, in a sentence.
    pub done: String,
    pub export: Option<Box<SubjectData>>,
}

/// The controller as named in exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Controller {
    pub name: String,
    pub address: String,
    pub email: String,
    pub dpo: String,
}

/// A purpose as the person is told about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeInfo {
    pub id: PurposeId,
    pub name: String,
    pub description: String,
    pub legal_basis: String,
    pub legitimate_interest: String,
    pub retention: String,
    pub data_categories: Vec<String>,
    pub special_categories: Vec<String>,
    pub recipients: Vec<String>,
    pub transfers: Vec<String>,
    pub marketing: bool,
}

/// An incident the person was on the notification list of, with the entry
/// as it was frozen (the name and address they were to be told at).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentNotice {
    pub title: String,
    #[serde(with = "crate::model::time::ts")]
    pub aware_at: Timestamp,
    pub entry: NotificationEntry,
}

/// Everything stored about one person. The JSON of this struct is the
/// documented export format `custos.subject-export/1` (see
/// docs/subject-export.md); fields are only ever added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectData {
    pub format: String,
    #[serde(with = "crate::model::time::ts")]
    pub generated_at: Timestamp,
    pub controller: Controller,
    pub contact: Contact,
    pub organisation: Option<Organisation>,
    pub interactions: Vec<Interaction>,
    pub consents: Vec<PurposeConsent>,
    pub purposes: Vec<PurposeInfo>,
    pub retention: Assessment,
    pub requests: Vec<SubjectRequest>,
    pub incidents: Vec<IncidentNotice>,
}

/// A request with the contact it is about, for lists and the detail view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestOverview {
    pub request: SubjectRequest,
    pub contact: Option<ContactSummary>,
}

impl RequestOverview {
    /// Who the request is about: the matched contact, or the requester's
    /// own words while unmatched.
    pub fn who(&self) -> String {
        match &self.contact {
            Some(c) => c.name.clone(),
            None if self.request.contact_id.is_some() => "(contact erased)".to_string(),
            None => format!("{} (unmatched)", self.request.requester),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RopaData {
    #[serde(with = "crate::model::time::ts")]
    pub generated_at: Timestamp,
    pub controller: Controller,
    pub security_measures: String,
    pub purposes: Vec<Purpose>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentOverview {
    pub incident: Incident,
    pub listed: u32,
    pub notified: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub entries: Vec<NotificationEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedPreview {
    pub count: usize,
    /// Of those, how many have no e-mail, phone or address, or are
    /// anonymised.
    pub unreachable: usize,
    pub sample: Vec<ContactSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezeReport {
    pub added: usize,
    pub already_listed: usize,
    pub unreachable: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationExport {
    pub entries: Vec<NotificationEntry>,
    /// Left out, and why ("restricted (Art. 18)", "anonymised").
    pub excluded: Vec<(ContactId, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedLetter {
    pub contact_id: ContactId,
    pub file_name: String,
    pub eml: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterBatch {
    pub letters: Vec<RenderedLetter>,
    /// People on the list not written to, and why.
    pub excluded: Vec<(ContactId, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendReport {
    pub sent: Vec<ContactId>,
    pub failed: Vec<(ContactId, String)>,
    pub excluded: Vec<(ContactId, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlertLevel {
    Info,
    Warning,
    Critical,
}

/// How far the search index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchReadiness {
    /// Nobody asked for it yet (a one-shot command that never searches).
    NotStarted,
    /// Being built: contacts read so far, of how many.
    Building {
        done: u64,
        total: u64,
    },
    Ready,
}

impl SearchReadiness {
    /// "index building (42 %)", or nothing when searches are answered.
    pub fn label(self) -> Option<String> {
        match self {
            SearchReadiness::Building { done, total } => Some(format!(
                "index building ({} %)",
                (done.saturating_mul(100) / total.max(1)).min(99)
            )),
            SearchReadiness::NotStarted | SearchReadiness::Ready => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub level: AlertLevel,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetentionBulk {
    Anonymise,
    Delete,
    ScheduleErasure {
        due: Timestamp,
        delete: bool,
        reason: String,
    },
    CancelErasure,
    Extend {
        until: Timestamp,
        reason: String,
    },
    LegalHoldOn {
        reason: String,
    },
    LegalHoldOff,
}

impl RetentionBulk {
    pub fn describe(&self) -> &'static str {
        match self {
            RetentionBulk::Anonymise => "anonymise",
            RetentionBulk::Delete => "delete",
            RetentionBulk::ScheduleErasure { .. } => "schedule erasure",
            RetentionBulk::CancelErasure => "cancel erasure",
            RetentionBulk::Extend { .. } => "extend retention",
            RetentionBulk::LegalHoldOn { .. } => "put on legal hold",
            RetentionBulk::LegalHoldOff => "take off legal hold",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRow {
    pub summary: ContactSummary,
    pub state: RetentionState,
    pub keep_until: Option<Timestamp>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionReport {
    pub as_of: Timestamp,
    pub counts: Vec<(StateKey, u64)>,
    /// How many contacts are in the state asked for.
    pub total: usize,
    pub rows: Vec<RetentionRow>,
    /// While the contacts are re-derived after a purpose's rule changed
    /// (in the background, by the daemon or the interface): how far. The
    /// figures may still change; the sweep waits for the end.
    pub updating: Option<Progress>,
}

/// The re-derivation of retention after a purpose change: what is left
/// (`None`: nothing), and whether the daemon or the interface does it in
/// the background (otherwise the front-end asks for it chunk by chunk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionUpdating {
    pub left: Option<Progress>,
    pub background: bool,
}

/// How far a piece of background work is: `done` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

impl Progress {
    /// Whole per cent, 0 when there is nothing to count.
    pub fn percent(self) -> u64 {
        (self.done.min(self.total) * 100)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkReport {
    pub action: String,
    pub done: Vec<ContactId>,
    /// Contacts left alone, and why ("on legal hold").
    pub skipped: Vec<(ContactId, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepReport {
    pub as_of: Timestamp,
    pub dry_run: bool,
    pub anonymised: Vec<ContactId>,
    pub deleted: Vec<ContactId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentDraft {
    pub contact_id: ContactId,
    pub purpose_id: PurposeId,
    pub action: ConsentAction,
    /// When the person decided; `None` means now.
    pub at: Option<Timestamp>,
    pub channel: ConsentChannel,
    /// What was asked and how (required when consent is given).
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentCounts {
    pub given: u32,
    pub withdrawn: u32,
    pub refused: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeOverview {
    pub purpose: Purpose,
    pub counts: ConsentCounts,
}

/// One purpose as it stands for one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeConsent {
    pub purpose_id: PurposeId,
    pub name: String,
    pub legal_basis: LegalBasis,
    pub marketing: bool,
    pub archived: bool,
    pub state: ConsentState,
    /// Oldest first.
    pub history: Vec<ConsentEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactQuery {
    /// Fuzzy query; empty lists everyone in `sort` order.
    pub query: String,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
    /// Continue after this contact (the `next` of the previous page), for
    /// an empty query in name order: a streamed list or export neither
    /// skips nor repeats anyone while others write, and a page deep in a
    /// million contacts costs no more than the first. `offset` then
    /// counts from the cursor.
    pub after: Option<ContactCursor>,
}

impl Default for ContactQuery {
    fn default() -> Self {
        ContactQuery {
            query: String::new(),
            sort: SortKey::Name,
            descending: false,
            offset: 0,
            limit: 100,
            after: None,
        }
    }
}

/// Where a page in name order ended: the last contact's sort key and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCursor {
    pub sort_key: String,
    pub id: ContactId,
}

/// One page of a contact export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactExportPage {
    /// How many contacts match in all.
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<ExportedContact>,
    /// The cursor of the next page (empty query in name order, more rows
    /// to come).
    pub next: Option<ContactCursor>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedContact {
    pub contact: Contact,
    /// The organisation's name, empty when none.
    pub organisation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPage {
    /// How many contacts match in all.
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<ContactRow>,
    /// The cursor of the next page (empty query in name order, more rows
    /// to come).
    pub next: Option<ContactCursor>,
}

/// The consent picture of one contact in one glance: how many purposes in
/// each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSummary {
    pub given: u16,
    pub withdrawn: u16,
    pub refused: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub summary: ContactSummary,
    pub highlights: Highlights,
    pub consent: ConsentSummary,
    /// Short retention hint for the table ("keep until 2027-03", "expired").
    pub retention: String,
}

/// Everything the detail view shows about one contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactDetail {
    pub contact: Contact,
    pub organisation: Option<Organisation>,
    /// Newest first.
    pub interactions: Vec<Interaction>,
    /// Every active purpose, and archived ones with a history.
    pub consents: Vec<PurposeConsent>,
    /// What retention says about the contact now.
    pub retention: Assessment,
}

/// A batch for `Request::Import`. Cross-references are indices into the
/// batch, since ids are assigned by the service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBatch {
    pub organisations: Vec<OrganisationDraft>,
    pub contacts: Vec<ImportContact>,
    pub kind: ImportKind,
    /// Check everything, write nothing: the report lists every problem and
    /// every duplicate.
    pub dry_run: bool,
    pub duplicates: OnDuplicate,
}

/// What to do with a contact whose e-mail address or phone number (as
/// normalised) is already on a contact, or earlier in the batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnDuplicate {
    /// Import it anyway (generated demo data).
    #[default]
    Allow,
    /// Refuse the whole batch.
    Refuse,
    /// Import the others.
    Skip,
}

/// A row that cannot be imported as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// "contacts" or "organisations", and the index in that list.
    pub section: String,
    pub index: usize,
    pub field: String,
    pub message: String,
}

/// A contact of the batch that another contact has an address of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportDuplicate {
    pub index: usize,
    /// "e-mail" or "phone", and which of the row's addresses or numbers.
    pub what: String,
    pub position: usize,
    pub of: DuplicateOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DuplicateOf {
    Contact(ContactId),
    /// An earlier contact of the same batch.
    Row(usize),
}

/// Real data (an import: privacy officer or admin) or generated demo data
/// (admin only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    #[default]
    Data,
    /// Refused on a database that holds contacts other than demo data,
    /// unless `force`.
    Demo { force: bool },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportContact {
    pub draft: ContactDraft,
    /// Index into `ImportBatch::organisations`; overrides
    /// `draft.organisation_id`.
    pub organisation: Option<usize>,
    /// When the contact was first recorded (migrations from another system);
    /// `None` means now.
    pub created_at: Option<Timestamp>,
    pub interactions: Vec<ImportInteraction>,
    pub consents: Vec<ImportConsent>,
}

/// Who logged it is not part of it: the service records the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportInteraction {
    pub kind: InteractionKind,
    pub at: Timestamp,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportConsent {
    pub purpose_id: PurposeId,
    pub action: ConsentAction,
    pub at: Timestamp,
    pub channel: ConsentChannel,
    pub evidence: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub organisations: usize,
    /// Ids given to the batch's organisations, in batch order.
    pub organisation_ids: Vec<u64>,
    pub contacts: usize,
    pub interactions: usize,
    pub consents: usize,
    /// Contacts whose e-mail or phone is on the do-not-contact list: imported,
    /// but flagged so no marketing reaches them.
    pub flagged_do_not_contact: usize,
    pub first_contact_id: Option<ContactId>,
    /// Every row that cannot be imported (a dry run lists them all; an
    /// import is refused at the first).
    pub problems: Vec<ImportProblem>,
    pub duplicates: Vec<ImportDuplicate>,
    /// Duplicates left out (`OnDuplicate::Skip`).
    pub skipped: usize,
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub user: String,
    pub role: Role,
    /// Where the data lives, for the status line.
    pub database: String,
    /// The IANA zone wall-clock times are typed and read in (the setting,
    /// or the server's zone).
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub total: u64,
    pub entries: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditVerification {
    pub verdict: ChainVerdict,
    /// The head stored beside the log matches its last entry, so no entry was
    /// cut off the end.
    pub head_matches: bool,
    /// Entries sealed under the rule of custos 0.1, each re-proven.
    pub legacy: crate::model::audit::LegacySeals,
}

impl AuditVerification {
    /// Whether the trail is proven intact, and the verdict in words, as the
    /// CLI and the Audit screen show it.
    pub fn summary(&self) -> (bool, String) {
        let legacy = match self.legacy.last {
            0 => String::new(),
            1 => " (entry 1 was sealed by custos 0.1 and re-proven under its rule)".to_string(),
            n => format!(" (entries 1–{n} were sealed by custos 0.1 and re-proven under its rule)"),
        };
        match &self.verdict {
            ChainVerdict::Intact { entries } if self.head_matches => (
                true,
                format!("OK: {entries} audit entries, chain intact{legacy}"),
            ),
            ChainVerdict::Intact { entries } => (
                false,
                format!(
                    "BROKEN: the {entries} entries link up, but the last one is not the \
                     recorded head (entries were removed from the end)"
                ),
            ),
            ChainVerdict::Broken { seq, reason } => {
                (false, format!("BROKEN at entry {seq}: {reason}"))
            }
        }
    }
}

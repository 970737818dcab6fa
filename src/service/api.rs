//! The one API: every front-end (TUI, CLI, daemon clients) sends a `Request`
//! and gets a `Response`. Both are serde types so the daemon can carry them
//! over a socket unchanged. Append variants at the end only: the wire format
//! numbers them by position.

use serde::{Deserialize, Serialize};

use crate::model::audit::ChainVerdict;
use crate::model::purpose::PurposeTemplate;
use crate::model::retention::{Assessment, RetentionState, StateKey};
use crate::model::subject_request::RequestStatus;
use crate::model::{
    AffectedRule, Incident, IncidentDraft, IncidentId, NotificationEntry, RequestId, Settings,
    SubjectRequest, SubjectRequestDraft,
};
use crate::model::{
    AuditEntry, ConsentAction, ConsentChannel, ConsentEvent, ConsentState, Contact, ContactDraft,
    ContactId, Interaction, InteractionDraft, InteractionKind, LegalBasis, Organisation,
    OrganisationDraft, OrganisationId, Purpose, PurposeDraft, PurposeId, Role, SpecialCategory,
    Timestamp, User,
};
use crate::search::{ContactSummary, Highlights, SortKey};
use crate::store::{CopyReport, VacuumReport};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Who the service thinks the caller is.
    Whoami,
    /// A counter bumped by every committed change; clients poll it to refresh.
    Changes,

    ListContacts(ContactQuery),
    GetContact {
        id: ContactId,
    },
    CreateContact(ContactDraft),
    UpdateContact {
        id: ContactId,
        version: u32,
        draft: ContactDraft,
        /// A restricted contact (Art. 18) is only changed when the user
        /// confirmed they mean to; without it the edit is refused with
        /// `NeedsConfirmation`.
        #[serde(default)]
        confirmed: bool,
    },
    DeleteContact {
        id: ContactId,
    },

    ListOrganisations,
    GetOrganisation {
        id: OrganisationId,
    },
    CreateOrganisation(OrganisationDraft),
    UpdateOrganisation {
        id: OrganisationId,
        version: u32,
        draft: OrganisationDraft,
    },
    DeleteOrganisation {
        id: OrganisationId,
    },

    ListInteractions {
        contact_id: ContactId,
    },
    CreateInteraction(InteractionDraft),
    UpdateInteraction {
        id: u64,
        version: u32,
        kind: InteractionKind,
        at: Timestamp,
        summary: String,
    },
    DeleteInteraction {
        id: u64,
    },

    /// Many organisations, contacts and their histories in one transaction.
    Import(ImportBatch),

    /// Audit entries, newest first, starting below `before` (exclusive).
    ListAudit {
        before: Option<u64>,
        limit: usize,
    },
    VerifyAudit,

    ListUsers,
    AddUser {
        name: String,
        role: Role,
    },
    SetRole {
        name: String,
        role: Role,
    },
    RemoveUser {
        name: String,
    },

    /// Every purpose with how many contacts hold each consent state.
    ListPurposes,
    GetPurpose {
        id: PurposeId,
    },
    CreatePurpose(PurposeDraft),
    UpdatePurpose {
        id: PurposeId,
        version: u32,
        draft: PurposeDraft,
    },
    /// A purpose in use is archived, never deleted: its history stays.
    ArchivePurpose {
        id: PurposeId,
    },
    /// Only a purpose nobody's consent refers to.
    DeletePurpose {
        id: PurposeId,
    },
    PurposeTemplates,
    /// Creates purposes from the named templates (skipping names in use).
    LoadTemplates {
        keys: Vec<String>,
    },
    RecordConsent(ConsentDraft),
    ConsentHistory {
        contact_id: ContactId,
        purpose_id: PurposeId,
    },
    /// Who may be contacted for a purpose: a current consent (or another
    /// basis that applies), not restricted, not objected, not anonymised.
    Contactable {
        purpose_id: PurposeId,
    },
    RecordSpecial {
        contact_id: ContactId,
        category: SpecialCategory,
        purpose_id: PurposeId,
        value: String,
    },
    RemoveSpecial {
        contact_id: ContactId,
        category: SpecialCategory,
    },

    /// The retention dashboard: counts per state and the contacts in one
    /// state (all but "fine" when `state` is `None`), most urgent first.
    RetentionReport {
        as_of: Option<Timestamp>,
        state: Option<StateKey>,
        offset: usize,
        limit: usize,
    },
    /// One action on many contacts, in one transaction.
    RetentionAction {
        ids: Vec<ContactId>,
        action: RetentionBulk,
    },
    /// Carries out the erasures that are due (scheduled dates reached;
    /// expired records where auto-erase is on). Idempotent.
    Sweep {
        as_of: Option<Timestamp>,
        dry_run: bool,
    },
    /// Rewrites the database file so erased bytes do not linger.
    Vacuum,
    /// A consistent copy of the database to a new file on the server.
    Backup {
        path: String,
    },
    GetSettings,
    UpdateSettings(Settings),

    ListIncidents,
    GetIncident {
        id: IncidentId,
    },
    CreateIncident(IncidentDraft),
    UpdateIncident {
        id: IncidentId,
        version: u32,
        draft: IncidentDraft,
    },
    AddIncidentNote {
        id: IncidentId,
        text: String,
    },
    /// How many contacts a rule selects now (nothing is written).
    PreviewAffected(AffectedRule),
    /// Adds the people a rule selects to the incident's notification list,
    /// as they are now; later edits do not change their entries.
    FreezeNotificationList {
        id: IncidentId,
        rule: AffectedRule,
    },
    MarkNotified {
        id: IncidentId,
        contacts: Vec<ContactId>,
        notified: bool,
    },
    /// The list to notify, without the people who may not be contacted now
    /// (restricted, anonymised, unreachable), which are named with why.
    ExportNotificationList {
        id: IncidentId,
    },
    /// One RFC 5322 letter per person to notify by e-mail.
    RenderLetters {
        id: IncidentId,
    },
    /// Sends the letters not sent yet through the configured sendmail
    /// command, and marks those people notified.
    SendLetters {
        id: IncidentId,
    },
    /// Deadlines that need attention now: incidents, requests.
    Alerts,

    /// The requests queue, nearest deadline first.
    ListRequests {
        include_closed: bool,
    },
    GetRequest {
        id: RequestId,
    },
    FileRequest(SubjectRequestDraft),
    SetRequestStatus {
        id: RequestId,
        version: u32,
        status: RequestStatus,
        note: String,
    },
    /// Two more months (Art. 12(3)); the reason is what the person is told.
    ExtendRequest {
        id: RequestId,
        version: u32,
        reason: String,
    },
    /// Matches a request from someone not yet identified to a contact.
    LinkRequest {
        id: RequestId,
        version: u32,
        contact_id: ContactId,
    },
    AddRequestNote {
        id: RequestId,
        text: String,
    },
    /// Does what the request asks, and closes it. `version` is the request
    /// as the user saw it when confirming: had a colleague relinked it
    /// since, the action would hit someone else. `note` goes on the
    /// timeline with the outcome.
    CarryOut {
        id: RequestId,
        version: u32,
        action: CarryOut,
        note: String,
    },
    /// Art. 18: restrict processing of a contact.
    RestrictContact {
        id: ContactId,
        reason: String,
    },
    LiftRestriction {
        id: ContactId,
    },
    /// Everything stored about one person (Art. 15, 20).
    SubjectExport {
        contact_id: ContactId,
    },
    /// The records of processing activities (Art. 30).
    Ropa,
    /// Machine-readable bulk output of contacts, every field (CSV, JSON):
    /// an export, audited with its row count. Pages like `ListContacts`.
    ExportContacts {
        query: ContactQuery,
        /// What the client writes ("csv", "json"), for the audit entry.
        format: String,
    },
}

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
    /// Rectification: the contact was corrected (through the contact form);
    /// this records that and closes the request.
    Rectified,
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
}

impl Default for ContactQuery {
    fn default() -> Self {
        ContactQuery {
            query: String::new(),
            sort: SortKey::Name,
            descending: false,
            offset: 0,
            limit: 100,
        }
    }
}

/// One page of a contact export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactExportPage {
    /// How many contacts match in all.
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<ExportedContact>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Done,
    Identity(Identity),
    Changes(u64),
    ContactPage(ContactPage),
    Contact(Box<ContactDetail>),
    ContactSaved(Box<Contact>),
    Organisations(Vec<Organisation>),
    Organisation(Organisation),
    Interactions(Vec<Interaction>),
    Interaction(Interaction),
    Imported(ImportReport),
    Audit(AuditPage),
    AuditVerification(AuditVerification),
    Users(Vec<User>),
    User(User),
    Purposes(Vec<PurposeOverview>),
    Purpose(Purpose),
    PurposeTemplates(Vec<PurposeTemplate>),
    PurposesLoaded(Vec<Purpose>),
    ConsentRecorded(ConsentEvent),
    ConsentHistory(Vec<ConsentEvent>),
    Contactable(Vec<ContactSummary>),
    Retention(RetentionReport),
    Bulk(BulkReport),
    Swept(SweepReport),
    Vacuumed(VacuumReport),
    BackedUp(CopyReport),
    Settings(Settings),
    Incidents(Vec<IncidentOverview>),
    Incident(Box<IncidentDetail>),
    Affected(AffectedPreview),
    Frozen(FreezeReport),
    Marked(usize),
    NotificationList(NotificationExport),
    Letters(LetterBatch),
    Sent(SendReport),
    Alerts(Vec<Alert>),
    Requests(Vec<RequestOverview>),
    SubjectRequest(Box<RequestOverview>),
    CarriedOut(Box<CarryOutReport>),
    SubjectData(Box<SubjectData>),
    Ropa(Box<RopaData>),
    ContactExport(ContactExportPage),
}

impl Response {
    /// Short name, for "unexpected response" errors.
    pub fn name(&self) -> &'static str {
        match self {
            Response::Done => "done",
            Response::Identity(_) => "identity",
            Response::Changes(_) => "changes",
            Response::ContactPage(_) => "contact page",
            Response::Contact(_) => "contact",
            Response::ContactSaved(_) => "contact saved",
            Response::Organisations(_) => "organisations",
            Response::Organisation(_) => "organisation",
            Response::Interactions(_) => "interactions",
            Response::Interaction(_) => "interaction",
            Response::Imported(_) => "imported",
            Response::Audit(_) => "audit",
            Response::AuditVerification(_) => "audit verification",
            Response::Users(_) => "users",
            Response::User(_) => "user",
            Response::Purposes(_) => "purposes",
            Response::Purpose(_) => "purpose",
            Response::PurposeTemplates(_) => "purpose templates",
            Response::PurposesLoaded(_) => "purposes loaded",
            Response::ConsentRecorded(_) => "consent recorded",
            Response::ConsentHistory(_) => "consent history",
            Response::Contactable(_) => "contactable",
            Response::Retention(_) => "retention report",
            Response::Bulk(_) => "bulk report",
            Response::Swept(_) => "sweep report",
            Response::Vacuumed(_) => "vacuum report",
            Response::BackedUp(_) => "backup report",
            Response::Settings(_) => "settings",
            Response::Incidents(_) => "incidents",
            Response::Incident(_) => "incident",
            Response::Affected(_) => "affected preview",
            Response::Frozen(_) => "freeze report",
            Response::Marked(_) => "marked",
            Response::NotificationList(_) => "notification list",
            Response::Letters(_) => "letters",
            Response::Sent(_) => "send report",
            Response::Alerts(_) => "alerts",
            Response::Requests(_) => "requests",
            Response::SubjectRequest(_) => "request",
            Response::CarriedOut(_) => "carried out",
            Response::SubjectData(_) => "subject data",
            Response::Ropa(_) => "records of processing",
            Response::ContactExport(_) => "contact export",
        }
    }

    /// The contacts whose personal data the answer carries, for the daily
    /// ceiling of users who may not export. Every variant is listed (no
    /// catch-all): a new answer must say what it carries.
    pub fn contact_ids(&self) -> Vec<ContactId> {
        match self {
            Response::Done
            | Response::Identity(_)
            | Response::Changes(_)
            | Response::Organisations(_)
            | Response::Organisation(_)
            | Response::Imported(_)
            | Response::Audit(_)
            | Response::AuditVerification(_)
            | Response::Users(_)
            | Response::User(_)
            | Response::Purposes(_)
            | Response::Purpose(_)
            | Response::PurposeTemplates(_)
            | Response::PurposesLoaded(_)
            | Response::Bulk(_)
            | Response::Swept(_)
            | Response::Vacuumed(_)
            | Response::BackedUp(_)
            | Response::Settings(_)
            | Response::Incidents(_)
            | Response::Frozen(_)
            | Response::Marked(_)
            | Response::Sent(_)
            | Response::Alerts(_)
            | Response::Ropa(_) => Vec::new(),
            Response::ContactPage(p) => p.rows.iter().map(|r| r.summary.id).collect(),
            Response::Contact(d) => vec![d.contact.id],
            Response::ContactSaved(c) => vec![c.id],
            Response::Interactions(v) => v.iter().map(|i| i.contact_id).collect(),
            Response::Interaction(i) => vec![i.contact_id],
            Response::ConsentRecorded(e) => vec![e.contact_id],
            Response::ConsentHistory(v) => v.iter().map(|e| e.contact_id).collect(),
            Response::Contactable(v) => v.iter().map(|s| s.id).collect(),
            Response::Retention(r) => r.rows.iter().map(|r| r.summary.id).collect(),
            Response::Incident(d) => d.entries.iter().map(|e| e.contact_id).collect(),
            Response::Affected(p) => p.sample.iter().map(|s| s.id).collect(),
            Response::NotificationList(l) => l.entries.iter().map(|e| e.contact_id).collect(),
            Response::Letters(l) => l.letters.iter().map(|l| l.contact_id).collect(),
            Response::Requests(v) => v.iter().filter_map(|r| r.request.contact_id).collect(),
            Response::SubjectRequest(r) => r.request.contact_id.into_iter().collect(),
            Response::CarriedOut(r) => r.request.request.contact_id.into_iter().collect(),
            Response::SubjectData(d) => vec![d.contact.id],
            Response::ContactExport(p) => p.rows.iter().map(|r| r.contact.id).collect(),
        }
    }
}

impl Request {
    /// What the request would do and to which records, for the audit entry
    /// of a denial.
    pub fn intent(
        &self,
    ) -> (
        crate::model::AuditAction,
        crate::model::EntityKind,
        Vec<u64>,
    ) {
        use crate::model::{AuditAction as A, EntityKind as K};
        match self {
            Request::Whoami | Request::Changes => (A::Read, K::User, vec![]),
            Request::ListContacts(_) => (A::Read, K::Contact, vec![]),
            Request::GetContact { id } => (A::Read, K::Contact, vec![*id]),
            Request::CreateContact(_) => (A::Create, K::Contact, vec![]),
            Request::UpdateContact { id, .. } => (A::Update, K::Contact, vec![*id]),
            Request::DeleteContact { id } => (A::Delete, K::Contact, vec![*id]),
            Request::ListOrganisations => (A::Read, K::Organisation, vec![]),
            Request::GetOrganisation { id } => (A::Read, K::Organisation, vec![*id]),
            Request::CreateOrganisation(_) => (A::Create, K::Organisation, vec![]),
            Request::UpdateOrganisation { id, .. } => (A::Update, K::Organisation, vec![*id]),
            Request::DeleteOrganisation { id } => (A::Delete, K::Organisation, vec![*id]),
            Request::ListInteractions { contact_id } => (A::Read, K::Contact, vec![*contact_id]),
            Request::CreateInteraction(d) => (A::Create, K::Contact, vec![d.contact_id]),
            Request::UpdateInteraction { id, .. } => (A::Update, K::Interaction, vec![*id]),
            Request::DeleteInteraction { id } => (A::Delete, K::Interaction, vec![*id]),
            Request::Import(batch) => match batch.kind {
                ImportKind::Data => (A::Import, K::Contact, vec![]),
                ImportKind::Demo { .. } => (A::Import, K::Settings, vec![]),
            },
            Request::ListAudit { .. } | Request::VerifyAudit => (A::ViewAudit, K::Audit, vec![]),
            Request::ListUsers => (A::Read, K::User, vec![]),
            Request::AddUser { .. } => (A::Create, K::User, vec![]),
            Request::SetRole { .. } => (A::SetRole, K::User, vec![]),
            Request::RemoveUser { .. } => (A::Delete, K::User, vec![]),
            Request::ListPurposes | Request::PurposeTemplates => (A::Read, K::Purpose, vec![]),
            Request::GetPurpose { id } => (A::Read, K::Purpose, vec![*id]),
            Request::CreatePurpose(_) | Request::LoadTemplates { .. } => {
                (A::Create, K::Purpose, vec![])
            }
            Request::UpdatePurpose { id, .. } => (A::Update, K::Purpose, vec![*id]),
            Request::ArchivePurpose { id } => (A::Archive, K::Purpose, vec![*id]),
            Request::DeletePurpose { id } => (A::Delete, K::Purpose, vec![*id]),
            Request::RecordConsent(d) => (A::RecordConsent, K::Contact, vec![d.contact_id]),
            Request::ConsentHistory { contact_id, .. } => (A::Read, K::Contact, vec![*contact_id]),
            Request::Contactable { purpose_id } => (A::Export, K::Purpose, vec![*purpose_id]),
            Request::RecordSpecial { contact_id, .. }
            | Request::RemoveSpecial { contact_id, .. } => {
                (A::RecordSpecial, K::Contact, vec![*contact_id])
            }
            Request::RetentionReport { .. } => (A::Read, K::Contact, vec![]),
            Request::RetentionAction { ids, action } => {
                let a = match action {
                    RetentionBulk::Anonymise => A::Anonymise,
                    RetentionBulk::Delete => A::Delete,
                    RetentionBulk::ScheduleErasure { .. } => A::ScheduleErasure,
                    RetentionBulk::CancelErasure => A::CancelErasure,
                    RetentionBulk::Extend { .. } => A::ExtendRetention,
                    RetentionBulk::LegalHoldOn { .. } => A::LegalHoldOn,
                    RetentionBulk::LegalHoldOff => A::LegalHoldOff,
                };
                (a, K::Contact, ids.clone())
            }
            Request::Sweep { .. } => (A::Sweep, K::Contact, vec![]),
            Request::Vacuum | Request::Backup { .. } => (A::Vacuum, K::Settings, vec![]),
            Request::GetSettings => (A::Read, K::Settings, vec![]),
            Request::UpdateSettings(_) => (A::ChangeSettings, K::Settings, vec![]),
            Request::ListIncidents | Request::PreviewAffected(_) => (A::Read, K::Incident, vec![]),
            Request::GetIncident { id } => (A::Read, K::Incident, vec![*id]),
            Request::CreateIncident(_) => (A::Create, K::Incident, vec![]),
            Request::UpdateIncident { id, .. } | Request::AddIncidentNote { id, .. } => {
                (A::Update, K::Incident, vec![*id])
            }
            Request::FreezeNotificationList { id, .. } => (A::FreezeList, K::Incident, vec![*id]),
            Request::MarkNotified { id, .. } => (A::MarkNotified, K::Incident, vec![*id]),
            Request::ExportNotificationList { id } | Request::RenderLetters { id } => {
                (A::Export, K::Incident, vec![*id])
            }
            Request::SendLetters { id } => (A::SendLetters, K::Incident, vec![*id]),
            Request::Alerts => (A::Read, K::Settings, vec![]),
            Request::ListRequests { .. } => (A::Read, K::Request, vec![]),
            Request::GetRequest { id } => (A::Read, K::Request, vec![*id]),
            Request::FileRequest(_) => (A::Create, K::Request, vec![]),
            Request::SetRequestStatus { id, .. }
            | Request::ExtendRequest { id, .. }
            | Request::LinkRequest { id, .. }
            | Request::AddRequestNote { id, .. }
            | Request::CarryOut { id, .. } => (A::Update, K::Request, vec![*id]),
            Request::RestrictContact { id, .. } => (A::Restrict, K::Contact, vec![*id]),
            Request::LiftRestriction { id } => (A::LiftRestriction, K::Contact, vec![*id]),
            Request::SubjectExport { contact_id } => (A::Export, K::Contact, vec![*contact_id]),
            Request::Ropa => (A::Export, K::Purpose, vec![]),
            Request::ExportContacts { .. } => (A::Export, K::Contact, vec![]),
        }
    }
}

//! The one list of requests, in wire order. Each line names a request type
//! (defined beside its handler, implementing `Call`) and, optionally, the
//! client method that sends it. From this list come:
//!
//! - `Request` and `Response`, the wire enums (bincode numbers variants by
//!   position: append new requests at the end, never reorder);
//! - the dispatch, the names, the permission and intent of any request;
//! - redaction and the contacts carried, forwarded to each answer's
//!   `Answer` implementation;
//! - `Api`: `ask(request)` returns the request's typed answer, and the
//!   named client methods.
//!
//! Adding a request: a type and its `Call` impl beside the handler, and one
//! line here (see docs/architecture.md).

use serde::{Deserialize, Serialize};

use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::{Result, ServiceError};
use super::{
    audit_log, consents, contacts, import, incidents, interactions, organisations, purposes,
    requests, retention, session, subject, users,
};
use crate::backend::Backend;
use crate::model::retention::StateKey;
use crate::model::{
    AffectedRule, ContactDraft, ContactId, IncidentDraft, IncidentId, InteractionDraft,
    InteractionKind, OrganisationDraft, OrganisationId, PurposeDraft, PurposeId, RequestId,
    RequestStatus, Role, Settings, SpecialCategory, SubjectRequestDraft, Timestamp,
};
use crate::service::api::{CarryOut, ConsentDraft, ContactQuery, ImportBatch, RetentionBulk};

/// A request that knows its place in the list: how it becomes a `Request`
/// and which `Response` carries its answer.
pub trait Routed: Call + Into<Request> {
    /// The answer, or the name of the response when it is another
    /// request's.
    fn answer(response: Response) -> std::result::Result<Self::Answer, &'static str>;
}

macro_rules! requests {
    ($(
        $(#[$doc:meta])*
        $variant:ident($module:ident::$ty:ident) $(=> fn $helper:ident($($arg:ident: $argty:ty),* $(,)?))?;
    )*) => {
        /// Every request a front-end can send, as it travels (to the daemon
        /// too). Variants are numbered by position.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Request {
            $( $(#[$doc])* $variant($module::$ty), )*
        }

        /// Each request's answer, in the same order.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Response {
            $( $variant(<$module::$ty as Call>::Answer), )*
        }

        impl Request {
            /// Every request's name, in wire order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($variant)),*];

            /// The request's name, for messages and logs.
            pub fn name(&self) -> &'static str {
                match self { $( Request::$variant(_) => stringify!($variant), )* }
            }

            pub fn permission(&self) -> Permission {
                match self { $( Request::$variant(r) => Call::permission(r), )* }
            }

            /// What it would do, to which records.
            pub fn intent(&self) -> Intent {
                match self { $( Request::$variant(r) => Call::intent(r), )* }
            }

            pub(crate) fn handle(self, cx: &Context<'_>) -> Result<Response> {
                match self {
                    $( Request::$variant(r) => Call::handle(r, cx).map(Response::$variant), )*
                }
            }
        }

        impl Response {
            pub fn name(&self) -> &'static str {
                match self { $( Response::$variant(_) => stringify!($variant), )* }
            }

            /// Removes special-category values, by each answer's own rule.
            pub fn redact_special(&mut self) {
                match self { $( Response::$variant(a) => Answer::redact_special(a), )* }
            }

            /// The contacts whose personal data the answer carries.
            pub fn contact_ids(&self) -> Vec<ContactId> {
                match self { $( Response::$variant(a) => Answer::contact_ids(a), )* }
            }
        }

        $(
            impl From<$module::$ty> for Request {
                fn from(r: $module::$ty) -> Request {
                    Request::$variant(r)
                }
            }

            impl Routed for $module::$ty {
                fn answer(
                    response: Response,
                ) -> std::result::Result<<$module::$ty as Call>::Answer, &'static str> {
                    match response {
                        Response::$variant(a) => Ok(a),
                        other => Err(other.name()),
                    }
                }
            }
        )*

        /// Every request type under one name, for front-ends and tests:
        /// `use custos::service::calls::*`.
        pub mod calls {
            $( pub use super::super::$module::$ty; )*
        }

        /// Typed calls over `Backend::call`: `ask` sends any request and
        /// returns its answer; the named methods send one each.
        pub trait Api: Backend {
            fn ask<C: Routed>(&self, request: C) -> Result<C::Answer> {
                C::answer(self.call(request.into())?).map_err(|other| {
                    ServiceError::Transport(format!("unexpected response: {other}"))
                })
            }

            $($(
                fn $helper(&self, $($arg: $argty),*) -> Result<<$module::$ty as Call>::Answer> {
                    self.ask($module::$ty { $($arg),* })
                }
            )?)*
        }

        impl<B: Backend + ?Sized> Api for B {}
    };
}

requests! {
    /// Who the service thinks the caller is.
    Whoami(session::Whoami) => fn whoami();
    /// A counter bumped by every committed change; clients poll it.
    Changes(session::Changes) => fn changes();
    ListContacts(contacts::ListContacts) => fn list_contacts(query: ContactQuery);
    GetContact(contacts::GetContact) => fn contact(id: ContactId);
    CreateContact(contacts::CreateContact) => fn create_contact(draft: ContactDraft);
    UpdateContact(contacts::UpdateContact)
        => fn update_contact(id: ContactId, version: u32, draft: ContactDraft, confirmed: bool);
    DeleteContact(contacts::DeleteContact) => fn delete_contact(id: ContactId);
    ListOrganisations(organisations::ListOrganisations) => fn organisations();
    GetOrganisation(organisations::GetOrganisation) => fn organisation(id: OrganisationId);
    CreateOrganisation(organisations::CreateOrganisation)
        => fn create_organisation(draft: OrganisationDraft);
    UpdateOrganisation(organisations::UpdateOrganisation)
        => fn update_organisation(id: OrganisationId, version: u32, draft: OrganisationDraft);
    DeleteOrganisation(organisations::DeleteOrganisation)
        => fn delete_organisation(id: OrganisationId);
    ListInteractions(interactions::ListInteractions)
        => fn interactions(contact_id: ContactId);
    CreateInteraction(interactions::CreateInteraction)
        => fn create_interaction(draft: InteractionDraft);
    UpdateInteraction(interactions::UpdateInteraction)
        => fn update_interaction(id: u64, version: u32, kind: InteractionKind, at: Timestamp, summary: String);
    DeleteInteraction(interactions::DeleteInteraction) => fn delete_interaction(id: u64);
    /// Many organisations, contacts and their histories in one transaction.
    Import(import::Import) => fn import(batch: ImportBatch);
    ListAudit(audit_log::ListAudit) => fn audit(before: Option<u64>, limit: usize);
    VerifyAudit(audit_log::VerifyAudit) => fn verify_audit();
    ListUsers(users::ListUsers) => fn users();
    AddUser(users::AddUser) => fn add_user(name: String, role: Role);
    SetRole(users::SetRole) => fn set_role(name: String, role: Role);
    RemoveUser(users::RemoveUser) => fn remove_user(name: String);
    ListPurposes(purposes::ListPurposes) => fn purposes();
    GetPurpose(purposes::GetPurpose) => fn purpose(id: PurposeId);
    CreatePurpose(purposes::CreatePurpose) => fn create_purpose(draft: PurposeDraft);
    UpdatePurpose(purposes::UpdatePurpose)
        => fn update_purpose(id: PurposeId, version: u32, draft: PurposeDraft);
    ArchivePurpose(purposes::ArchivePurpose) => fn archive_purpose(id: PurposeId);
    DeletePurpose(purposes::DeletePurpose) => fn delete_purpose(id: PurposeId);
    PurposeTemplates(purposes::PurposeTemplates) => fn purpose_templates();
    LoadTemplates(purposes::LoadTemplates) => fn load_templates(keys: Vec<String>);
    RecordConsent(consents::RecordConsent) => fn record_consent(draft: ConsentDraft);
    ConsentHistory(consents::ConsentHistory)
        => fn consent_history(contact_id: ContactId, purpose_id: PurposeId);
    /// Who may be contacted for a purpose now: an export.
    Contactable(consents::Contactable) => fn contactable(purpose_id: PurposeId);
    RecordSpecial(consents::RecordSpecial)
        => fn record_special(contact_id: ContactId, category: SpecialCategory, purpose_id: PurposeId, value: String);
    RemoveSpecial(consents::RemoveSpecial)
        => fn remove_special(contact_id: ContactId, category: SpecialCategory);
    RetentionReport(retention::GetRetentionReport)
        => fn retention_report(as_of: Option<Timestamp>, state: Option<StateKey>, offset: usize, limit: usize);
    RetentionAction(retention::RetentionAction)
        => fn retention_action(ids: Vec<ContactId>, action: RetentionBulk);
    Sweep(retention::Sweep) => fn sweep(as_of: Option<Timestamp>, dry_run: bool);
    Vacuum(session::Vacuum) => fn vacuum();
    Backup(session::Backup) => fn backup(path: String);
    GetSettings(session::GetSettings) => fn settings();
    UpdateSettings(session::UpdateSettings) => fn update_settings(settings: Settings);
    ListIncidents(incidents::ListIncidents) => fn incidents();
    GetIncident(incidents::GetIncident) => fn incident(id: IncidentId);
    CreateIncident(incidents::CreateIncident) => fn create_incident(draft: IncidentDraft);
    UpdateIncident(incidents::UpdateIncident)
        => fn update_incident(id: IncidentId, version: u32, draft: IncidentDraft);
    AddIncidentNote(incidents::AddIncidentNote) => fn add_incident_note(id: IncidentId, text: String);
    PreviewAffected(incidents::PreviewAffected) => fn preview_affected(rule: AffectedRule);
    FreezeNotificationList(incidents::FreezeNotificationList)
        => fn freeze_list(id: IncidentId, rule: AffectedRule);
    MarkNotified(incidents::MarkNotified)
        => fn mark_notified(id: IncidentId, contacts: Vec<ContactId>, notified: bool);
    ExportNotificationList(incidents::ExportNotificationList)
        => fn notification_list(id: IncidentId);
    RenderLetters(incidents::RenderLetters) => fn render_letters(id: IncidentId);
    SendLetters(incidents::SendLetters) => fn send_letters(id: IncidentId);
    Alerts(session::Alerts) => fn alerts();
    ListRequests(requests::ListRequests) => fn requests(include_closed: bool);
    GetRequest(requests::GetRequest) => fn request(id: RequestId);
    FileRequest(requests::FileRequest) => fn file_request(draft: SubjectRequestDraft);
    SetRequestStatus(requests::SetRequestStatus)
        => fn set_request_status(id: RequestId, version: u32, status: RequestStatus, note: String);
    ExtendRequest(requests::ExtendRequest)
        => fn extend_request(id: RequestId, version: u32, reason: String);
    LinkRequest(requests::LinkRequest)
        => fn link_request(id: RequestId, version: u32, contact_id: ContactId);
    AddRequestNote(requests::AddRequestNote) => fn add_request_note(id: RequestId, text: String);
    CarryOut(requests::CarryOutRequest)
        => fn carry_out(id: RequestId, version: u32, action: CarryOut, note: String);
    RestrictContact(requests::RestrictContact) => fn restrict_contact(id: ContactId, reason: String);
    LiftRestriction(requests::LiftRestriction) => fn lift_restriction(id: ContactId);
    SubjectExport(subject::SubjectExport) => fn subject_export(contact_id: ContactId);
    Ropa(subject::Ropa) => fn ropa();
    ExportContacts(contacts::ExportContacts)
        => fn export_contacts(query: ContactQuery, format: String);
    SearchStatus(session::SearchStatus) => fn search_status();
    RetentionUpdate(retention::RetentionUpdate) => fn retention_update(work: bool);
}

//! The contact form: new and edit, rectification, confirming edits of a
//! restricted contact, and merging a colleague's concurrent change.

use super::*;

impl ContactsScreen {
    pub(super) fn contact_form(
        title: &str,
        draft: &ContactDraft,
        organisations: Vec<Organisation>,
        editing: Option<(ContactId, u32, ContactDraft)>,
    ) -> ContactForm {
        let org_name = draft
            .organisation_id
            .and_then(|id| organisations.iter().find(|o| o.id == id))
            .map(|o| o.name.clone())
            .unwrap_or_default();
        let form = Form::new(
            title,
            vec![
                Field::text("given_name", "Given name", &draft.given_name),
                Field::text("family_name", "Family name", &draft.family_name),
                Field::list("emails", "E-mail", &draft.emails).with_placeholder("comma-separated"),
                Field::list("phones", "Phone", &draft.phones).with_placeholder("comma-separated"),
                Field::text("organisation", "Organisation", &org_name)
                    .with_placeholder("name of an existing organisation"),
                Field::text("job_title", "Job title", &draft.job_title),
                Field::text("street", "Street", &draft.address.street),
                Field::text("postal_code", "Postal code", &draft.address.postal_code),
                Field::text("city", "City", &draft.address.city),
                Field::text("country", "Country", &draft.address.country)
                    .with_placeholder("NL, BE, DE …"),
                Field::list("tags", "Tags", &draft.tags).with_placeholder("comma-separated"),
                Field::text("owner", "Owner", draft.owner.as_deref().unwrap_or("")),
                Field::text("language", "Language", &draft.language).with_placeholder("nl, en …"),
                Field::text("notes", "Notes", &draft.notes),
            ],
        );
        ContactForm {
            form,
            editing,
            organisations,
            confirm: None,
            rectifying: None,
        }
    }

    pub(super) fn open_new(&mut self, ctx: &mut Ctx<'_>) {
        let organisations = ctx.backend.organisations().unwrap_or_default();
        self.overlay = Overlay::Contact(Box::new(Self::contact_form(
            "New contact",
            &ContactDraft::default(),
            organisations,
            None,
        )));
    }

    pub(super) fn open_edit(&mut self, ctx: &mut Ctx<'_>, id: ContactId) {
        self.open_edit_for(ctx, id, None);
    }

    /// The contact form; with `rectifying`, saving also closes that
    /// rectification request.
    pub(super) fn open_edit_for(
        &mut self,
        ctx: &mut Ctx<'_>,
        id: ContactId,
        rectifying: Option<(RequestId, u32)>,
    ) {
        let contact = match ctx.backend.contact(id) {
            Ok(d) => d.contact,
            Err(e) => return ctx.toasts.failed("opening contact", &e),
        };
        if contact.is_anonymised() {
            ctx.toasts
                .error("this contact is anonymised and can no longer be edited");
            return;
        }
        let organisations = ctx.backend.organisations().unwrap_or_default();
        let draft = contact.draft();
        let title = match rectifying {
            Some((r, _)) => format!("Rectify {} (request #{r})", contact.display_name()),
            None => format!("Edit {}", contact.display_name()),
        };
        let mut cf = Self::contact_form(
            &title,
            &draft,
            organisations,
            Some((contact.id, contact.version, draft.clone())),
        );
        cf.rectifying = rectifying;
        if let Some(r) = &contact.restriction {
            cf.form.banner = Some((
                format!(
                    "Restricted since {} (Art. 18): {}",
                    ctx.zone.date(r.since),
                    r.reason
                ),
                false,
            ));
        }
        self.overlay = Overlay::Contact(Box::new(cf));
    }

    /// Reads the form into a draft; an unknown organisation is a field error.
    pub(super) fn draft_from(cf: &mut ContactForm) -> Option<ContactDraft> {
        let f = &cf.form;
        let org_name = f.text("organisation");
        let organisation_id = if org_name.is_empty() {
            None
        } else {
            let wanted = org_name.to_lowercase();
            match cf
                .organisations
                .iter()
                .find(|o| o.name.to_lowercase() == wanted)
            {
                Some(o) => Some(o.id),
                None => {
                    cf.form.set_error(
                        "organisation",
                        "no organisation with this name (add it with `custos org add`)",
                    );
                    return None;
                }
            }
        };
        let owner = f.text("owner");
        Some(ContactDraft {
            given_name: f.text("given_name"),
            family_name: f.text("family_name"),
            emails: f.list("emails"),
            phones: f.list("phones"),
            organisation_id,
            job_title: f.text("job_title"),
            address: crate::model::Address {
                street: f.text("street"),
                postal_code: f.text("postal_code"),
                city: f.text("city"),
                country: f.text("country"),
            },
            tags: f.list("tags"),
            notes: f.text("notes"),
            owner: (!owner.is_empty()).then_some(owner),
            language: f.text("language"),
        })
    }

    /// Saves the form; `confirmed` carries the user's yes to editing a
    /// restricted contact.
    pub(super) fn save_contact(&mut self, ctx: &mut Ctx<'_>, confirmed: Option<ContactDraft>) {
        let Overlay::Contact(cf) = &mut self.overlay else {
            return;
        };
        cf.form.clear_errors();
        let draft = match confirmed.clone() {
            Some(d) => d,
            None => match Self::draft_from(cf) {
                Some(d) => d,
                None => return,
            },
        };
        let confirmed = confirmed.is_some();
        // A rectification corrects the contact and closes the request in
        // one transaction: either both happen or neither.
        let result = match (&cf.editing, cf.rectifying) {
            (Some((id, _, _)), Some((request, request_version))) => {
                let id = *id;
                let version = cf.editing.as_ref().map_or(0, |e| e.1);
                ctx.backend
                    .carry_out(
                        request,
                        request_version,
                        CarryOut::Rectify {
                            version,
                            draft: Box::new(draft.clone()),
                            confirmed,
                        },
                        String::new(),
                    )
                    .and_then(|report| {
                        let saved = ctx.backend.contact(id)?.contact;
                        Ok((
                            saved,
                            Some(format!("request #{request} done: {}", report.done)),
                        ))
                    })
            }
            (Some((id, version, _)), None) => ctx
                .backend
                .update_contact(*id, *version, draft.clone(), confirmed)
                .map(|c| (c, None)),
            (None, _) => ctx.backend.create_contact(draft.clone()).map(|c| (c, None)),
        };
        match result {
            Ok((saved, closed)) => {
                ctx.toasts
                    .success(format!("saved {}", saved.display_name()));
                self.overlay = Overlay::None;
                if let Some(closed) = closed {
                    ctx.toasts.success(closed);
                }
                self.after_save(ctx, &saved);
            }
            Err(ServiceError::NeedsConfirmation(message)) => {
                let mut confirm = Confirm::new(
                    "Restricted contact",
                    format!("{message}. Save the change? (y/n)"),
                    draft,
                );
                confirm.danger = false;
                cf.confirm = Some(confirm);
            }
            Err(ServiceError::Invalid { field, message }) => cf.form.set_error(&field, &message),
            Err(ServiceError::Conflict { id, .. }) => {
                Self::merge_conflict(cf, ctx, id, draft);
            }
            Err(e) => cf.form.banner = Some((e.to_string(), true)),
        }
    }

    /// Another user saved the contact while this form was open. Reload it;
    /// keep every field this user changed, take the colleague's value for
    /// the rest, and mark fields both changed. Nothing is saved until the
    /// user reviews and saves again.
    pub(super) fn merge_conflict(
        cf: &mut ContactForm,
        ctx: &mut Ctx<'_>,
        id: ContactId,
        mine: ContactDraft,
    ) {
        let latest = match ctx.backend.contact(id) {
            Ok(d) => d.contact,
            Err(e) => {
                cf.form.banner = Some((format!("reloading after a conflict: {e}"), true));
                return;
            }
        };
        let Some((_, _, base)) = cf.editing.clone() else {
            return;
        };
        let theirs = latest.draft();
        let mut merged = theirs.clone();
        let mut both = Vec::new();
        macro_rules! merge {
            ($($field:ident),*) => {$(
                if mine.$field != base.$field {
                    if theirs.$field != base.$field && theirs.$field != mine.$field {
                        both.push(stringify!($field));
                    }
                    merged.$field = mine.$field.clone();
                }
            )*};
        }
        merge!(
            given_name,
            family_name,
            emails,
            phones,
            organisation_id,
            job_title,
            address,
            tags,
            notes,
            owner,
            language
        );
        let organisations = std::mem::take(&mut cf.organisations);
        let mut fresh = Self::contact_form(
            &cf.form.title,
            &merged,
            organisations,
            Some((latest.id, latest.version, theirs.clone())),
        );
        fresh.form.banner = Some((
            format!(
                "{} saved this contact meanwhile (now version {}). Your changes are kept on top \
                 of theirs; review and save again.",
                "Someone else", latest.version
            ),
            false,
        ));
        for field in &both {
            let key = match *field {
                "address" => "street",
                "organisation_id" => "organisation",
                other => other,
            };
            fresh
                .form
                .set_error(key, "also changed by someone else; yours is shown");
        }
        fresh.form.focus = 0;
        fresh.rectifying = cf.rectifying;
        *cf = fresh;
    }

    pub(super) fn after_save(&mut self, ctx: &mut Ctx<'_>, saved: &Contact) {
        self.reload_list(ctx);
        if self.view == View::Detail {
            self.open_detail(ctx, saved.id);
        }
    }
}

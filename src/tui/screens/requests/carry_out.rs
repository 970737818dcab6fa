//! Carrying a request out: the form or question each kind needs, the
//! erasure date, the restriction reason, writing the export.

use super::*;

impl RequestsScreen {
    /// Opens what carrying out the current request needs: a form, a
    /// question, or the contact form.
    pub(super) fn start_carry_out(&mut self, ctx: &mut Ctx<'_>) {
        let Some(r) = self.current() else {
            return;
        };
        let q = &r.request;
        let (id, kind) = (q.id, q.kind);
        if q.status.is_closed() {
            ctx.toasts
                .error(format!("request #{id} is already {}", q.status.key()));
            return;
        }
        let Some(contact_id) = q.contact_id.filter(|_| r.contact.is_some()) else {
            ctx.toasts.error(format!(
                "request #{id} is not linked to a contact yet: identify the person and link them ({})",
                ctx.keymap.key(Action::Edit)
            ));
            return;
        };
        if q.status == RequestStatus::New {
            ctx.toasts.error(format!(
                "verify the requester's identity first (Art. 12(6)): {} → identity-verified",
                ctx.keymap.key(Action::Status)
            ));
            return;
        }
        let who = r.who();
        let deadline = q.effective_due();
        let version = q.version;
        self.carrying = Some((id, version));
        self.overlay = match kind {
            RequestKind::Access | RequestKind::Portability => {
                let layouts = ExportLayout::ALL
                    .iter()
                    .map(|l| l.describe().to_string())
                    .collect();
                let path = format!(
                    "subject-{contact_id}-{}",
                    ctx.zone.date_of(ctx.now).format("%Y-%m-%d")
                );
                Overlay::Export(Box::new(ExportForm {
                    form: Form::new(
                        format!("Export {who}'s data (request #{id})"),
                        vec![
                            Field::choice("format", "Format", layouts, 0),
                            Field::text("path", "To", &path)
                                .with_placeholder("file name; the extension follows the format"),
                        ],
                    ),
                    data: None,
                }))
            }
            RequestKind::Rectification => {
                *ctx.goto = Some(Goto::Rectify {
                    contact: contact_id,
                    request: id,
                    version,
                });
                Overlay::None
            }
            RequestKind::Erasure => Overlay::Erase(Form::new(
                format!("Erase {who} (request #{id}, by {deadline})"),
                vec![
                    Field::choice("how", "How", vec!["anonymise".into(), "delete".into()], 0),
                    Field::text("on", "When", "")
                        .with_placeholder("empty for now, or a date YYYY-MM-DD"),
                ],
            )),
            RequestKind::Restriction => Overlay::Restrict(Form::new(
                format!("Restrict {who} (request #{id})"),
                vec![Field::text(
                    "reason",
                    "Reason",
                    &format!("data-subject request #{id}"),
                )],
            )),
            RequestKind::Objection => {
                let mut c = Confirm::new(
                    "Objection to direct marketing",
                    format!(
                        "Withdraw every marketing consent of {who} and put them on the \
                         do-not-contact list? Re-imports of their address stay flagged."
                    ),
                    CarryOut::Object,
                );
                c.danger = false;
                Overlay::Confirm(c)
            }
            RequestKind::ConsentWithdrawal => {
                let mut c = Confirm::new(
                    "Withdraw consent",
                    format!("Withdraw every consent {who} has given, with this request as proof?"),
                    CarryOut::WithdrawConsents,
                );
                c.danger = false;
                Overlay::Confirm(c)
            }
        };
    }

    /// Sends a carry-out and shows what it did; returns the report.
    pub(super) fn carry_out(
        &mut self,
        ctx: &mut Ctx<'_>,
        action: CarryOut,
    ) -> Result<crate::service::api::CarryOutReport, ServiceError> {
        let Some((id, version)) = self.carrying else {
            return Err(ServiceError::Refused("no request chosen".into()));
        };
        let report = ctx.backend.carry_out(id, version, action, String::new())?;
        ctx.toasts
            .success(format!("request #{id} done: {}", report.done));
        Ok(report)
    }

    pub(super) fn erase(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Erase(form) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let delete = form.choice("how") == 1;
        let on = form.text("on");
        if on.trim().is_empty() {
            let who = self.current().map(|r| r.who()).unwrap_or_default();
            self.overlay = Overlay::Confirm(Confirm::new(
                if delete {
                    "Delete now"
                } else {
                    "Anonymise now"
                },
                format!(
                    "{} {who} now? This is the erasure the person asked for and cannot be undone.",
                    if delete { "Delete" } else { "Anonymise" }
                ),
                CarryOut::Erase { delete, on: None },
            ));
            return;
        }
        let on = match ctx.zone.parse(&on) {
            Ok(t) => Some(t),
            Err(e) => {
                form.set_error("on", &format!("{e}; or leave it empty for now"));
                return;
            }
        };
        let action = CarryOut::Erase { delete, on };
        match self.carry_out(ctx, action) {
            Ok(report) => self.saved(ctx, report.request),
            Err(ServiceError::Invalid { message, .. }) => {
                if let Overlay::Erase(form) = &mut self.overlay {
                    form.set_error("on", &message);
                }
            }
            Err(e) => {
                if let Overlay::Erase(form) = &mut self.overlay {
                    form.banner = Some((e.to_string(), true));
                }
            }
        }
    }

    pub(super) fn restrict(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Restrict(form) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let reason = form.text("reason");
        match self.carry_out(ctx, CarryOut::Restrict { reason }) {
            Ok(report) => self.saved(ctx, report.request),
            Err(e) => {
                if let Overlay::Restrict(form) = &mut self.overlay {
                    match e {
                        ServiceError::Invalid { message, .. } => form.set_error("reason", &message),
                        e => form.banner = Some((e.to_string(), true)),
                    }
                }
            }
        }
    }

    /// Carries out the export (once) and writes it where the form says.
    pub(super) fn export(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Export(ef) = &mut self.overlay else {
            return;
        };
        ef.form.clear_errors();
        let layout = ExportLayout::ALL[ef.form.choice("format").min(ExportLayout::ALL.len() - 1)];
        let mut path = PathBuf::from(ef.form.text("path").trim());
        if path.as_os_str().is_empty() {
            ef.form.set_error("path", "where to write the export");
            return;
        }
        if path.extension().is_none() {
            path.set_extension(layout.extension());
        }
        if let Ok(absolute) = std::path::absolute(&path) {
            path = absolute;
        }
        // Refuse a path that cannot be written before closing the request.
        if path.exists() {
            ef.form.set_error(
                "path",
                &format!("{} exists already: choose another name", path.display()),
            );
            return;
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            ef.form
                .set_error("path", &format!("no directory {}", parent.display()));
            return;
        }
        // Created before the request is closed: a path that cannot be
        // written fails while nothing has happened yet. Every return below
        // without a complete write drops it, which removes it.
        let file = match crate::export::PrivateFile::create(&path) {
            Ok(file) => file,
            Err(e) => {
                ef.form.set_error("path", &e);
                return;
            }
        };
        if ef.data.is_none() {
            let Some((id, version)) = self.carrying else {
                return;
            };
            match ctx
                .backend
                .carry_out(id, version, CarryOut::ExportData, String::new())
            {
                Ok(report) => {
                    let request = report.request.clone();
                    if let Overlay::Export(ef) = &mut self.overlay {
                        ef.data = report.export;
                    }
                    if self.detail.is_some() {
                        self.detail = Some(request);
                    }
                    self.refresh_list(ctx);
                }
                Err(e) => {
                    if let Overlay::Export(ef) = &mut self.overlay {
                        ef.form.banner = Some((e.to_string(), true));
                    }
                    return;
                }
            }
        }
        let Overlay::Export(ef) = &mut self.overlay else {
            return;
        };
        let Some(data) = &ef.data else {
            ef.form.banner = Some(("the service returned no data to export".into(), true));
            return;
        };
        match layout
            .render(data, Default::default())
            .and_then(|bytes| file.fill(&bytes))
        {
            Ok(()) => {
                ctx.toasts.success(format!(
                    "{}'s data written to {}; request closed",
                    data.contact.display_name(),
                    path.display()
                ));
                self.overlay = Overlay::None;
            }
            Err(e) => {
                ef.form.banner = Some((
                    format!(
                        "the request is closed but the file could not be written: {e}. \
                         Change the path and save again."
                    ),
                    true,
                ));
            }
        }
    }
}

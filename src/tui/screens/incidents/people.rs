//! Selecting the people a breach affects: the rule form with its live
//! count, and freezing the notification list.

use super::*;

impl IncidentsScreen {
    pub(super) fn rule_form(ctx: &mut Ctx<'_>) -> RuleForm {
        let purposes: Vec<Purpose> = ctx
            .backend
            .purposes()
            .map(|p| p.into_iter().map(|o| o.purpose).collect())
            .unwrap_or_default();
        let mut names = vec!["—".to_string()];
        names.extend(purposes.iter().map(|p| p.name.clone()));
        let form = Form::new(
            "Who is affected",
            vec![
                Field::choice("everyone", "Everyone", vec!["no".into(), "yes".into()], 0),
                Field::list("tags", "Tags", &[]).with_placeholder("any of these tags"),
                Field::list("organisations", "Organisations", &[])
                    .with_placeholder("names, comma-separated"),
                Field::choice("purpose", "Purpose", names, 0),
                Field::text("created_from", "Created from", "").with_placeholder("YYYY-MM-DD"),
                Field::text("created_to", "Created to", "").with_placeholder("YYYY-MM-DD"),
                Field::text("interacted_from", "Contact from", "").with_placeholder("YYYY-MM-DD"),
                Field::text("interacted_to", "Contact to", "").with_placeholder("YYYY-MM-DD"),
                Field::text("picked", "By hand", "").with_placeholder("ctrl-p to pick people"),
            ],
        );
        RuleForm {
            form,
            picked: Vec::new(),
            purposes,
            preview: None,
            pending: None,
            picker: None,
        }
    }

    /// The rule the form describes; an unreadable field is marked.
    pub(super) fn rule_from(rf: &mut RuleForm, ctx: &Ctx<'_>) -> Option<AffectedRule> {
        let f = &mut rf.form;
        let day = |f: &mut Form, key: &str, end: bool| -> Result<Option<Timestamp>, ()> {
            let text = f.text(key);
            if text.is_empty() {
                return Ok(None);
            }
            // Whole days in the company's zone: from the start of the first
            // to the end of the last.
            match ctx.zone.parse_day(&text) {
                Ok(d) if end => Ok(Some(
                    ctx.zone.start_of(d + chrono::Duration::days(1)) - chrono::Duration::seconds(1),
                )),
                Ok(d) => Ok(Some(ctx.zone.start_of(d))),
                Err(e) => {
                    f.set_error(key, &e);
                    Err(())
                }
            }
        };
        // An open end reaches back to the earliest date anything can have
        // happened, or up to now.
        let earliest = ctx.zone.start_of(crate::model::plausible::EARLIEST);
        let range =
            |f: &mut Form, from: &str, to: &str| -> Result<Option<(Timestamp, Timestamp)>, ()> {
                match (day(f, from, false)?, day(f, to, true)?) {
                    (None, None) => Ok(None),
                    (a, b) => Ok(Some((a.unwrap_or(earliest), b.unwrap_or(ctx.now)))),
                }
            };
        let created = range(f, "created_from", "created_to").ok()?;
        let interacted = range(f, "interacted_from", "interacted_to").ok()?;
        let organisations = {
            let names = f.list("organisations");
            if names.is_empty() {
                Vec::new()
            } else {
                let all = ctx.backend.organisations().unwrap_or_default();
                let mut ids = Vec::new();
                for name in names {
                    match all.iter().find(|o| o.name.eq_ignore_ascii_case(&name)) {
                        Some(o) => ids.push(o.id),
                        None => {
                            f.set_error("organisations", &format!("no organisation \"{name}\""));
                            return None;
                        }
                    }
                }
                ids
            }
        };
        let purpose = match f.choice("purpose") {
            0 => None,
            i => rf.purposes.get(i - 1).map(|p| p.id),
        };
        Some(AffectedRule {
            everyone: f.choice("everyone") == 1,
            tags: f.list("tags"),
            organisations,
            purpose,
            created,
            interacted,
            picked: rf.picked.iter().map(|(id, _)| *id).collect(),
        })
    }

    /// Counts, in the background, who the rule selects as it stands.
    pub(super) fn update_preview(rf: &mut RuleForm, ctx: &Ctx<'_>) {
        rf.form.clear_errors();
        let Some(rule) = Self::rule_from(rf, ctx) else {
            return;
        };
        let backend: std::sync::Arc<dyn Backend> = ctx.shared.clone();
        rf.pending = Some(Task::spawn(move || backend.preview_affected(rule)));
    }

    pub(super) fn handle_rule(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) {
        let Overlay::Rule(rf) = &mut self.overlay else {
            return;
        };
        if let Some(picker) = &mut rf.picker {
            match key.code {
                KeyCode::Esc | KeyCode::Enter => {
                    rf.picker = None;
                    let names: Vec<String> = rf.picked.iter().map(|(_, n)| n.clone()).collect();
                    rf.form.set_text("picked", &names.join(", "));
                    Self::update_preview(rf, ctx);
                }
                KeyCode::Down => {
                    picker.cursor = (picker.cursor + 1).min(picker.results.len().saturating_sub(1))
                }
                KeyCode::Up => picker.cursor = picker.cursor.saturating_sub(1),
                KeyCode::Tab => {
                    if let Some(s) = picker.results.get(picker.cursor) {
                        match rf.picked.iter().position(|(id, _)| *id == s.id) {
                            Some(i) => {
                                rf.picked.remove(i);
                            }
                            None => rf.picked.push((s.id, s.name.clone())),
                        }
                    }
                }
                _ => {
                    if picker.query.handle(key) {
                        picker.cursor = 0;
                        picker.results = ctx
                            .backend
                            .list_contacts(ContactQuery {
                                query: picker.query.value().to_string(),
                                limit: 8,
                                ..Default::default()
                            })
                            .map(|p| p.rows.into_iter().map(|r| r.summary).collect())
                            .unwrap_or_default();
                    }
                }
            }
            return;
        }
        if key.code == KeyCode::Char('p') && key.modifiers.contains(KeyModifiers::CONTROL) {
            rf.picker = Some(Picker {
                query: TextInput::default(),
                results: Vec::new(),
                cursor: 0,
            });
            return;
        }
        match rf.form.handle(key, ctx.keymap) {
            FormEvent::Cancel => self.overlay = Overlay::None,
            FormEvent::Submit => self.freeze(ctx),
            FormEvent::None => Self::update_preview(rf, ctx),
        }
    }

    pub(super) fn freeze(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Rule(rf) = &mut self.overlay else {
            return;
        };
        let Some(id) = self.detail.as_ref().map(|d| d.incident.id) else {
            return;
        };
        rf.form.clear_errors();
        let Some(rule) = Self::rule_from(rf, ctx) else {
            return;
        };
        if !rule.everyone && !rule.has_filters() && rule.picked.is_empty() {
            rf.form.banner = Some(("choose a rule or pick people first".into(), true));
            return;
        }
        match ctx.backend.freeze_list(id, rule) {
            Ok(r) => {
                ctx.toasts.success(format!(
                    "{} added to the list ({} already on it, {} unreachable)",
                    r.added, r.already_listed, r.unreachable
                ));
                self.overlay = Overlay::None;
                self.open(ctx, id);
                self.refresh_list(ctx);
            }
            Err(e) => rf.form.banner = Some((e.to_string(), true)),
        }
    }
}

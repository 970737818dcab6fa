//! Drawing the Contacts screen: the table and the detail view.

use super::*;

impl ContactsScreen {
    pub(super) fn draw_list(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let [search_area, table_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);

        // The search line.
        let mut spans = vec![Span::styled(
            if self.searching { " / " } else { "   " },
            theme.header(),
        )];
        if self.query.value().is_empty() && !self.searching {
            spans.push(Span::styled(
                format!(
                    "{} to search name, organisation, e-mail, phone",
                    ctx.keymap.key(Action::Search)
                ),
                theme.muted(),
            ));
        } else {
            spans.extend(
                self.query
                    .line(
                        (search_area.width as usize).saturating_sub(30),
                        self.searching,
                        theme.accent(),
                    )
                    .spans,
            );
        }
        let order = if self.query.value().is_empty() {
            format!(
                "by {}{}",
                self.sort.key(),
                if self.descending { " ▼" } else { " ▲" }
            )
        } else {
            "by relevance".to_string()
        };
        // Until the answer to what was typed arrives (the first search
        // waits for the index), the old total would be a wrong answer.
        let count = if self.query.value() == self.shown_query {
            format!("{} contacts · {order} ", self.total)
        } else {
            "searching… ".to_string()
        };
        let [left, right] = Layout::horizontal([
            Constraint::Min(1),
            Constraint::Length(count.chars().count() as u16),
        ])
        .areas(search_area);
        f.render_widget(Paragraph::new(Line::from(spans)), left);
        f.render_widget(
            Paragraph::new(Span::styled(count, theme.muted())).right_aligned(),
            right,
        );

        // The table.
        let wide = table_area.width >= 110;
        let mut columns: Vec<(&str, Constraint, Option<SortKey>)> = vec![
            ("Name", Constraint::Fill(3), Some(SortKey::Name)),
            (
                "Organisation",
                Constraint::Fill(3),
                Some(SortKey::Organisation),
            ),
            ("E-mail", Constraint::Fill(4), Some(SortKey::Email)),
        ];
        if wide {
            columns.push(("Phone", Constraint::Length(17), Some(SortKey::Phone)));
        }
        columns.push(("Status", Constraint::Length(10), Some(SortKey::Status)));
        columns.push(("Consent", Constraint::Length(8), None));
        if wide {
            columns.push(("Retention", Constraint::Length(14), None));
        }
        let widths: Vec<Constraint> = columns.iter().map(|c| c.1).collect();
        let header: Vec<TableCell> = columns
            .iter()
            .map(|(name, _, key)| {
                let marker = match key {
                    Some(k) if *k == self.sort && self.query.value().is_empty() => {
                        if self.descending { " ▼" } else { " ▲" }
                    }
                    _ => "",
                };
                TableCell::from(format!("{name}{marker}"))
            })
            .collect();

        // Column widths are needed to cut highlighted cells; estimate them
        // the way the layout will.
        let resolved = Layout::horizontal(widths.clone())
            .spacing(1)
            .split(table_area);
        let w = |i: usize| resolved.get(i).map_or(10, |r| r.width as usize);
        let matched = theme.matched();
        let empty = if self.query.value().is_empty() {
            format!(
                "No contacts yet. Press {} to add one, or run `custos demo`.",
                ctx.keymap.key(Action::New)
            )
        } else {
            "No contact matches.".to_string()
        };
        let height = ListTable {
            header,
            widths,
            len: self.total,
            selected: self.selected,
            scroll: &self.scroll,
            empty: Span::styled(empty, theme.muted()),
        }
        .draw(f, table_area, theme, |abs| {
            // A row of a page not fetched yet is blank until it arrives.
            let Some(row) = abs
                .checked_sub(self.window_offset)
                .and_then(|i| self.rows.get(i))
            else {
                return Row::default();
            };
            let s = &row.summary;
            let h = &row.highlights;
            let mut cells = vec![
                TableCell::from(highlighted(&s.name, &h.name, w(0), matched)),
                TableCell::from(highlighted(&s.organisation, &h.organisation, w(1), matched)),
                TableCell::from(highlighted(&s.email, &h.email, w(2), matched)),
            ];
            if wide {
                cells.push(TableCell::from(highlighted(
                    &s.phone,
                    &h.phone,
                    w(3),
                    matched,
                )));
            }
            let status_style = match s.status {
                ContactStatus::Active => Style::default(),
                ContactStatus::Restricted => theme.warning(),
                ContactStatus::ErasureScheduled | ContactStatus::Anonymised => theme.error(),
            };
            let status = match s.status {
                ContactStatus::ErasureScheduled => "erasure",
                other => other.as_str(),
            };
            cells.push(TableCell::from(Span::styled(status, status_style)));
            let c = row.consent;
            let consent = if c.given + c.withdrawn + c.refused == 0 {
                Span::styled("—", theme.muted())
            } else {
                Span::raw(format!("{}✓ {}✗", c.given, c.withdrawn + c.refused))
            };
            cells.push(TableCell::from(consent));
            if wide {
                cells.push(TableCell::from(row.retention.clone()));
            }
            Row::new(cells)
        });
        self.height.set(height);
    }

    pub(super) fn draw_detail(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let Some(d) = &self.detail else {
            return;
        };
        let c = &d.contact;
        let label = |l: &str| Span::styled(format!("{l:<15}"), theme.muted());
        let mut lines: Vec<Line> = Vec::new();
        lines.push(Line::from(vec![
            Span::styled(
                c.display_name(),
                theme.header().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("   #{} · version {} · {}", c.id, c.version, c.status()),
                theme.muted(),
            ),
        ]));
        if let Some(r) = &c.restriction {
            lines.push(Line::from(Span::styled(
                format!(
                    "RESTRICTED (Art. 18) since {} — {}",
                    ctx.zone.date(r.since),
                    r.reason
                ),
                theme.error().add_modifier(Modifier::BOLD),
            )));
        }
        if let Some(hold) = &c.legal_hold {
            lines.push(Line::from(Span::styled(
                format!(
                    "LEGAL HOLD since {} — {}",
                    ctx.zone.date(hold.since),
                    hold.reason
                ),
                theme.warning(),
            )));
        }
        {
            use crate::model::retention::RetentionState as R;
            let style = match d.retention.state {
                R::NoLegalBasis | R::Expired { .. } | R::ErasureScheduled { .. } => theme.error(),
                R::ExpiringSoon { .. } | R::LegalHold { .. } => theme.warning(),
                _ => theme.muted(),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:<15}", "Retention"), theme.muted()),
                Span::styled(d.retention.reason.clone(), style),
            ]));
        }
        if c.do_not_contact {
            lines.push(Line::from(Span::styled(
                "Objected to direct marketing: do not contact",
                theme.warning(),
            )));
        }
        lines.push(Line::from(""));
        let mut field = |name: &str, value: String| {
            if !value.is_empty() {
                lines.push(Line::from(vec![label(name), Span::raw(value)]));
            }
        };
        field("E-mail", c.emails.join(", "));
        field("Phone", c.phones.join(", "));
        field(
            "Organisation",
            d.organisation
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
        );
        field("Job title", c.job_title.clone());
        field("Address", c.address.one_line());
        field("Tags", c.tags.join(", "));
        field("Owner", c.owner.clone().unwrap_or_default());
        field("Language", c.language.clone());
        field("Created", ctx.zone.date(c.created_at));
        field("Updated", ctx.zone.datetime(c.updated_at));
        field(
            "Last contact",
            c.last_interaction_at
                .map(|t| ctx.zone.date(t))
                .unwrap_or_default(),
        );
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("Consent and legal basis", theme.header()),
            Span::styled(
                format!(
                    "   ↑↓ purpose · {} give · {} withdraw · {} refused",
                    ctx.keymap.key(Action::GiveConsent),
                    ctx.keymap.key(Action::WithdrawConsent),
                    ctx.keymap.key(Action::RefuseConsent)
                ),
                theme.muted(),
            ),
        ]));
        if d.consents.is_empty() {
            lines.push(Line::from(Span::styled(
                "  no purposes defined yet (Purposes screen)",
                theme.muted(),
            )));
        }
        let name_width = d
            .consents
            .iter()
            .map(|pc| pc.name.chars().count())
            .max()
            .unwrap_or(10)
            .clamp(10, 32);
        let mut selected_line = None;
        for (i, pc) in d.consents.iter().enumerate() {
            let selected = i == self.consent_cursor;
            if selected {
                selected_line = Some(lines.len());
            }
            let (state, style) = match pc.state {
                ConsentState::Given { since } => (
                    format!(
                        "{} {}",
                        pc.state.label(pc.legal_basis),
                        ctx.zone.date(since)
                    ),
                    theme.ok(),
                ),
                ConsentState::Withdrawn { at } | ConsentState::Refused { at } => (
                    format!("{} {}", pc.state.label(pc.legal_basis), ctx.zone.date(at)),
                    theme.warning(),
                ),
                ConsentState::NoRecord => ("no record".to_string(), theme.muted()),
            };
            let marker = if selected { "▶ " } else { "  " };
            let name_style = if selected {
                theme.selected()
            } else {
                Style::default()
            };
            let mut spans = vec![
                Span::styled(marker, theme.accent()),
                Span::styled(
                    format!(
                        "{:<name_width$}",
                        crate::commands::output::fit(&pc.name, name_width)
                    ),
                    name_style,
                ),
                Span::styled(format!(" {:<20}", pc.legal_basis.label()), theme.muted()),
                Span::styled(state, style),
            ];
            if pc.archived {
                spans.push(Span::styled(" (archived)", theme.muted()));
            }
            lines.push(Line::from(spans));
            if selected {
                for e in pc.history.iter().rev() {
                    lines.push(Line::from(vec![
                        Span::styled(format!("      {} ", ctx.zone.datetime(e.at)), theme.muted()),
                        Span::styled(
                            format!("{:<10}", e.action.label(pc.legal_basis)),
                            theme.accent(),
                        ),
                        Span::styled(
                            format!("{:<10} {:<10} ", e.channel.key(), e.recorded_by),
                            theme.muted(),
                        ),
                        Span::raw(e.evidence.clone()),
                    ]));
                }
            }
        }
        if !c.special.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "Special categories (Art. 9)",
                theme.header(),
            )));
            for sc in &c.special {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<14}", sc.category.as_str()), theme.warning()),
                    Span::raw(sc.value.clone()),
                    Span::styled(
                        format!("   (purpose #{}, {})", sc.purpose_id, sc.recorded_by),
                        theme.muted(),
                    ),
                ]));
            }
        }
        if !c.notes.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled("Notes", theme.header())));
            for l in c.notes.lines() {
                lines.push(Line::from(format!("  {l}")));
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("Interactions ({})", d.interactions.len()),
            theme.header(),
        )));
        if d.interactions.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(
                    "  none yet — {} to log one",
                    ctx.keymap.key(Action::LogInteraction)
                ),
                theme.muted(),
            )));
        }
        for i in &d.interactions {
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", ctx.zone.date(i.at)), theme.muted()),
                Span::styled(format!("{:<8}", i.kind.as_str()), theme.accent()),
                Span::styled(format!("{:<12} ", i.by), theme.muted()),
                Span::raw(i.summary.clone()),
            ]));
        }
        // Keep the selected purpose (and a little of its history) in view;
        // line numbers ignore wrapping, which only long notes cause.
        let visible = area.height.saturating_sub(1) as usize;
        let mut scroll = self.detail_scroll.get() as usize;
        if let Some(line) = selected_line {
            if line < scroll {
                scroll = line;
            } else if line + 4 > scroll + visible {
                scroll = (line + 4).saturating_sub(visible);
            }
        }
        self.detail_scroll.set(scroll as u16);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll as u16, 0))
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(theme.muted()),
                ),
            area,
        );
    }
}

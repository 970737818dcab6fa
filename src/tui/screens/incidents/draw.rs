//! Drawing the Incidents screen: the register, an incident in detail, the
//! rule form.

use super::*;

impl IncidentsScreen {
    pub(super) fn draw_list(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        ListTable {
            header: [
                "#",
                "Incident",
                "Aware",
                "72-hour deadline",
                "Risk",
                "Status",
                "Notified",
            ],
            widths: vec![
                Constraint::Length(5),
                Constraint::Fill(1),
                Constraint::Length(16),
                Constraint::Length(20),
                Constraint::Length(5),
                Constraint::Length(9),
                Constraint::Length(9),
            ],
            len: self.list.len(),
            selected: self.selected,
            scroll: &self.scroll,
            empty: Span::styled(
                format!(
                    "No breaches registered. {} registers one: the 72 hours run from when you \
                 became aware.",
                    ctx.keymap.key(Action::New)
                ),
                ctx.theme.muted(),
            ),
        }
        .draw(f, area, ctx.theme, |i| {
            let o = &self.list[i];
            let inc = &o.incident;
            let c = inc.countdown(ctx.now);
            Row::new(vec![
                TableCell::from(format!("#{}", inc.id)),
                TableCell::from(inc.title.clone()),
                TableCell::from(ctx.zone.datetime(inc.aware_at)),
                TableCell::from(Span::styled(c.describe(), countdown_style(c, ctx))),
                TableCell::from(inc.risk.key()),
                TableCell::from(inc.status.key()),
                TableCell::from(format!("{}/{}", o.notified, o.listed)),
            ])
        });
    }

    pub(super) fn draw_detail(
        &self,
        d: &IncidentDetail,
        f: &mut Frame,
        area: Rect,
        ctx: &ViewCtx<'_>,
    ) {
        let theme = ctx.theme;
        let i = &d.incident;
        let c = i.countdown(ctx.now);
        let notified = d.entries.iter().filter(|e| e.notified_at.is_some()).count();
        let label = |l: &str| Span::styled(format!("{l:<14}"), theme.muted());
        let mut lines = vec![
            Line::from(vec![
                Span::styled(
                    format!("#{} {}", i.id, i.title),
                    theme.header().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!("   {} · risk {} · ", i.status.key(), i.risk.key()),
                    theme.muted(),
                ),
                Span::styled(c.describe(), countdown_style(c, ctx)),
            ]),
            Line::from(""),
        ];
        let mut field = |name: &str, value: String| {
            if !value.trim().is_empty() {
                lines.push(Line::from(vec![label(name), Span::raw(value)]));
            }
        };
        field(
            "Aware since",
            format!(
                "{} (deadline {})",
                ctx.zone.datetime(i.aware_at),
                ctx.zone.datetime(i.authority_deadline())
            ),
        );
        field(
            "Occurred",
            i.occurred_at
                .map(|t| ctx.zone.datetime(t))
                .unwrap_or_default(),
        );
        field("What", i.description.clone());
        field(
            "Nature",
            i.nature
                .iter()
                .map(|n| n.key())
                .collect::<Vec<_>>()
                .join(", "),
        );
        field("Data", i.data_categories.join(", "));
        field(
            "People",
            format!(
                "{}≈{} people, ≈{} records",
                if i.subject_categories.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", i.subject_categories.join(", "))
                },
                i.approx_subjects,
                i.approx_records
            ),
        );
        field("Consequences", i.consequences.clone());
        field("Measures", i.measures.clone());
        field(
            "Authority",
            match &i.authority {
                Some(a) => format!(
                    "told {} {} {}",
                    ctx.zone.datetime(a.at),
                    a.authority,
                    a.reference
                ),
                None => "not notified yet".into(),
            },
        );
        field(
            "Tell people",
            match &i.individuals {
                IndividualsNotice::Undecided => "undecided".into(),
                IndividualsNotice::Required => "required (Art. 34)".into(),
                IndividualsNotice::NotRequired { reason } => format!("not required: {reason}"),
            },
        );
        field("Contact point", i.contact_point.clone());
        if let Some(last) = i.notes.last() {
            field(
                "Latest note",
                format!("{} {}: {}", ctx.zone.datetime(last.at), last.by, last.text),
            );
        }
        let head = lines.len() as u16;
        let [top, list_area] =
            Layout::vertical([Constraint::Length(head + 1), Constraint::Min(3)]).areas(area);
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(theme.muted()),
            ),
            top,
        );

        // The notification list and its progress.
        let title = format!(
            " Notification list: {notified}/{} notified{} ",
            d.entries.len(),
            if self.chosen.is_empty() {
                String::new()
            } else {
                format!(", {} chosen", self.chosen.len())
            }
        );
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(theme.accent())
            .title(title);
        let inner = block.inner(list_area);
        f.render_widget(block, list_area);
        if d.entries.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(
                    format!(
                        "Nobody on the list yet: {} selects the people affected.",
                        ctx.keymap.key(Action::SelectPeople)
                    ),
                    theme.muted(),
                )),
                inner,
            );
            return;
        }
        let height = (inner.height as usize).max(1);
        let scroll = scroll_to(self.entry_scroll.get(), self.entry_cursor, height);
        self.entry_scroll.set(scroll);
        let rows: Vec<Row> = d
            .entries
            .iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .map(|(k, e)| {
                let mark = if self.chosen.contains(&e.contact_id) {
                    "[x]"
                } else {
                    "[ ]"
                };
                let status = match (e.notified_at, e.anonymised, e.channel) {
                    (Some(t), _, _) => Span::styled(
                        format!(
                            "notified {}",
                            t.with_timezone(&ctx.zone.tz()).format("%m-%d %H:%M")
                        ),
                        theme.ok(),
                    ),
                    (None, true, _) => Span::styled("anonymised", theme.muted()),
                    (None, _, NotificationChannel::Unreachable) => {
                        Span::styled("unreachable", theme.error())
                    }
                    _ => Span::styled("to notify", theme.warning()),
                };
                let row = Row::new(vec![
                    TableCell::from(mark),
                    TableCell::from(e.name.clone()),
                    TableCell::from(e.channel.key()),
                    TableCell::from(e.destination.clone()),
                    TableCell::from(status),
                ]);
                if k == self.entry_cursor {
                    row.style(theme.selected())
                } else {
                    row
                }
            })
            .collect();
        f.render_widget(
            Table::new(
                rows,
                [
                    Constraint::Length(3),
                    Constraint::Length(24),
                    Constraint::Length(11),
                    Constraint::Fill(1),
                    Constraint::Length(20),
                ],
            )
            .column_spacing(1),
            inner,
        );
    }

    pub(super) fn draw_rule(rf: &RuleForm, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        rf.form.draw(f, area, ctx.theme);
        // The live count under the form.
        let count = match (&rf.preview, &rf.pending) {
            (_, Some(_)) => "counting…".to_string(),
            (Some(p), None) => format!(
                "{} people match ({} unreachable){}",
                p.count,
                p.unreachable,
                if p.sample.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {}{}",
                        p.sample
                            .iter()
                            .take(3)
                            .map(|s| s.name.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                        if p.count > 3 { ", …" } else { "" }
                    )
                }
            ),
            (None, None) => "choose a rule: the count follows as you type".into(),
        };
        let line = Rect {
            y: area.y + area.height.saturating_sub(1),
            height: 1.min(area.height),
            ..area
        };
        f.render_widget(Clear, line);
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {count}"), ctx.theme.accent())),
            line,
        );
        if let Some(p) = &rf.picker {
            let rect = centered(area, 60, 12);
            f.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(ctx.theme.accent())
                .title(" Pick people ")
                .title_bottom(" type to search · tab pick/unpick · enter done ");
            let inner = block.inner(rect);
            f.render_widget(block, rect);
            let mut lines = vec![Line::from(vec![
                Span::styled("/ ", ctx.theme.header()),
                Span::raw(p.query.value().to_string()),
            ])];
            for (k, s) in p.results.iter().enumerate() {
                let picked = rf.picked.iter().any(|(id, _)| *id == s.id);
                let style = if k == p.cursor {
                    ctx.theme.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} {} · {}",
                        if picked { "[x]" } else { "[ ]" },
                        s.name,
                        s.email
                    ),
                    style,
                )));
            }
            f.render_widget(Paragraph::new(lines), inner);
        }
    }
}

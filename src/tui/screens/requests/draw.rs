//! Drawing the Requests screen: the queue and a request with its timeline.

use super::*;

impl RequestsScreen {
    pub(super) fn draw_list(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let today = ctx.zone.date_of(ctx.now);
        let [title_area, table_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let open = self
            .list
            .iter()
            .filter(|r| !r.request.status.is_closed())
            .count();
        let overdue = self
            .list
            .iter()
            .filter(|r| r.request.days_left(today).is_some_and(|d| d < 0))
            .count();
        let mut title = vec![Span::styled(
            format!(" {} open request{}", open, if open == 1 { "" } else { "s" }),
            theme.header(),
        )];
        if overdue > 0 {
            title.push(Span::styled(
                format!(" · {overdue} overdue"),
                theme.error().add_modifier(Modifier::BOLD),
            ));
        }
        title.push(Span::styled(
            format!(
                "   {} {}",
                ctx.keymap.key(Action::ShowClosed),
                if self.include_closed {
                    "hide closed"
                } else {
                    "show closed"
                }
            ),
            theme.muted(),
        ));
        f.render_widget(Paragraph::new(Line::from(title)), title_area);

        ListTable {
            header: [
                "#", "Kind", "About", "Received", "Due", "Deadline", "Status",
            ],
            widths: vec![
                Constraint::Length(5),
                Constraint::Length(18),
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(11),
                Constraint::Length(17),
                Constraint::Length(17),
            ],
            len: self.list.len(),
            selected: self.selected,
            scroll: &self.scroll,
            empty: Span::styled(
                format!(
                    "No {}requests. {} files one: the month to answer runs from the day it was \
                 received.",
                    if self.include_closed { "" } else { "open " },
                    ctx.keymap.key(Action::New)
                ),
                ctx.theme.muted(),
            ),
        }
        .draw(f, table_area, theme, |i| {
            let o = &self.list[i];
            let q = &o.request;
            Row::new(vec![
                TableCell::from(format!("#{}", q.id)),
                TableCell::from(q.kind.key()),
                match (&o.contact, q.contact_id) {
                    (None, None) => {
                        TableCell::from(Span::styled(format!("? {}", q.requester), theme.warning()))
                    }
                    _ => TableCell::from(o.who()),
                },
                TableCell::from(q.received_on.to_string()),
                TableCell::from(format!(
                    "{}{}",
                    q.effective_due(),
                    if q.extension.is_some() { "+" } else { "" }
                )),
                TableCell::from(Span::styled(
                    q.deadline_text(today),
                    deadline_style(q, today, ctx),
                )),
                TableCell::from(q.status.key()),
            ])
        });
    }

    pub(super) fn draw_detail(
        &self,
        r: &RequestOverview,
        f: &mut Frame,
        area: Rect,
        ctx: &ViewCtx<'_>,
    ) {
        let theme = ctx.theme;
        let today = ctx.zone.date_of(ctx.now);
        let q = &r.request;
        let label = |l: &str| Span::styled(format!("{l:<14}"), theme.muted());
        let mut lines = vec![
            Line::from(vec![
                Span::styled(
                    format!("#{} {}", q.id, kind_label(q.kind)),
                    theme.header().add_modifier(Modifier::BOLD),
                ),
                Span::styled(format!("   {} · ", q.status.key()), theme.muted()),
                Span::styled(q.deadline_text(today), deadline_style(q, today, ctx)),
            ]),
            Line::from(""),
        ];
        let about = match (&r.contact, q.contact_id) {
            (Some(c), _) => format!(
                "{} #{}{}",
                c.name,
                c.id,
                if c.email.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", c.email)
                }
            ),
            (None, Some(_)) => "(the contact was erased)".to_string(),
            (None, None) => format!(
                "not identified yet — {} links a contact",
                ctx.keymap.key(Action::Edit)
            ),
        };
        lines.push(Line::from(vec![label("About"), Span::raw(about)]));
        if !q.requester.is_empty() {
            lines.push(Line::from(vec![
                label("Requester"),
                Span::raw(q.requester.clone()),
            ]));
        }
        lines.push(Line::from(vec![
            label("Received"),
            Span::raw(q.received_on.to_string()),
        ]));
        lines.push(Line::from(vec![
            label("Due"),
            Span::raw(format!("{} (one month)", q.due_on)),
        ]));
        if let Some(e) = &q.extension {
            lines.push(Line::from(vec![
                label("Extended to"),
                Span::styled(e.due_on.to_string(), theme.warning()),
                Span::styled(
                    format!(" by {} on {}: ", e.by, ctx.zone.date(e.at)),
                    theme.muted(),
                ),
                Span::raw(e.reason.clone()),
            ]));
        }
        if let RequestStatus::Refused { reason } = &q.status {
            lines.push(Line::from(vec![
                label("Refused"),
                Span::styled(reason.clone(), theme.error()),
            ]));
        }
        lines.push(Line::from(vec![
            label("Filed"),
            Span::raw(format!(
                "{} by {}",
                ctx.zone.datetime(q.created_at),
                q.created_by
            )),
        ]));
        if let Some(by) = &q.handled_by {
            lines.push(Line::from(vec![label("Handled by"), Span::raw(by.clone())]));
        }
        if let Some(t) = q.closed_at {
            lines.push(Line::from(vec![
                label("Closed"),
                Span::raw(ctx.zone.datetime(t)),
            ]));
        }
        if !q.status.is_closed() {
            lines.push(Line::from(""));
            let next = if q.contact_id.is_none() {
                format!(
                    "Next: identify the person and link them ({}).",
                    ctx.keymap.key(Action::Edit)
                )
            } else if q.status == RequestStatus::New {
                format!(
                    "Next: verify their identity ({} → identity-verified).",
                    ctx.keymap.key(Action::Status)
                )
            } else {
                format!(
                    "Next: {} carries it out: {}.",
                    ctx.keymap.key(Action::Carry),
                    answer_of(q.kind)
                )
            };
            lines.push(Line::from(Span::styled(next, theme.accent())));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("Notes ({})", q.notes.len()),
            theme.header(),
        )));
        if q.notes.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(
                    "  none yet — {} adds one",
                    ctx.keymap.key(Action::LogInteraction)
                ),
                theme.muted(),
            )));
        }
        for n in &q.notes {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {} {:<10} ", ctx.zone.datetime(n.at), n.by),
                    theme.muted(),
                ),
                Span::raw(n.text.clone()),
            ]));
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.detail_scroll.get(), 0))
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(theme.muted()),
                ),
            area,
        );
    }
}

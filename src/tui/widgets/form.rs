//! A form: labelled fields, Tab between them, validation messages next to
//! the field they concern, Esc cancels, Ctrl-S (or Enter on the last field)
//! submits.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::centered;
use super::input::TextInput;
use crate::tui::keymap::{Action, KeyMap};
use crate::tui::theme::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Several values, typed comma-separated.
    List,
    /// One of a fixed set, cycled with ←/→ or space.
    Choice(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The name the service uses in validation errors ("emails").
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextInput,
    pub choice: usize,
    pub error: Option<String>,
    /// Shown dimmed when the field is empty.
    pub placeholder: std::borrow::Cow<'static, str>,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::Text,
            input: TextInput::new(value),
            choice: 0,
            error: None,
            placeholder: "".into(),
        }
    }

    pub fn list(key: &'static str, label: &'static str, values: &[String]) -> Field {
        Field {
            kind: FieldKind::List,
            ..Field::text(key, label, &values.join(", "))
        }
    }

    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: Vec<String>,
        selected: usize,
    ) -> Field {
        let choice = selected.min(options.len().saturating_sub(1));
        Field {
            kind: FieldKind::Choice(options),
            choice,
            ..Field::text(key, label, "")
        }
    }

    pub fn with_placeholder(
        mut self,
        placeholder: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Field {
        self.placeholder = placeholder.into();
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    None,
    Submit,
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message for the whole form (a conflict, an error without a field).
    pub banner: Option<(String, bool)>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            banner: None,
        }
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn text(&self, key: &str) -> String {
        self.field(key)
            .map(|f| f.input.value().trim().to_string())
            .unwrap_or_default()
    }

    pub fn list(&self, key: &str) -> Vec<String> {
        self.text(key)
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn choice(&self, key: &str) -> usize {
        self.field(key).map_or(0, |f| f.choice)
    }

    pub fn set_text(&mut self, key: &str, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.input.set(value);
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
        self.banner = None;
    }

    /// Shows `message` next to the field named `key`; with no such field, in
    /// the banner. Moves the focus to the field.
    pub fn set_error(&mut self, key: &str, message: &str) {
        // "address.city" or "contacts[0].emails" name a field by its tail.
        let tail = key.rsplit('.').next().unwrap_or(key);
        match self
            .fields
            .iter()
            .position(|f| f.key == key || f.key == tail)
        {
            Some(i) => {
                self.fields[i].error = Some(message.to_string());
                self.focus = i;
            }
            None => self.banner = Some((format!("{key}: {message}"), true)),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn handle(&mut self, key: &KeyEvent, keymap: &KeyMap) -> FormEvent {
        if keymap.is(Action::Save, key) {
            return FormEvent::Submit;
        }
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1).min(last),
            KeyCode::BackTab | KeyCode::Up => self.focus = self.focus.saturating_sub(1),
            KeyCode::Enter if self.focus >= last => return FormEvent::Submit,
            KeyCode::Enter => self.focus += 1,
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormEvent::None;
                };
                match &field.kind {
                    FieldKind::Choice(options) if !options.is_empty() => match key.code {
                        KeyCode::Right | KeyCode::Char(' ') => {
                            field.choice = (field.choice + 1) % options.len();
                            field.error = None;
                        }
                        KeyCode::Left => {
                            field.choice = (field.choice + options.len() - 1) % options.len();
                            field.error = None;
                        }
                        _ => {}
                    },
                    FieldKind::Choice(_) => {}
                    FieldKind::Text | FieldKind::List => {
                        if field.input.handle(key) {
                            field.error = None;
                        }
                    }
                }
            }
        }
        FormEvent::None
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let width = 76.min(area.width);
        let wanted = self.fields.len() as u16
            + self.fields.iter().filter(|f| f.error.is_some()).count() as u16 * 2
            + 2
            + self
                .banner
                .as_ref()
                .map_or(0, |(b, _)| b.chars().count() as u16 / 60 + 2);
        let rect = centered(area, width, wanted.min(area.height));
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent())
            .title(format!(" {} ", self.title))
            .title_bottom(Line::from(vec![
                Span::styled(" tab", theme.header()),
                Span::raw(" next  "),
                Span::styled("ctrl-s", theme.header()),
                Span::raw(" save  "),
                Span::styled("esc", theme.header()),
                Span::raw(" cancel "),
            ]));
        let inner = block.inner(rect);
        f.render_widget(block, rect);

        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(8)
            + 2;
        let value_width = (inner.width as usize).saturating_sub(label_width + 1);
        let mut lines: Vec<Line> = Vec::new();
        if let Some((banner, is_error)) = &self.banner {
            let style = if *is_error {
                theme.error()
            } else {
                theme.warning()
            };
            for part in wrap(banner, (inner.width as usize).max(10)) {
                lines.push(Line::from(Span::styled(part, style)));
            }
            lines.push(Line::from(""));
        }
        let mut focus_line = 0;
        for (i, field) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            if focused {
                focus_line = lines.len();
            }
            let label_style = if focused {
                theme.header()
            } else if field.error.is_some() {
                theme.error()
            } else {
                Style::default()
            };
            let mut spans = vec![Span::styled(
                format!("{:<label_width$}", field.label),
                label_style,
            )];
            match &field.kind {
                FieldKind::Choice(options) => {
                    let value = options.get(field.choice).cloned().unwrap_or_default();
                    let style = if focused {
                        theme.selected()
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled(format!("◀ {value} ▶"), style));
                }
                FieldKind::Text | FieldKind::List => {
                    if field.input.value().is_empty() && !focused && !field.placeholder.is_empty() {
                        spans.push(Span::styled(field.placeholder.clone(), theme.muted()));
                    } else {
                        spans.extend(
                            field
                                .input
                                .line(value_width, focused, Style::default())
                                .spans,
                        );
                    }
                }
            }
            lines.push(Line::from(spans));
            if let Some(error) = &field.error {
                for (n, part) in wrap(&format!("↳ {error}"), value_width.max(10))
                    .into_iter()
                    .enumerate()
                {
                    let indent = if n == 0 { label_width } else { label_width + 2 };
                    lines.push(Line::from(vec![
                        Span::raw(" ".repeat(indent)),
                        Span::styled(part, theme.error()),
                    ]));
                }
            }
        }
        let height = inner.height as usize;
        // Keep the line under the focus (its error) in view, but never
        // scroll the focused field itself away in a short form.
        let scroll = (focus_line + 2)
            .saturating_sub(height)
            .min(focus_line)
            .min(lines.len().saturating_sub(height));
        f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
    }
}

/// Splits `text` at spaces into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::config::Config;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn tab_enter_and_submit() {
        let keymap = Config::defaults().keymap;
        let mut form = Form::new(
            "t",
            vec![
                Field::text("a", "A", ""),
                Field::list("b", "B", &[]),
                Field::choice("c", "C", vec!["x".into(), "y".into()], 0),
            ],
        );
        form.handle(&key(KeyCode::Char('h')), &keymap);
        form.handle(&key(KeyCode::Tab), &keymap);
        for c in "p, q ,,r".chars() {
            form.handle(&key(KeyCode::Char(c)), &keymap);
        }
        assert_eq!(form.handle(&key(KeyCode::Enter), &keymap), FormEvent::None);
        form.handle(&key(KeyCode::Right), &keymap);
        assert_eq!(form.text("a"), "h");
        assert_eq!(form.list("b"), vec!["p", "q", "r"]);
        assert_eq!(form.choice("c"), 1);
        assert_eq!(
            form.handle(&key(KeyCode::Enter), &keymap),
            FormEvent::Submit
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(form.handle(&ctrl_s, &keymap), FormEvent::Submit);
        assert_eq!(form.handle(&key(KeyCode::Esc), &keymap), FormEvent::Cancel);
    }

    #[test]
    fn errors_land_on_their_field_or_the_banner() {
        let mut form = Form::new(
            "t",
            vec![Field::text("a", "A", ""), Field::text("emails", "E", "")],
        );
        form.set_error("contacts[0].emails", "bad");
        assert_eq!(form.fields[1].error.as_deref(), Some("bad"));
        assert_eq!(form.focus, 1);
        form.set_error("elsewhere", "oops");
        assert_eq!(form.banner, Some(("elsewhere: oops".into(), true)));
    }
}

//! A single-line text input with a cursor.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        TextInput {
            value: value.to_string(),
            cursor: value.chars().count(),
        }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, value: &str) {
        *self = TextInput::new(value);
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_index)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Applies an editing key; returns whether the value changed. Keys that
    /// are not editing keys (Enter, Esc, Tab …) are left to the caller.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.value.is_empty();
                self.clear();
                changed
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                false
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.value.chars().count();
                false
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                true
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
                true
            }
            KeyCode::Delete if self.cursor < self.value.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.value.chars().count());
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = self.value.chars().count();
                false
            }
            _ => false,
        }
    }

    /// The visible part for `width` columns, scrolled so the cursor shows;
    /// with `focused`, the cursor cell is reversed. Newlines show as ⏎.
    pub fn line(&self, width: usize, focused: bool, style: Style) -> Line<'static> {
        let chars: Vec<char> = self
            .value
            .chars()
            .map(|c| if c == '\n' { '⏎' } else { c })
            .collect();
        let width = width.max(1);
        let start = if focused && self.cursor >= width {
            self.cursor + 1 - width
        } else {
            0
        };
        let visible: Vec<char> = chars.iter().skip(start).take(width).copied().collect();
        if !focused {
            return Line::from(Span::styled(visible.into_iter().collect::<String>(), style));
        }
        let at = self.cursor - start;
        let before: String = visible.iter().take(at).collect();
        let under: String = visible.get(at).map_or(" ".to_string(), |c| c.to_string());
        let after: String = visible.iter().skip(at + 1).collect();
        Line::from(vec![
            Span::styled(before, style),
            Span::styled(under, style.add_modifier(Modifier::REVERSED)),
            Span::styled(after, style),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode) -> bool {
        input.handle(&KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut input = TextInput::new("Müller");
        press(&mut input, KeyCode::Left);
        press(&mut input, KeyCode::Left);
        assert!(press(&mut input, KeyCode::Backspace));
        assert_eq!(input.value(), "Müler");
        press(&mut input, KeyCode::Char('l'));
        assert_eq!(input.value(), "Müller");
        press(&mut input, KeyCode::Home);
        assert!(press(&mut input, KeyCode::Delete));
        assert_eq!(input.value(), "üller");
        assert!(!press(&mut input, KeyCode::Enter));
    }

    #[test]
    fn long_values_scroll_to_keep_the_cursor_visible() {
        let input = TextInput::new("abcdefghij");
        let line = input.line(4, true, Style::default());
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "hij ");
    }
}

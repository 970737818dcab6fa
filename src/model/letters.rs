//! Breach letters (Art. 34): templates with `{{placeholders}}`, rendered per
//! person. Dutch and English ship in `assets/letters/`; a file of the same
//! name in the letters directory (see `service/letters.rs`)
//! replaces them, so wording can be adapted without a rebuild.

use std::collections::BTreeMap;

pub const BREACH_EN: &str = include_str!("../../assets/letters/breach_en.txt");
pub const BREACH_NL: &str = include_str!("../../assets/letters/breach_nl.txt");

/// The placeholders a breach template may use.
pub const PLACEHOLDERS: [&str; 7] = [
    "name",
    "controller",
    "what_happened",
    "aware_date",
    "consequences",
    "measures",
    "contact_point",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// Splits a template into its subject line and body, and checks it uses
/// known placeholders only.
pub fn check(template: &str) -> Result<(), String> {
    let (subject, _) = split(template)?;
    if subject.trim().is_empty() {
        return Err("the subject line is empty".into());
    }
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "a {{ without its }}".to_string())?;
        let name = after[..end].trim();
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder {{{{{name}}}}}; known: {}",
                PLACEHOLDERS.join(", ")
            ));
        }
        rest = &after[end + 2..];
    }
    Ok(())
}

fn split(template: &str) -> Result<(&str, &str), String> {
    let first = template.lines().next().unwrap_or_default();
    let subject = first
        .strip_prefix("Subject:")
        .ok_or_else(|| "the first line must be \"Subject: …\"".to_string())?;
    let body = template[first.len()..].trim_start_matches(['\r', '\n']);
    Ok((subject.trim(), body))
}

/// Fills in a template; a value missing from `values` renders as "—".
pub fn render(template: &str, values: &BTreeMap<&str, String>) -> Result<Letter, String> {
    check(template)?;
    let (subject, body) = split(template)?;
    let fill = |text: &str| {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find("}}").unwrap_or(after.len());
            let name = after[..end].trim();
            match values.get(name).filter(|v| !v.trim().is_empty()) {
                Some(v) => out.push_str(v),
                None => out.push('—'),
            }
            rest = after.get(end + 2..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    };
    Ok(Letter {
        subject: fill(subject),
        body: fill(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_are_valid() {
        check(BREACH_EN).unwrap();
        check(BREACH_NL).unwrap();
    }

    #[test]
    fn renders_values_and_dashes_for_missing_ones() {
        let mut values = BTreeMap::new();
        values.insert("name", "Jan de Vries".to_string());
        let letter = render(
            "Subject: Hello {{name}}\n\nDear {{ name }}, {{measures}}.",
            &values,
        )
        .unwrap();
        assert_eq!(letter.subject, "Hello Jan de Vries");
        assert_eq!(letter.body, "Dear Jan de Vries, —.");
    }

    #[test]
    fn bad_templates_say_why() {
        assert!(
            render("Dear {{name}}", &BTreeMap::new())
                .unwrap_err()
                .contains("Subject")
        );
        assert!(
            check("Subject: x\n{{nmae}}")
                .unwrap_err()
                .contains("unknown placeholder")
        );
        assert!(check("Subject: x\n{{name").unwrap_err().contains("without"));
    }
}

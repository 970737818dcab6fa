//! Processing purposes (Art. 5(1)(b), 6, 13, 30): why the company holds data,
//! on what legal basis, for how long, shared with whom.

use serde::{Deserialize, Serialize};

use super::{PurposeId, SpecialCategory, Timestamp, clean_list};

/// Art. 6(1) legal bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LegalBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterest,
}

impl LegalBasis {
    pub const ALL: [LegalBasis; 6] = [
        LegalBasis::Consent,
        LegalBasis::Contract,
        LegalBasis::LegalObligation,
        LegalBasis::VitalInterests,
        LegalBasis::PublicTask,
        LegalBasis::LegitimateInterest,
    ];

    /// Short machine name used on the command line and in files.
    pub fn key(self) -> &'static str {
        match self {
            LegalBasis::Consent => "consent",
            LegalBasis::Contract => "contract",
            LegalBasis::LegalObligation => "legal-obligation",
            LegalBasis::VitalInterests => "vital-interests",
            LegalBasis::PublicTask => "public-task",
            LegalBasis::LegitimateInterest => "legitimate-interest",
        }
    }

    pub fn article(self) -> &'static str {
        match self {
            LegalBasis::Consent => "Art. 6(1)(a)",
            LegalBasis::Contract => "Art. 6(1)(b)",
            LegalBasis::LegalObligation => "Art. 6(1)(c)",
            LegalBasis::VitalInterests => "Art. 6(1)(d)",
            LegalBasis::PublicTask => "Art. 6(1)(e)",
            LegalBasis::LegitimateInterest => "Art. 6(1)(f)",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LegalBasis::Consent => "consent",
            LegalBasis::Contract => "contract",
            LegalBasis::LegalObligation => "legal obligation",
            LegalBasis::VitalInterests => "vital interests",
            LegalBasis::PublicTask => "public task",
            LegalBasis::LegitimateInterest => "legitimate interest",
        }
    }

    /// Accepts the key ("legal-obligation"), the label, or the letter ("c").
    pub fn parse(s: &str) -> Option<LegalBasis> {
        let s = s.trim().to_lowercase();
        LegalBasis::ALL.into_iter().find(|b| {
            b.key() == s
                || b.label() == s
                || b.article().to_lowercase() == s
                || b.article()[b.article().len() - 2..b.article().len() - 1] == s
        })
    }

    /// Whether the per-contact record is a consent the person gives, or the
    /// company's own assessment that the basis applies (a contract, a law).
    pub fn is_consent(self) -> bool {
        self == LegalBasis::Consent
    }
}

impl std::fmt::Display for LegalBasis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.label(), self.article())
    }
}

/// The moment a retention period runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RetentionAnchor {
    ConsentGiven,
    LastInteraction,
    EndOfContract,
    Creation,
}

impl RetentionAnchor {
    pub const ALL: [RetentionAnchor; 4] = [
        RetentionAnchor::ConsentGiven,
        RetentionAnchor::LastInteraction,
        RetentionAnchor::EndOfContract,
        RetentionAnchor::Creation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RetentionAnchor::ConsentGiven => "consent-given",
            RetentionAnchor::LastInteraction => "last-interaction",
            RetentionAnchor::EndOfContract => "end-of-contract",
            RetentionAnchor::Creation => "creation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RetentionAnchor::ConsentGiven => "consent given",
            RetentionAnchor::LastInteraction => "last interaction",
            RetentionAnchor::EndOfContract => "end of contract",
            RetentionAnchor::Creation => "creation",
        }
    }

    pub fn parse(s: &str) -> Option<RetentionAnchor> {
        let s = s.trim().to_lowercase();
        RetentionAnchor::ALL
            .into_iter()
            .find(|a| a.key() == s || a.label() == s)
    }
}

/// "Keep for `months` after `anchor`."
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RetentionRule {
    pub months: u32,
    pub anchor: RetentionAnchor,
}

impl std::fmt::Display for RetentionRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.months.is_multiple_of(12) && self.months > 0 {
            let years = self.months / 12;
            let unit = if years == 1 { "year" } else { "years" };
            write!(f, "{years} {unit} after {}", self.anchor.label())
        } else {
            write!(
                f,
                "{} after {}",
                month_count(self.months),
                self.anchor.label()
            )
        }
    }
}

/// "1 month", "18 months": a period as the dashboard and the rules say it.
pub fn month_count(months: u32) -> String {
    let unit = if months == 1 { "month" } else { "months" };
    format!("{months} {unit}")
}

/// Safeguards for transfers outside the EEA (Chapter V).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Safeguard {
    AdequacyDecision,
    StandardContractualClauses,
    BindingCorporateRules,
    Derogation,
    Other,
}

impl Safeguard {
    pub const ALL: [Safeguard; 5] = [
        Safeguard::AdequacyDecision,
        Safeguard::StandardContractualClauses,
        Safeguard::BindingCorporateRules,
        Safeguard::Derogation,
        Safeguard::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Safeguard::AdequacyDecision => "adequacy",
            Safeguard::StandardContractualClauses => "scc",
            Safeguard::BindingCorporateRules => "bcr",
            Safeguard::Derogation => "derogation",
            Safeguard::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Safeguard::AdequacyDecision => "adequacy decision (Art. 45)",
            Safeguard::StandardContractualClauses => "standard contractual clauses (Art. 46)",
            Safeguard::BindingCorporateRules => "binding corporate rules (Art. 47)",
            Safeguard::Derogation => "derogation (Art. 49)",
            Safeguard::Other => "other safeguard",
        }
    }

    pub fn parse(s: &str) -> Option<Safeguard> {
        let s = s.trim().to_lowercase();
        Safeguard::ALL.into_iter().find(|g| g.key() == s)
    }
}

/// A transfer of data outside the EEA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// Country and recipient, e.g. "US — Mailchimp (Intuit Inc.)".
    pub destination: String,
    pub safeguard: Safeguard,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purpose {
    pub id: PurposeId,
    pub version: u32,
    pub name: String,
    pub description: String,
    pub legal_basis: LegalBasis,
    /// For Art. 6(1)(f): the legitimate interest pursued.
    pub legitimate_interest: String,
    pub retention: RetentionRule,
    pub data_categories: Vec<String>,
    /// Categories of people (customers, prospects, event guests …), for Art. 30.
    pub subject_categories: Vec<String>,
    pub recipients: Vec<String>,
    pub transfers: Vec<Transfer>,
    /// Art. 9 categories this purpose may process, and the Art. 9(2) condition.
    pub special_categories: Vec<SpecialCategory>,
    pub special_condition: String,
    /// Direct marketing: an Art. 21 objection ends it.
    pub marketing: bool,
    /// The retention sweep erases contacts whose only remaining basis was this
    /// purpose and has expired.
    pub auto_erase: bool,
    #[serde(with = "crate::model::time::opt_ts")]
    pub archived_at: Option<Timestamp>,
    #[serde(with = "crate::model::time::ts")]
    pub created_at: Timestamp,
    #[serde(with = "crate::model::time::ts")]
    pub updated_at: Timestamp,
}

impl Purpose {
    pub fn is_active(&self) -> bool {
        self.archived_at.is_none()
    }

    pub fn from_draft(id: PurposeId, draft: PurposeDraft, now: Timestamp) -> Purpose {
        Purpose {
            id,
            version: 1,
            name: draft.name,
            description: draft.description,
            legal_basis: draft.legal_basis,
            legitimate_interest: draft.legitimate_interest,
            retention: draft.retention,
            data_categories: draft.data_categories,
            subject_categories: draft.subject_categories,
            recipients: draft.recipients,
            transfers: draft.transfers,
            special_categories: draft.special_categories,
            special_condition: draft.special_condition,
            marketing: draft.marketing,
            auto_erase: draft.auto_erase,
            archived_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn draft(&self) -> PurposeDraft {
        PurposeDraft {
            name: self.name.clone(),
            description: self.description.clone(),
            legal_basis: self.legal_basis,
            legitimate_interest: self.legitimate_interest.clone(),
            retention: self.retention,
            data_categories: self.data_categories.clone(),
            subject_categories: self.subject_categories.clone(),
            recipients: self.recipients.clone(),
            transfers: self.transfers.clone(),
            special_categories: self.special_categories.clone(),
            special_condition: self.special_condition.clone(),
            marketing: self.marketing,
            auto_erase: self.auto_erase,
        }
    }

    pub fn changed_fields(&self, draft: &PurposeDraft) -> Vec<&'static str> {
        let old = self.draft();
        let mut fields = Vec::new();
        macro_rules! cmp {
            ($($f:ident),*) => {$(
                if old.$f != draft.$f { fields.push(stringify!($f)); }
            )*};
        }
        cmp!(
            name,
            description,
            legal_basis,
            legitimate_interest,
            retention,
            data_categories,
            subject_categories,
            recipients,
            transfers,
            special_categories,
            special_condition,
            marketing,
            auto_erase
        );
        fields
    }

    pub fn apply(&mut self, draft: PurposeDraft) {
        let id = self.id;
        let version = self.version;
        let (archived_at, created_at, updated_at) =
            (self.archived_at, self.created_at, self.updated_at);
        *self = Purpose::from_draft(id, draft, created_at);
        self.version = version;
        self.archived_at = archived_at;
        self.updated_at = updated_at;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeDraft {
    pub name: String,
    pub description: String,
    pub legal_basis: LegalBasis,
    pub legitimate_interest: String,
    pub retention: RetentionRule,
    pub data_categories: Vec<String>,
    pub subject_categories: Vec<String>,
    pub recipients: Vec<String>,
    pub transfers: Vec<Transfer>,
    pub special_categories: Vec<SpecialCategory>,
    pub special_condition: String,
    pub marketing: bool,
    pub auto_erase: bool,
}

impl PurposeDraft {
    pub fn new(name: &str, legal_basis: LegalBasis, retention: RetentionRule) -> PurposeDraft {
        PurposeDraft {
            name: name.to_string(),
            description: String::new(),
            legal_basis,
            legitimate_interest: String::new(),
            retention,
            data_categories: Vec::new(),
            subject_categories: Vec::new(),
            recipients: Vec::new(),
            transfers: Vec::new(),
            special_categories: Vec::new(),
            special_condition: String::new(),
            marketing: false,
            auto_erase: false,
        }
    }

    pub fn normalised(mut self) -> PurposeDraft {
        self.name = self.name.trim().to_string();
        self.description = self.description.trim().to_string();
        self.legitimate_interest = self.legitimate_interest.trim().to_string();
        self.data_categories = clean_list(self.data_categories);
        self.subject_categories = clean_list(self.subject_categories);
        self.recipients = clean_list(self.recipients);
        self.special_categories.sort();
        self.special_categories.dedup();
        self.special_condition = self.special_condition.trim().to_string();
        self
    }
}

/// A ready-made purpose an admin can load (`assets/purposes.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeTemplate {
    pub key: String,
    pub draft: PurposeDraft,
}

#[derive(Deserialize)]
struct TemplateFile {
    purpose: Vec<TemplateEntry>,
}

#[derive(Deserialize)]
struct TemplateTransfer {
    destination: String,
    safeguard: String,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
struct TemplateEntry {
    key: String,
    name: String,
    #[serde(default)]
    description: String,
    legal_basis: String,
    #[serde(default)]
    legitimate_interest: String,
    retention_months: u32,
    retention_anchor: String,
    #[serde(default)]
    data_categories: Vec<String>,
    #[serde(default)]
    subject_categories: Vec<String>,
    #[serde(default)]
    recipients: Vec<String>,
    #[serde(default)]
    transfers: Vec<TemplateTransfer>,
    #[serde(default)]
    special_categories: Vec<String>,
    #[serde(default)]
    special_condition: String,
    #[serde(default)]
    marketing: bool,
    #[serde(default)]
    auto_erase: bool,
}

pub const TEMPLATES: &str = include_str!("../../assets/purposes.toml");

/// Reads purpose templates; an unknown basis, anchor, safeguard or category
/// is an error naming the template.
pub fn parse_templates(text: &str) -> Result<Vec<PurposeTemplate>, String> {
    let file: TemplateFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.purpose
        .into_iter()
        .map(|t| {
            let at =
                |what: &str, value: &str| format!("template {}: unknown {what} {value:?}", t.key);
            let legal_basis = LegalBasis::parse(&t.legal_basis)
                .ok_or_else(|| at("legal basis", &t.legal_basis))?;
            let anchor = RetentionAnchor::parse(&t.retention_anchor)
                .ok_or_else(|| at("retention anchor", &t.retention_anchor))?;
            let transfers = t
                .transfers
                .iter()
                .map(|tr| {
                    Ok(Transfer {
                        destination: tr.destination.clone(),
                        safeguard: Safeguard::parse(&tr.safeguard)
                            .ok_or_else(|| at("safeguard", &tr.safeguard))?,
                        note: tr.note.clone(),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            let special_categories = t
                .special_categories
                .iter()
                .map(|c| SpecialCategory::parse(c).ok_or_else(|| at("special category", c)))
                .collect::<Result<Vec<_>, String>>()?;
            Ok(PurposeTemplate {
                key: t.key.clone(),
                draft: PurposeDraft {
                    name: t.name,
                    description: t.description,
                    legal_basis,
                    legitimate_interest: t.legitimate_interest,
                    retention: RetentionRule {
                        months: t.retention_months,
                        anchor,
                    },
                    data_categories: t.data_categories,
                    subject_categories: t.subject_categories,
                    recipients: t.recipients,
                    transfers,
                    special_categories,
                    special_condition: t.special_condition,
                    marketing: t.marketing,
                    auto_erase: t.auto_erase,
                },
            })
        })
        .collect()
}

/// The templates shipped in `assets/purposes.toml`.
pub fn templates() -> Vec<PurposeTemplate> {
    parse_templates(TEMPLATES).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_parse_and_validate() {
        let templates = parse_templates(TEMPLATES).unwrap();
        assert!(templates.len() >= 5);
        for t in &templates {
            crate::model::validate::purpose(&t.draft.clone().normalised())
                .unwrap_or_else(|e| panic!("{}: {e}", t.key));
        }
        let keys: Vec<&str> = templates.iter().map(|t| t.key.as_str()).collect();
        for wanted in [
            "newsletter",
            "sales-follow-up",
            "customer-contract",
            "invoicing",
            "event-invitations",
        ] {
            assert!(keys.contains(&wanted), "{wanted}");
        }
    }

    #[test]
    fn legal_basis_accepts_key_label_and_letter() {
        assert_eq!(
            LegalBasis::parse("legal-obligation"),
            Some(LegalBasis::LegalObligation)
        );
        assert_eq!(
            LegalBasis::parse("legitimate interest"),
            Some(LegalBasis::LegitimateInterest)
        );
        assert_eq!(LegalBasis::parse("a"), Some(LegalBasis::Consent));
        assert_eq!(
            LegalBasis::parse("Art. 6(1)(b)"),
            Some(LegalBasis::Contract)
        );
        assert_eq!(LegalBasis::parse("whim"), None);
    }

    #[test]
    fn retention_reads_naturally() {
        let r = RetentionRule {
            months: 84,
            anchor: RetentionAnchor::EndOfContract,
        };
        assert_eq!(r.to_string(), "7 years after end of contract");
        let r = RetentionRule {
            months: 3,
            anchor: RetentionAnchor::ConsentGiven,
        };
        assert_eq!(r.to_string(), "3 months after consent given");
    }
}

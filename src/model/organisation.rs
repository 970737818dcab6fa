//! An organisation a contact works for. Organisations are legal persons, so
//! their data is not personal data, but contacts link to them.

use serde::{Deserialize, Serialize};

use super::{Address, OrganisationId, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub version: u32,
    pub name: String,
    pub vat_number: String,
    pub website: String,
    pub phone: String,
    pub address: Address,
    pub notes: String,
    #[serde(with = "crate::model::time::ts")]
    pub created_at: Timestamp,
    #[serde(with = "crate::model::time::ts")]
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationDraft {
    pub name: String,
    pub vat_number: String,
    pub website: String,
    pub phone: String,
    pub address: Address,
    pub notes: String,
}

impl OrganisationDraft {
    pub fn normalised(mut self) -> OrganisationDraft {
        self.name = self.name.trim().to_string();
        self.vat_number = self.vat_number.trim().to_uppercase();
        self.website = self.website.trim().to_string();
        self.phone = self.phone.trim().to_string();
        self.address.country = self.address.country.trim().to_uppercase();
        self
    }
}

impl Organisation {
    pub fn from_draft(id: OrganisationId, draft: OrganisationDraft, now: Timestamp) -> Self {
        Organisation {
            id,
            version: 1,
            name: draft.name,
            vat_number: draft.vat_number,
            website: draft.website,
            phone: draft.phone,
            address: draft.address,
            notes: draft.notes,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn draft(&self) -> OrganisationDraft {
        OrganisationDraft {
            name: self.name.clone(),
            vat_number: self.vat_number.clone(),
            website: self.website.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            notes: self.notes.clone(),
        }
    }

    pub fn changed_fields(&self, draft: &OrganisationDraft) -> Vec<&'static str> {
        let old = self.draft();
        let mut fields = Vec::new();
        macro_rules! cmp {
            ($($f:ident),*) => {$(
                if old.$f != draft.$f { fields.push(stringify!($f)); }
            )*};
        }
        cmp!(name, vat_number, website, phone, address, notes);
        fields
    }

    pub fn apply(&mut self, draft: OrganisationDraft) {
        self.name = draft.name;
        self.vat_number = draft.vat_number;
        self.website = draft.website;
        self.phone = draft.phone;
        self.address = draft.address;
        self.notes = draft.notes;
    }
}

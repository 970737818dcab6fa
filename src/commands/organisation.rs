use super::Result;
use super::output::RowWriter;
use super::output::outln;
use crate::backend::{Api, Backend};
use crate::cli::{OrganisationCommand, OrganisationFields};
use crate::model::OrganisationDraft;

fn apply(draft: &mut OrganisationDraft, f: &OrganisationFields) {
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *target = v.clone();
        }
    };
    set(&mut draft.name, &f.name);
    set(&mut draft.vat_number, &f.vat);
    set(&mut draft.website, &f.website);
    set(&mut draft.phone, &f.phone);
    set(&mut draft.address.city, &f.city);
    set(&mut draft.address.country, &f.country);
}

pub fn run(backend: &dyn Backend, cmd: &OrganisationCommand) -> Result<()> {
    match cmd {
        OrganisationCommand::List { format } => {
            let mut out = RowWriter::new(
                &[
                    ("id", 6),
                    ("name", 36),
                    ("vat_number", 16),
                    ("website", 0),
                    ("phone", 0),
                    ("street", 0),
                    ("postal_code", 0),
                    ("city", 20),
                    ("country", 7),
                ],
                *format,
            )?;
            for o in backend.organisations()? {
                out.row(vec![
                    o.id.into(),
                    o.name.into(),
                    o.vat_number.into(),
                    o.website.into(),
                    o.phone.into(),
                    o.address.street.into(),
                    o.address.postal_code.into(),
                    o.address.city.into(),
                    o.address.country.into(),
                ])?;
            }
            out.finish().map(|_| ())
        }
        OrganisationCommand::Add(fields) => {
            let mut draft = OrganisationDraft::default();
            apply(&mut draft, fields);
            let org = backend.create_organisation(draft)?;
            outln!("{}", org.id);
            Ok(())
        }
        OrganisationCommand::Edit { id, fields } => {
            let org = backend.organisation(*id)?;
            let mut draft = org.draft();
            apply(&mut draft, fields);
            backend.update_organisation(*id, org.version, draft)?;
            outln!("organisation #{id} saved");
            Ok(())
        }
        OrganisationCommand::Rm { id } => {
            backend.delete_organisation(*id)?;
            outln!("organisation #{id} deleted");
            Ok(())
        }
    }
}

use super::Result;
use super::output::outln;
use super::output::{Table, print_json};
use crate::backend::{Api, Backend};
use crate::cli::{ListFormat, OrganisationCommand, OrganisationFields};
use crate::model::OrganisationDraft;
use crate::service::{Request, Response};

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
            let all = backend.organisations()?;
            match format {
                crate::cli::ListFormat::Json => print_json(&all),
                ListFormat::Csv | ListFormat::Table => {
                    let mut table = Table::new(&[
                        ("ID", 6),
                        ("NAME", 36),
                        ("VAT", 16),
                        ("CITY", 20),
                        ("COUNTRY", 7),
                    ]);
                    for o in all {
                        table.row(vec![
                            o.id.to_string(),
                            o.name,
                            o.vat_number,
                            o.address.city,
                            o.address.country,
                        ]);
                    }
                    table.print()
                }
            }
        }
        OrganisationCommand::Add(fields) => {
            let mut draft = OrganisationDraft::default();
            apply(&mut draft, fields);
            let org = backend.create_organisation(draft)?;
            outln!("{}", org.id);
            Ok(())
        }
        OrganisationCommand::Edit { id, fields } => {
            let org = match backend.call(Request::GetOrganisation { id: *id })? {
                Response::Organisation(o) => o,
                other => return Err(crate::backend::unexpected(other).into()),
            };
            let mut draft = org.draft();
            apply(&mut draft, fields);
            backend.call(Request::UpdateOrganisation {
                id: *id,
                version: org.version,
                draft,
            })?;
            outln!("organisation #{id} saved");
            Ok(())
        }
        OrganisationCommand::Rm { id } => {
            backend.call(Request::DeleteOrganisation { id: *id })?;
            outln!("organisation #{id} deleted");
            Ok(())
        }
    }
}

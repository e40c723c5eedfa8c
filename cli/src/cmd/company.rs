//! `regiolab company …`: creating, changing, merging and listing companies.

use clap::{Args, Subcommand};
use regiolab_core::{CompanyChanges, Desk, NewCompany};

use crate::output::Out;

/// The fields of a company; absent ones are left out (create) or stay as they are (edit).
#[derive(Args)]
pub(crate) struct CompanyFields {
    /// Street and number.
    #[arg(long)]
    street: Option<String>,
    /// Postcode (5 digits in Germany).
    #[arg(long)]
    postcode: Option<String>,
    /// City.
    #[arg(long)]
    city: Option<String>,
    /// Country, for companies abroad.
    #[arg(long)]
    country: Option<String>,
    /// Sector: WZ 2008 letter and label, e.g. "C Verarbeitendes Gewerbe".
    #[arg(long)]
    sector: Option<String>,
    /// Head count.
    #[arg(long)]
    employees: Option<u32>,
    /// Member of the network since (TT.MM.JJJJ).
    #[arg(long)]
    member_since: Option<String>,
    /// Contact person.
    #[arg(long)]
    contact: Option<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum CompanyCommand {
    /// Create a company; prints its id and names companies that may be the same.
    Create {
        /// Name.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: CompanyFields,
    },
    /// Change fields of a company (only the changed ones are recorded); "" clears a text.
    Edit {
        /// Company id.
        #[arg(long)]
        id: String,
        /// Name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: CompanyFields,
    },
    /// Merge a company into another: its people move, it is marked as merged.
    Merge {
        /// The company that goes away.
        #[arg(long)]
        from: String,
        /// The company that remains.
        #[arg(long)]
        into: String,
    },
    /// List the companies.
    List,
}

/// Runs a `company …` command.
pub(crate) fn run(cmd: CompanyCommand, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    match cmd {
        CompanyCommand::Create { name, fields: f } => {
            let similar = desk.similar_companies(&name)?;
            let input = NewCompany {
                name,
                street: f.street.unwrap_or_default(),
                postcode: f.postcode.unwrap_or_default(),
                city: f.city.unwrap_or_default(),
                country: f.country.unwrap_or_default(),
                sector: f.sector.unwrap_or_default(),
                employees: f.employees,
                member_since: f.member_since,
                contact_person: f.contact.unwrap_or_default(),
                notes: f.notes.unwrap_or_default(),
            };
            out.company_created(&desk.create_company(&input)?, &similar);
        }
        CompanyCommand::Edit {
            id,
            name,
            fields: f,
        } => {
            let changes = CompanyChanges {
                name,
                street: f.street,
                postcode: f.postcode,
                city: f.city,
                country: f.country,
                sector: f.sector,
                employees: f.employees,
                member_since: f.member_since,
                contact_person: f.contact,
                notes: f.notes,
            };
            out.edited(&desk.edit_company(&id, &changes)?);
        }
        CompanyCommand::Merge { from, into } => out.merged(&desk.merge_companies(&from, &into)?),
        CompanyCommand::List => out.companies(&desk.companies()?),
    }
    Ok(true)
}

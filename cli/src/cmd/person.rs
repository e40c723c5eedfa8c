//! `regiolab person …`: creating, changing, showing, listing and merging people, and recording
//! a withdrawn consent.

use clap::Subcommand;
use regiolab_core::{Desk, NewPerson, PersonChanges};

use crate::output::Out;

#[derive(Subcommand)]
pub(crate) enum PersonCommand {
    /// Create a person; prints their id.
    Create {
        /// Vorname.
        #[arg(long)]
        given: String,
        /// Nachname.
        #[arg(long)]
        family: String,
        /// E-mail (only with --consent).
        #[arg(long, default_value = "")]
        email: String,
        /// Phone (only with --consent).
        #[arg(long, default_value = "")]
        phone: String,
        /// Company name, matched or created (only with --consent).
        #[arg(long)]
        company: Option<String>,
        /// Job title (only with --consent).
        #[arg(long, default_value = "")]
        job_title: String,
        /// Consent to data processing given (today).
        #[arg(long)]
        consent: bool,
        /// How the consent was given.
        #[arg(long, requires = "consent", value_parser = ["form", "on_site", "email"])]
        consent_via: Option<String>,
    },
    /// Change fields of a person (only the changed ones are recorded); "" clears a field.
    Edit {
        /// Person id.
        #[arg(long)]
        id: String,
        /// Vorname.
        #[arg(long)]
        given: Option<String>,
        /// Nachname.
        #[arg(long)]
        family: Option<String>,
        /// E-mail.
        #[arg(long)]
        email: Option<String>,
        /// Phone.
        #[arg(long)]
        phone: Option<String>,
        /// Job title.
        #[arg(long)]
        job_title: Option<String>,
        /// Move to the company with this id.
        #[arg(long)]
        company_id: Option<String>,
    },
    /// A person with their company and history.
    Show {
        /// Person id.
        #[arg(long)]
        id: String,
    },
    /// List people, all or those of one company.
    List {
        /// Company id.
        #[arg(long)]
        company: Option<String>,
    },
    /// Record that a person withdrew their consent (their contact data is removed).
    WithdrawConsent {
        /// Person id.
        #[arg(long)]
        id: String,
    },
    /// Merge a duplicate into the person that remains: registrations and check-ins move.
    Merge {
        /// The duplicate (it disappears from lists and search).
        #[arg(long)]
        from: String,
        /// The person that remains.
        #[arg(long)]
        into: String,
    },
}

/// Runs a `person …` command.
pub(crate) fn run(cmd: PersonCommand, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    match cmd {
        PersonCommand::Create {
            given,
            family,
            email,
            phone,
            company,
            job_title,
            consent,
            consent_via,
        } => {
            let today = regiolab_core::domain::time::utc_to_berlin(desk.now())
                .date()
                .to_string();
            let input = NewPerson {
                given_name: given,
                family_name: family,
                email,
                phone,
                job_title,
                consent,
                consent_date: consent.then_some(today),
                consent_method: consent_via.map(|m| {
                    serde_json::from_value(serde_json::Value::String(m))
                        .expect("clap checked the value")
                }),
                ..Default::default()
            };
            let similar =
                desk.similar_people(&input.given_name, &input.family_name, &input.email)?;
            let id = match company.filter(|c| !c.trim().is_empty()) {
                Some(company) => desk.create_person_at(&input, &company)?,
                None => desk.create_person(&input)?,
            };
            out.person_created(&id, &similar);
        }
        PersonCommand::Edit {
            id,
            given,
            family,
            email,
            phone,
            job_title,
            company_id,
        } => {
            let changes = PersonChanges {
                given_name: given,
                family_name: family,
                email,
                phone,
                job_title,
                company_id,
            };
            out.edited(&desk.edit_person(&id, &changes)?);
        }
        PersonCommand::Show { id } => out.person(&desk.person(&id)?),
        PersonCommand::List { company } => out.people(&desk.people(company.as_deref())?),
        PersonCommand::WithdrawConsent { id } => out.edited(&desk.withdraw_consent(&id)?),
        PersonCommand::Merge { from, into } => out.people_merged(&desk.merge_people(&from, &into)?),
    }
    Ok(true)
}

//! People and companies in the facade: creating, editing, finding, merging and erasing them.

use crate::domain::input::{NewCompany, NewPerson};
use crate::edit::EditReceipt;
use crate::error::Result;
use crate::planning::companies::{self, CompanyChanges, MergeReceipt, SimilarCompany};
use crate::planning::people::{self, EraseReceipt, PersonDetail, PersonMergeReceipt};
use crate::planning::{self, PersonChanges};
use crate::store::{self, queries::CompanyRow, queries::PersonRow};
use crate::Desk;

impl Desk {
    /// Creates a company.
    pub fn create_company(&mut self, input: &NewCompany) -> Result<String> {
        self.write(|w| planning::create_company(w, input))
    }

    /// Creates a person.
    pub fn create_person(&mut self, input: &NewPerson) -> Result<String> {
        self.write(|w| planning::create_person(w, input))
    }

    /// Creates a person working for the company named `company` (see
    /// [`planning::create_person_at`]), in one transaction.
    pub fn create_person_at(&mut self, input: &NewPerson, company: &str) -> Result<String> {
        self.write(|w| planning::create_person_at(w, input, company))
    }

    /// Known companies that may be the same as one named `name` (see [`companies::similar`]).
    pub fn similar_companies(&self, name: &str) -> Result<Vec<SimilarCompany>> {
        companies::similar(&self.conn, name)
    }

    /// Edits a company; only changed fields are written.
    pub fn edit_company(&mut self, id: &str, changes: &CompanyChanges) -> Result<EditReceipt> {
        self.write(|w| companies::edit(w, id, changes))
    }

    /// Merges company `from` into `into` (see [`companies::merge`]).
    pub fn merge_companies(&mut self, from: &str, into: &str) -> Result<MergeReceipt> {
        self.write(|w| companies::merge(w, from, into))
    }

    /// The companies (not merged ones), by name.
    pub fn companies(&self) -> Result<Vec<CompanyRow>> {
        Ok(store::queries::company_rows(&self.conn)?)
    }

    /// Companies whose name has words starting with each word of `query` (all when empty).
    pub fn find_companies(&self, query: &str) -> Result<Vec<CompanyRow>> {
        companies::find(&self.conn, query)
    }

    /// A person with their company's name and their history (workshops, sessions attended).
    pub fn person(&self, person_id: &str) -> Result<PersonDetail> {
        people::detail(&self.conn, person_id, self.now())
    }

    /// People by name, all or those of one company.
    pub fn people(&self, company_id: Option<&str>) -> Result<Vec<PersonRow>> {
        Ok(store::queries::person_rows(&self.conn, company_id)?)
    }

    /// People who may be the same as a new one (see [`people::similar`]).
    pub fn similar_people(
        &self,
        given_name: &str,
        family_name: &str,
        email: &str,
    ) -> Result<Vec<PersonRow>> {
        people::similar(&self.conn, given_name, family_name, email)
    }

    /// Edits a person; only changed fields are written.
    pub fn edit_person(&mut self, id: &str, changes: &PersonChanges) -> Result<EditReceipt> {
        self.write(|w| planning::edit_person(w, id, changes))
    }

    /// Records a withdrawal of consent and removes the person's contact data.
    pub fn withdraw_consent(&mut self, person_id: &str) -> Result<EditReceipt> {
        self.write(|w| planning::withdraw_consent(w, person_id))
    }

    /// Merges person `from` into `into` (see [`people::merge`]).
    pub fn merge_people(&mut self, from: &str, into: &str) -> Result<PersonMergeReceipt> {
        self.write(|w| people::merge(w, from, into))
    }

    /// Erases a person (see [`people::erase`]).
    pub fn erase_person(&mut self, person_id: &str) -> Result<EraseReceipt> {
        self.write(|w| people::erase(w, person_id))
    }
}

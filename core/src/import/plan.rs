//! From a table to registrations: every row is matched against the people already known and
//! against the rows before it, and gets an action. The preview shows the actions; the commit
//! carries them out through the op log, all in one transaction. Ids derive from natural keys
//! (the e-mail, else the name and company), so the same file imported twice, or on two laptops,
//! gives the same records.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::json;

use super::columns::{split_name, Field, Mapping};
use super::table::{SourceKind, Table};
use crate::domain::ids::{derived_id, registration_id};
use crate::domain::input::{validate_email, Fields, NewCompany, NewPerson};
use crate::domain::limits::{self, TextRule};
use crate::domain::model::{ConsentMethod, Registration, RegistrationStatus};
use crate::domain::text::{fold, from_spreadsheet, match_key, names_compatible, tidy};
use crate::domain::time::{to_rfc3339, utc_to_berlin};
use crate::error::{ImportError, Result, ValidationError};
use crate::lookup;
use crate::oplog::OpWriter;
use crate::planning;
use crate::store::{self, records};

/// What happens to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A new person is created and registered.
    New,
    /// A known person is registered (and gets the contact data they lacked).
    Known,
    /// The person is registered for the workshop already: nothing to do.
    AlreadyRegistered,
    /// The same person as an earlier row of the file: left out.
    DuplicateInFile,
    /// The row cannot be imported (see its problem).
    Error,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowPlan {
    /// Its line (or sheet row) in the file.
    pub line: usize,
    /// Vorname as read.
    pub given_name: String,
    /// Nachname as read.
    pub family_name: String,
    /// E-mail as read.
    pub email: String,
    /// Company as read.
    pub company: String,
    /// What happens.
    pub action: Action,
    /// Registered on the waiting list (the workshop is full).
    pub waitlisted: bool,
    /// A known person with the same name (but another or no company): created anew, shown for a
    /// decision (merge in the people screen).
    pub possible_duplicate: Option<String>,
    /// The e-mail address is also another person's (an earlier row's or a known person's with
    /// a different name): this row is a person of their own, shown for a look.
    pub shared_email: bool,
    /// Why the row cannot be imported: the column and the reason.
    pub problem: Option<String>,
    /// The column of the problem.
    pub problem_column: Option<String>,
    /// The person (existing or to be created); absent for errors.
    #[serde(skip)]
    person_id: Option<String>,
    #[serde(skip)]
    values: RowValues,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RowValues {
    phone: String,
    job_title: String,
    code: String,
    company_key: String,
}

/// The counts of a preview (and of what a commit did).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Data rows read.
    pub rows: u32,
    /// New people.
    pub new_people: u32,
    /// Known people registered.
    pub known_people: u32,
    /// Known people who get contact data they lacked.
    pub updated_people: u32,
    /// Already registered: nothing to do.
    pub already_registered: u32,
    /// Repeated rows in the file.
    pub duplicates_in_file: u32,
    /// Rows with an error.
    pub errors: u32,
    /// New registrations with a place.
    pub registered: u32,
    /// New registrations on the waiting list.
    pub waitlisted: u32,
    /// New people with the same name as a known one.
    pub possible_duplicates: u32,
    /// New people whose e-mail address another person (with another name) has too.
    pub shared_emails: u32,
    /// Companies created.
    pub new_companies: u32,
    /// pretix orders left out (cancelled, pending, expired).
    pub skipped_orders: u32,
}

/// What an import would do (and, after a commit, did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// The file's name.
    pub file: String,
    /// What it was.
    pub kind: SourceKind,
    /// Its column names.
    pub headers: Vec<String>,
    /// What each column was taken for.
    pub mapping: Mapping,
    /// Every row with its action.
    pub rows: Vec<RowPlan>,
    /// The counts.
    pub counts: Counts,
}

/// Options of an import.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
    /// Mapping overrides, `column=field`.
    pub map: Vec<String>,
    /// The people consented (through the registration form) to their contact data being kept.
    /// Without it only names are stored.
    pub without_consent: bool,
}

/// The value of `field` in a row, tidied, without the `'` an export put before a formula-like
/// start (so an exported list imports as the names it holds).
fn cell(table_row: &[String], mapping: &Mapping, field: Field) -> String {
    mapping
        .column(field)
        .and_then(|c| table_row.get(c))
        .map(|v| tidy(from_spreadsheet(v)))
        .unwrap_or_default()
}

/// A known person with a given name: their id and company.
type KnownPerson = (String, Option<String>);

/// A person with a given e-mail address: their id, given and family name.
type NamedPerson = (String, String, String);

/// The first of `people` whose name is compatible with `given family` (see
/// [`names_compatible`]).
fn same_person<'a>(
    people: &'a [NamedPerson],
    given: &str,
    family: &str,
) -> Option<&'a NamedPerson> {
    people
        .iter()
        .find(|(_, g, f)| names_compatible((g, f), (given, family)))
}

/// The fields a row's cells fill, with the op-log field whose rule each obeys.
const CHECKED: [Field; 8] = [
    Field::GivenName,
    Field::FamilyName,
    Field::FullName,
    Field::Email,
    Field::Phone,
    Field::JobTitle,
    Field::Company,
    Field::Code,
];

/// The rule a cell of `field` is checked by: its field's in the op log, a whole name's before
/// it is split.
fn cell_rule(field: Field) -> TextRule {
    let (entity, name) = match field {
        Field::FullName => return limits::FULL_NAME,
        Field::GivenName => ("person", "given_name"),
        Field::FamilyName => ("person", "family_name"),
        Field::Email => ("person", "email"),
        Field::Phone => ("person", "phone"),
        Field::JobTitle => ("person", "job_title"),
        Field::Company => ("company", "name"),
        Field::Code => ("registration", "code"),
    };
    limits::rule(entity, name).expect("every imported field has a rule")
}

/// The first cell of `raw` its field's rule refuses (too long, control characters), as the
/// commit would store it (tidied: a line break in a cell is a space): the column's header and
/// the reason.
fn refused_cell(raw: &[String], mapping: &Mapping, headers: &[String]) -> Option<(String, String)> {
    CHECKED.iter().find_map(|&field| {
        let column = mapping.column(field)?;
        let value = tidy(from_spreadsheet(raw.get(column)?));
        limits::check(&cell_rule(field), &value)
            .err()
            .map(|e| (headers[column].clone(), e.to_string()))
    })
}

/// Plans the import of `table` into `workshop_id`.
pub fn plan(
    conn: &rusqlite::Connection,
    workshop_id: &str,
    table: &Table,
    mapping: &Mapping,
) -> Result<Preview> {
    let workshop = lookup::workshop(conn, workshop_id)?;
    if !mapping.has_name() {
        return Err(ImportError::NoNameColumn {
            file: table.file.clone(),
            columns: table.headers.join(", "),
        }
        .into());
    }
    let header = |field: Field| {
        mapping
            .column(field)
            .map(|c| table.headers[c].clone())
            .unwrap_or_default()
    };
    let name_column = header(if mapping.column(Field::FullName).is_some() {
        Field::FullName
    } else {
        Field::FamilyName
    });

    // Everyone known, in memory: by e-mail (several people may share one), and by name and
    // company.
    let mut by_email: HashMap<String, Vec<NamedPerson>> = HashMap::new();
    let mut by_name: HashMap<(String, String), Vec<KnownPerson>> = HashMap::new();
    for (id, given, family, email, company) in store::queries::people_for_matching(conn)? {
        if !email.is_empty() {
            by_email.entry(email.to_lowercase()).or_default().push((
                id.clone(),
                given.clone(),
                family.clone(),
            ));
        }
        by_name
            .entry((fold(&given), fold(&family)))
            .or_default()
            .push((id, company));
    }
    let taken = i64::from(store::queries::places_taken(conn, workshop_id)?);
    let mut places_left = workshop.capacity.map(|c| i64::from(c) - taken);
    // The rows before: by e-mail with their names, and (without e-mail) by name and company.
    let mut seen_emails: HashMap<String, Vec<NamedPerson>> = HashMap::new();
    let mut seen_names: HashSet<String> = HashSet::new();
    let mut counts = Counts {
        rows: table.rows.len() as u32,
        skipped_orders: table.skipped_orders,
        ..Counts::default()
    };
    let mut new_companies: HashMap<String, ()> = HashMap::new();
    let mut rows = Vec::with_capacity(table.rows.len());
    for (index, raw) in table.rows.iter().enumerate() {
        let (mut given, mut family) = (
            cell(raw, mapping, Field::GivenName),
            cell(raw, mapping, Field::FamilyName),
        );
        if mapping.column(Field::FullName).is_some() && family.is_empty() {
            (given, family) = split_name(&cell(raw, mapping, Field::FullName));
        }
        let email = cell(raw, mapping, Field::Email);
        let company = cell(raw, mapping, Field::Company);
        let company_key = if company.is_empty() {
            String::new()
        } else {
            match_key(&company)
        };
        let mut row = RowPlan {
            line: table.line[index],
            given_name: given.clone(),
            family_name: family.clone(),
            email: email.clone(),
            company: company.clone(),
            action: Action::Error,
            waitlisted: false,
            possible_duplicate: None,
            shared_email: false,
            problem: None,
            problem_column: None,
            person_id: None,
            values: RowValues {
                phone: cell(raw, mapping, Field::Phone),
                job_title: cell(raw, mapping, Field::JobTitle),
                code: cell(raw, mapping, Field::Code),
                company_key: company_key.clone(),
            },
        };
        let problem = if let Some(refused) = refused_cell(raw, mapping, &table.headers) {
            // Shown in the preview without what made it refused.
            for value in [
                &mut row.given_name,
                &mut row.family_name,
                &mut row.email,
                &mut row.company,
            ] {
                *value = limits::visible(value, limits::MAX_NAME);
            }
            Some(refused)
        } else if let Some(refused) = [("given_name", &given), ("family_name", &family)]
            .into_iter()
            .find_map(|(field, part)| limits::check_text("person", field, part).err())
        {
            // A whole name within its limit whose parts are not (one word of 150 letters).
            Some((name_column.clone(), refused.to_string()))
        } else if family.is_empty() {
            Some((name_column.clone(), "Nachname fehlt".to_owned()))
        } else if given.is_empty() {
            let column = if mapping.column(Field::GivenName).is_some() {
                header(Field::GivenName)
            } else {
                name_column.clone()
            };
            Some((column, "Vorname fehlt".to_owned()))
        } else {
            (!email.is_empty())
                .then(|| validate_email(&email).err())
                .flatten()
                .map(|refused| (header(Field::Email), refused.to_string()))
        };
        if let Some((column, reason)) = problem {
            row.problem = Some(reason);
            row.problem_column = Some(column);
            counts.errors += 1;
            rows.push(row);
            continue;
        }
        let name_key = (fold(&given), fold(&family));
        let email_key = email.to_lowercase();
        // The natural key the new person's id derives from: the e-mail with the name (an
        // address may be shared), else the name and company.
        let person_key = if email.is_empty() {
            format!("{}\u{1f}{}\u{1f}{company_key}", name_key.0, name_key.1)
        } else {
            format!("{email_key}\u{1f}{}\u{1f}{}", name_key.0, name_key.1)
        };
        let earlier = seen_emails
            .get(&email_key)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let repeated = if email.is_empty() {
            !seen_names.insert(person_key.clone())
        } else {
            same_person(earlier, &given, &family).is_some()
        };
        if repeated {
            row.action = Action::DuplicateInFile;
            counts.duplicates_in_file += 1;
            rows.push(row);
            continue;
        }
        let mut shared = !earlier.is_empty();
        let known_company = if company_key.is_empty() {
            None
        } else {
            store::queries::company_by_key(conn, &company_key)?
        };
        let same_name = by_name.get(&name_key).cloned().unwrap_or_default();
        let same_email = by_email
            .get(&email_key)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let known = same_person(same_email, &given, &family)
            .map(|(id, _, _)| id.clone())
            .filter(|_| !email.is_empty())
            .or_else(|| {
                same_name
                    .iter()
                    .find(|(_, c)| known_company.is_some() && *c == known_company)
                    .map(|(id, _)| id.clone())
            });
        let person_id = match known {
            Some(id) => {
                row.action = Action::Known;
                id
            }
            None => {
                row.action = Action::New;
                shared |= !same_email.is_empty();
                if let Some((twin, _)) = same_name.first() {
                    row.possible_duplicate = Some(twin.clone());
                    counts.possible_duplicates += 1;
                }
                if !company_key.is_empty()
                    && known_company.is_none()
                    && new_companies.insert(company_key.clone(), ()).is_none()
                {
                    counts.new_companies += 1;
                }
                derived_id("import-person", &[&person_key])
            }
        };
        if !email.is_empty() {
            seen_emails.entry(email_key).or_default().push((
                person_id.clone(),
                given.clone(),
                family.clone(),
            ));
        }
        if shared && row.action == Action::New {
            row.shared_email = true;
            counts.shared_emails += 1;
        }
        let registration = lookup::registration_for(conn, &person_id, workshop_id)?;
        let live = records::get::<Registration>(conn, &records::REGISTRATION, &registration)?
            .filter(|r| !r.person_id.is_empty() && r.status != RegistrationStatus::Cancelled);
        if live.is_some() {
            row.action = Action::AlreadyRegistered;
            counts.already_registered += 1;
        } else {
            match row.action {
                Action::New => counts.new_people += 1,
                _ => counts.known_people += 1,
            }
            row.waitlisted = places_left.is_some_and(|left| left <= 0);
            if let Some(left) = places_left.as_mut() {
                *left -= 1;
            }
            if row.waitlisted {
                counts.waitlisted += 1;
            } else {
                counts.registered += 1;
            }
        }
        row.person_id = Some(person_id);
        rows.push(row);
    }
    Ok(Preview {
        file: table.file.clone(),
        kind: table.kind,
        headers: table.headers.clone(),
        mapping: mapping.clone(),
        rows,
        counts,
    })
}

/// Carries out `preview` (planned inside the same transaction): companies, people and
/// registrations, through the op log. Rows with errors and duplicates are left out.
pub fn commit(
    w: &mut OpWriter,
    workshop_id: &str,
    preview: &Preview,
    options: &ImportOptions,
) -> Result<Counts> {
    let today = utc_to_berlin(w.now()).date().to_string();
    let consent = !options.without_consent;
    let mut counts = preview.counts.clone();
    counts.updated_people = 0;
    for row in &preview.rows {
        let Some(person_id) = row.person_id.as_deref() else {
            continue;
        };
        if matches!(
            row.action,
            Action::Error | Action::DuplicateInFile | Action::AlreadyRegistered
        ) {
            continue;
        }
        let company_id = if row.company.is_empty() || !consent {
            None
        } else {
            Some(company_for(w, &row.company, &row.values.company_key)?)
        };
        // The registration first: for a new person its op then finds no person to index, and
        // the person's op indexes them once, with the code (half the search indexing).
        let registration = if row.action == Action::New {
            registration_id(person_id, workshop_id)
        } else {
            lookup::registration_for(w.conn(), person_id, workshop_id)?
        };
        let mut fields =
            planning::registration_fields(person_id, workshop_id, &registration, w.now());
        if !row.values.code.is_empty() {
            fields.insert("code".into(), json!(row.values.code));
        }
        let status = if row.waitlisted {
            RegistrationStatus::Waitlisted
        } else {
            RegistrationStatus::Registered
        };
        fields.insert("status".into(), json!(status));
        fields.insert("registered_at".into(), json!(to_rfc3339(w.now())));
        w.upsert(records::REGISTRATION.entity, &registration, fields)?;
        if row.action == Action::New {
            let input = NewPerson {
                given_name: row.given_name.clone(),
                family_name: row.family_name.clone(),
                email: if consent {
                    row.email.clone()
                } else {
                    String::new()
                },
                phone: if consent {
                    row.values.phone.clone()
                } else {
                    String::new()
                },
                company_id: company_id.clone(),
                job_title: row.values.job_title.clone(),
                consent,
                consent_date: consent.then(|| today.clone()),
                consent_method: consent.then_some(ConsentMethod::Form),
            };
            let fields = input.validate().map_err(|e| row_error(row, e))?;
            w.upsert(records::PERSON.entity, person_id, fields)?;
        } else if consent && fill_gaps(w, person_id, row, company_id.as_deref())? {
            counts.updated_people += 1;
        }
    }
    Ok(counts)
}

fn row_error(row: &RowPlan, e: ValidationError) -> crate::error::Error {
    ImportError::Row {
        line: row.line,
        reason: e.to_string(),
    }
    .into()
}

/// The company named `name`: a known one (same match key), else one created with an id derived
/// from the key (the same on every laptop).
fn company_for(w: &mut OpWriter, name: &str, key: &str) -> Result<String> {
    if let Some(id) = store::queries::company_by_key(w.conn(), key)? {
        return crate::lookup::resolve_company(w.conn(), &id);
    }
    let id = derived_id("import-company", &[key]);
    let fields = NewCompany {
        name: name.to_owned(),
        ..Default::default()
    }
    .validate()?;
    w.upsert(records::COMPANY.entity, &id, fields)?;
    Ok(id)
}

/// Gives a known person (who consented) the e-mail, phone, job title and company the file has
/// and the record lacks; never overwrites. Returns whether anything was written.
fn fill_gaps(
    w: &mut OpWriter,
    person_id: &str,
    row: &RowPlan,
    company_id: Option<&str>,
) -> Result<bool> {
    let person = lookup::person(w.conn(), person_id)?;
    if !person.consent {
        return Ok(false);
    }
    let mut fields = Fields::new();
    let mut gap = |name: &str, held: &str, offered: &str| {
        if held.is_empty() && !offered.is_empty() {
            fields.insert(name.to_owned(), json!(offered));
        }
    };
    gap("email", &person.email, &row.email);
    gap("phone", &person.phone, &row.values.phone);
    gap("job_title", &person.job_title, &row.values.job_title);
    if person.company_id.is_none() {
        if let Some(company) = company_id {
            fields.insert("company_id".into(), json!(company));
        }
    }
    if fields.is_empty() {
        return Ok(false);
    }
    w.upsert(records::PERSON.entity, person_id, fields)?;
    Ok(true)
}

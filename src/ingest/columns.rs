//! Which column holds which field: header names are matched case-insensitively against the
//! usual synonyms, and `--map field=Column` overrides the guess.

use crate::error::{Error, Result};
use crate::ingest::source::CsvInput;

/// A field siloscope reads, with the header names it recognises for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The canonical name, used by `--map`.
    pub name: &'static str,
    /// Header names (lowercase) taken to mean this field, best first.
    pub synonyms: &'static [&'static str],
}

/// Message log fields.
pub mod message_fields {
    use super::Field;
    /// When the message was sent.
    pub const TIMESTAMP: Field = Field {
        name: "timestamp",
        synonyms: &[
            "timestamp",
            "time",
            "date",
            "datetime",
            "date_time",
            "sent",
            "sent_at",
            "sent_date",
            "date sent",
            "sent date",
            "senttime",
            "created",
            "created_at",
            "ts",
            "received",
            "origin_timestamp_utc",
            "date_time_utc",
            "senddatetime",
            "sentdatetime",
            "date d'envoi",
        ],
    };
    /// Who sent it.
    pub const SENDER: Field = Field {
        name: "sender",
        synonyms: &[
            "sender",
            "from",
            "from_address",
            "sender_address",
            "sender_email",
            "senderaddress",
            "from_email",
            "author",
            "expediteur",
            "expéditeur",
            "source",
        ],
    };
    /// Main recipient list.
    pub const RECIPIENTS: Field = Field {
        name: "recipients",
        synonyms: &[
            "recipients",
            "to",
            "recipient",
            "to_address",
            "recipient_address",
            "recipientaddress",
            "recipients_to",
            "destinataires",
            "destinataire",
            "target",
        ],
    };
    /// Carbon copy.
    pub const CC: Field = Field {
        name: "cc",
        synonyms: &["cc", "recipients_cc", "copie"],
    };
    /// Blind carbon copy.
    pub const BCC: Field = Field {
        name: "bcc",
        synonyms: &["bcc", "recipients_bcc", "cci"],
    };
    /// Email, chat, meeting... (kept for filtering).
    pub const CHANNEL: Field = Field {
        name: "channel",
        synonyms: &["channel", "medium", "type", "kind", "canal"],
    };
    /// The message id that ties the per-recipient rows of one message together (Microsoft
    /// 365 message trace, historical search report).
    pub const MESSAGE_ID: Field = Field {
        name: "message_id",
        synonyms: &[
            "messageid",
            "message_id",
            "internet_message_id",
            "internetmessageid",
        ],
    };
    /// The delivery status of one recipient row of a message trace (`Expanded` marks a
    /// distribution group).
    pub const STATUS: Field = Field {
        name: "status",
        synonyms: &["status", "deliverystatus", "delivery_status"],
    };
    /// The historical search report's packed recipient list (`addr##Receive, Deliver;...`).
    pub const RECIPIENT_STATUS: Field = Field {
        name: "recipient_status",
        synonyms: &["recipient_status", "recipientstatus"],
    };
    /// The weight of a tie input (a Viva Insights query's metric).
    pub const WEIGHT: Field = Field {
        name: "weight",
        synonyms: &["strong_tie_score", "collaboration_hours", "weight"],
    };
    /// All message fields.
    pub const ALL: [Field; 10] = [
        TIMESTAMP,
        SENDER,
        RECIPIENTS,
        CC,
        BCC,
        CHANNEL,
        MESSAGE_ID,
        STATUS,
        RECIPIENT_STATUS,
        WEIGHT,
    ];
}

/// People directory fields.
pub mod people_fields {
    use super::Field;
    /// Person id or employee number (the key when the logs use it).
    pub const ID: Field = Field {
        name: "id",
        synonyms: &[
            "id",
            "person_id",
            "personid",
            "person",
            "employee",
            "employee_id",
            "employeeid",
            "employee_number",
            "matricule",
            "n° matricule",
            "numéro matricule",
            "numero matricule",
            "identifiant",
            "user",
            "user_id",
        ],
    };
    /// E-mail address (the key when the logs use addresses, which they usually do).
    pub const EMAIL: Field = Field {
        name: "email",
        synonyms: &[
            "email",
            "e-mail",
            "mail",
            "courriel",
            "address",
            "email_address",
            "email address",
            "e-mail address",
            "adresse mail",
            "adresse e-mail",
            "adresse email",
            "adresse électronique",
            "adresse electronique",
            "adresse courriel",
            "primarysmtpaddress",
            "userprincipalname",
        ],
    };
    /// Department (direction).
    pub const DEPARTMENT: Field = Field {
        name: "department",
        synonyms: &[
            "department",
            "dept",
            "direction",
            "departement",
            "département",
            "division",
            "service",
            "unit",
            "org_unit",
            "business_unit",
            "team",
        ],
    };
    /// Display name, or family name when a first-name column is beside it.
    pub const NAME: Field = Field {
        name: "name",
        synonyms: &[
            "name",
            "full_name",
            "fullname",
            "display_name",
            "displayname",
            "nom",
            "nom complet",
            "last_name",
            "lastname",
            "surname",
        ],
    };
    /// First name (prénom), joined to the name.
    pub const FIRST_NAME: Field = Field {
        name: "first_name",
        synonyms: &[
            "first_name",
            "firstname",
            "first name",
            "given_name",
            "givenname",
            "prénom",
            "prenom",
        ],
    };
    /// Site or office.
    pub const SITE: Field = Field {
        name: "site",
        synonyms: &[
            "site",
            "location",
            "office",
            "city",
            "ville",
            "lieu",
            "localisation",
            "établissement",
            "etablissement",
        ],
    };
    /// Role or job title.
    pub const ROLE: Field = Field {
        name: "role",
        synonyms: &[
            "role",
            "rôle",
            "title",
            "job_title",
            "jobtitle",
            "position",
            "fonction",
            "poste",
            "emploi",
            "métier",
            "metier",
        ],
    };
    /// Manager's id.
    pub const MANAGER: Field = Field {
        name: "manager",
        synonyms: &[
            "manager",
            "manager_id",
            "manager_email",
            "supervisor",
            "responsable",
            "n+1",
            "responsable hiérarchique",
            "responsable hierarchique",
        ],
    };
    /// Other addresses of the same person, `;`-separated.
    pub const ALIASES: Field = Field {
        name: "aliases",
        synonyms: &["aliases", "alias", "other_addresses", "alternate_addresses"],
    };
    /// The date a row of an HR snapshot takes effect: with this column, the directory's rows
    /// are snapshots and a person may change department over time.
    pub const EFFECTIVE_DATE: Field = Field {
        name: "effective_date",
        synonyms: &[
            "effective_date",
            "effective date",
            "effectivedate",
            "effective_from",
            "effective from",
            "effective_start_date",
            "valid_from",
            "valid from",
            "validfrom",
            "snapshot_date",
            "snapshot date",
            "as_of_date",
            "as of date",
            "date_effet",
            "date effet",
            "date d'effet",
            "date_d_effet",
            "date d’effet",
            "date de début",
            "date de debut",
            "date_debut",
            "date début",
            "date debut",
            "date_de_debut",
        ],
    };
    /// All directory fields.
    pub const ALL: [Field; 10] = [
        ID,
        EMAIL,
        DEPARTMENT,
        NAME,
        FIRST_NAME,
        SITE,
        ROLE,
        MANAGER,
        ALIASES,
        EFFECTIVE_DATE,
    ];
}

/// Why a `--map` item cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// The item is not of the form `FIELD=COLUMN`.
    #[error("--map {item}: expected FIELD=COLUMN, e.g. --map sender=From")]
    NotFieldEqualsColumn {
        /// The item as given.
        item: String,
    },
    /// The field is none siloscope knows.
    #[error("--map {item}: unknown field '{field}' (known: {known})")]
    UnknownField {
        /// The item as given.
        item: String,
        /// Its field, lower-cased.
        field: String,
        /// The known fields, comma-separated.
        known: String,
    },
}

/// User overrides from `--map field=Column`, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMapping {
    pairs: Vec<(String, String)>,
}

impl FieldMapping {
    /// Parses `field=Column` items; the field must be one siloscope knows.
    pub fn parse<S: AsRef<str>>(items: &[S]) -> Result<FieldMapping, MappingError> {
        let known: Vec<&str> = message_fields::ALL
            .iter()
            .chain(people_fields::ALL.iter())
            .map(|f| f.name)
            .collect();
        let mut pairs = Vec::new();
        for item in items {
            let item = item.as_ref();
            let Some((field, column)) = item.split_once('=') else {
                return Err(MappingError::NotFieldEqualsColumn {
                    item: item.to_string(),
                });
            };
            let field = field.trim().to_ascii_lowercase();
            if !known.contains(&field.as_str()) {
                return Err(MappingError::UnknownField {
                    item: item.to_string(),
                    field,
                    known: known.join(", "),
                });
            }
            pairs.push((field, column.trim().to_string()));
        }
        Ok(FieldMapping { pairs })
    }

    /// The column `--map` names for `field`, if any.
    pub fn column(&self, field: &str) -> Option<&str> {
        self.column_for(field)
    }

    /// True when `--map` names a column for `field`.
    pub fn maps(&self, field: &str) -> bool {
        self.column_for(field).is_some()
    }

    fn column_for(&self, field: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(f, _)| f == field)
            .map(|(_, c)| c.as_str())
    }
}

/// Finds the column of `field` in `input`'s header: the mapped column if `--map` names one
/// (an error if the file lacks it), else the first header that is a synonym.
///
/// Two columns of the same name (ignoring case) for the field are an error naming both: which
/// one holds the field would be a silent guess. Empty header names (the trailing `;;` of a
/// French Excel export) are never a field's column.
pub fn locate(input: &CsvInput, field: Field, mapping: &FieldMapping) -> Result<Option<usize>> {
    let lower: Vec<String> = input.headers.iter().map(|h| h.to_lowercase()).collect();
    let unique = |i: usize| -> Result<usize> {
        match lower.iter().skip(i + 1).position(|h| *h == lower[i]) {
            None => Ok(i),
            Some(later) => Err(Error::DuplicateColumn {
                file: input.name.clone(),
                field: field.name.to_string(),
                column: input.headers[i].clone(),
                first: i + 1,
                second: i + 2 + later,
            }),
        }
    };
    if let Some(column) = mapping.column_for(field.name) {
        let wanted = column.to_lowercase();
        return match lower.iter().position(|h| *h == wanted && !h.is_empty()) {
            Some(i) => unique(i).map(Some),
            None => Err(Error::MappedColumnMissing {
                file: input.name.clone(),
                field: field.name.to_string(),
                column: column.to_string(),
                found: input.found_headers(),
            }),
        };
    }
    field
        .synonyms
        .iter()
        .find_map(|s| lower.iter().position(|h| h == s))
        .map(unique)
        .transpose()
}

/// Like [`locate`], for a field the file must have.
pub fn require(input: &CsvInput, field: Field, mapping: &FieldMapping) -> Result<usize> {
    locate(input, field, mapping)?.ok_or_else(|| Error::MissingColumn {
        file: input.name.clone(),
        field: field.name,
        synonyms: field.synonyms.join(", "),
        found: input.found_headers(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_rejects_unknown_fields_and_bad_syntax() {
        assert!(FieldMapping::parse(&["sender=De"]).is_ok());
        assert!(matches!(
            FieldMapping::parse(&["subject=Objet"]),
            Err(MappingError::UnknownField { .. })
        ));
        assert!(matches!(
            FieldMapping::parse(&["sender"]),
            Err(MappingError::NotFieldEqualsColumn { .. })
        ));
    }

    fn input(header: &str) -> (tempfile::TempDir, CsvInput) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("dup.csv");
        std::fs::write(&p, format!("{header}\na,b,c,d\n")).unwrap();
        let input = CsvInput::open(
            &crate::error::InputName::Path(p),
            crate::ingest::source::OpenOptions::default(),
            "x",
        )
        .unwrap();
        (dir, input)
    }

    #[test]
    fn two_columns_of_one_name_are_an_error_naming_both() {
        let (_d, dup) = input("timestamp,sender,Recipients,recipients");
        let none = FieldMapping::default();
        let err = locate(&dup, message_fields::RECIPIENTS, &none).unwrap_err();
        assert!(
            matches!(&err, Error::DuplicateColumn { first: 3, second: 4, column, .. } if column == "Recipients"),
            "{err}"
        );
        // the mapped column too, and a field that is not doubled is still found
        let mapped = FieldMapping::parse(&["recipients=recipients"]).unwrap();
        assert!(matches!(
            locate(&dup, message_fields::RECIPIENTS, &mapped),
            Err(Error::DuplicateColumn { .. })
        ));
        assert_eq!(
            locate(&dup, message_fields::SENDER, &none).unwrap(),
            Some(1)
        );
        // empty names (French Excel's trailing ;;) are never a column, even twice
        let (_d, empty) = input("sender,recipients,,");
        assert_eq!(
            locate(&empty, message_fields::RECIPIENTS, &none).unwrap(),
            Some(1)
        );
    }

    #[test]
    fn effective_date_synonyms_are_lowercase_and_mappable() {
        for s in people_fields::EFFECTIVE_DATE.synonyms {
            assert_eq!(*s, s.to_lowercase(), "{s}");
        }
        let m = FieldMapping::parse(&["Effective_Date=Mois"]).unwrap();
        assert_eq!(m.column("effective_date"), Some("Mois"));
    }
}

//! Small random organisations for the property tests: a directory (people in a few departments,
//! some of whom never write) and a message log (a sender, one to four recipients, some cc,
//! external addresses, self-sends, addresses in capitals, timestamps), written as the CSV files
//! `siloscope analyze` reads. People are numbers here; their labels are given when the files are
//! written, so that one organisation can be written under two labellings and two row orders.

use std::path::Path;

use proptest::collection::vec;
use proptest::prelude::*;

/// Department names with what a directory holds: spaces, an ampersand, accents, an apostrophe and
/// a comma (which the CSV writer quotes).
const DEPARTMENTS: [&str; 6] = [
    "Finance",
    "R&D",
    "Systèmes d'information",
    "Ventes, Export",
    "Juridique",
    "Production",
];

/// Distinct addresses outside the directory: they count in a message's k but are not people.
const EXTERNALS: usize = 6;

/// An address of a message, before any labelling.
#[derive(Debug, Clone, Copy)]
pub enum Who {
    /// A person of the directory, by number.
    Person(usize),
    /// An address outside the directory.
    External(usize),
}

/// An address as written in one cell: capitals test the case-insensitive matching.
#[derive(Debug, Clone, Copy)]
pub struct Address {
    /// Whom it names.
    pub who: Who,
    /// Written in capitals.
    pub upper: bool,
}

/// One row of the message log.
#[derive(Debug, Clone)]
pub struct Message {
    /// The sender.
    pub sender: Address,
    /// The `To` column.
    pub to: Vec<Address>,
    /// The `Cc` column (often empty).
    pub cc: Vec<Address>,
    /// Seconds after 2026-01-05 00:00 UTC.
    pub second: i64,
}

/// A random organisation.
#[derive(Debug, Clone)]
pub struct Org {
    /// The department (an index into the department names) of each person.
    pub departments: Vec<usize>,
    /// The message rows.
    pub messages: Vec<Message>,
}

impl Org {
    /// Number of people in the directory.
    pub fn people(&self) -> usize {
        self.departments.len()
    }

    /// Whether some message links two people of the directory (a person writing to another):
    /// without one, `analyze` refuses the run, every figure being empty.
    pub fn links_two_people(&self) -> bool {
        self.messages.iter().any(|m| match m.sender.who {
            Who::Person(s) => {
                m.to.iter()
                    .chain(&m.cc)
                    .any(|r| matches!(r.who, Who::Person(p) if p != s))
            }
            Who::External(_) => false,
        })
    }
}

/// A recipient before it is resolved: mostly a colleague of the sender's department (so that
/// departments and communities mean something), else anyone, now and then an external address.
#[derive(Debug, Clone, Copy)]
enum Pick {
    SameDepartment(usize),
    Anyone(usize),
    External(usize),
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        6 => any::<usize>().prop_map(Pick::SameDepartment),
        3 => any::<usize>().prop_map(Pick::Anyone),
        1 => (0..EXTERNALS).prop_map(Pick::External),
    ]
}

/// Capitals in one address out of ten.
fn upper() -> impl Strategy<Value = bool> {
    prop::bool::weighted(0.1)
}

/// A message row before its picks are resolved against the directory.
type RawMessage = ((Pick, bool), Vec<(Pick, bool)>, Vec<(Pick, bool)>, i64);

fn raw_message() -> impl Strategy<Value = RawMessage> {
    let sender = (
        prop_oneof![19 => any::<usize>().prop_map(Pick::Anyone), 1 => (0..EXTERNALS).prop_map(Pick::External)],
        upper(),
    );
    let cc = prop_oneof![3 => Just(Vec::new()), 1 => vec((pick(), upper()), 1..=2)];
    (
        sender,
        vec((pick(), upper()), 1..=4),
        cc,
        0i64..180 * 86_400,
    )
}

/// Organisations of 5 to 60 people in 1 to 6 departments, with 0 to 400 messages: half of them
/// with at most 30, sparse networks where bridges and cut points are common.
pub fn org() -> impl Strategy<Value = Org> {
    (5usize..=60, 1usize..=DEPARTMENTS.len())
        .prop_flat_map(|(people, departments)| {
            (
                vec(0..departments, people),
                prop_oneof![vec(raw_message(), 0..=30), vec(raw_message(), 0..=400)],
            )
        })
        .prop_map(|(departments, raw)| {
            let members: Vec<Vec<usize>> = (0..DEPARTMENTS.len())
                .map(|d| {
                    (0..departments.len())
                        .filter(|&p| departments[p] == d)
                        .collect()
                })
                .collect();
            let people = departments.len();
            let mut sender_department = 0;
            let mut resolve = |(pick, upper): (Pick, bool), is_sender: bool| {
                let who = match pick {
                    Pick::SameDepartment(r) => {
                        let colleagues = &members[sender_department];
                        Who::Person(colleagues[r % colleagues.len()])
                    }
                    Pick::Anyone(r) => Who::Person(r % people),
                    Pick::External(e) => Who::External(e),
                };
                if is_sender {
                    // an external sender's recipients are drawn from person 0's department
                    sender_department = match who {
                        Who::Person(p) => departments[p],
                        Who::External(_) => departments[0],
                    };
                }
                Address { who, upper }
            };
            let messages = raw
                .into_iter()
                .map(|(sender, to, cc, second)| {
                    let sender = resolve(sender, true);
                    Message {
                        sender,
                        to: to.into_iter().map(|a| resolve(a, false)).collect(),
                        cc: cc.into_iter().map(|a| resolve(a, false)).collect(),
                        second,
                    }
                })
                .collect();
            Org {
                departments,
                messages,
            }
        })
}

/// An organisation with a relabelling of its people (`labels[p]` is the number in person p's
/// new address) and an order of the message and directory rows.
pub fn relabelled_org() -> impl Strategy<Value = (Org, Vec<usize>, Vec<usize>, Vec<usize>)> {
    org().prop_flat_map(|org| {
        let people: Vec<usize> = (0..org.people()).collect();
        let rows: Vec<usize> = (0..org.messages.len()).collect();
        (
            Just(org),
            Just(people.clone()).prop_shuffle(),
            Just(rows).prop_shuffle(),
            Just(people).prop_shuffle(),
        )
    })
}

/// The address of person `number` (its label with `--reveal-identities`, lowercased).
pub fn person_address(number: usize) -> String {
    format!("p{number}@corp.example")
}

impl Org {
    /// Writes `messages.csv` (`Sent,From,To,Cc`, recipients separated by `;`) and `people.csv`
    /// (`id,department`) into `dir`: person p under the address of `labels[p]`, the message
    /// rows in the order `message_order` lists them, the directory rows in the order
    /// `people_order` lists the people.
    pub fn write(
        &self,
        dir: &Path,
        labels: &[usize],
        message_order: &[usize],
        people_order: &[usize],
    ) {
        let address = |a: &Address| {
            let text = match a.who {
                Who::Person(p) => person_address(labels[p]),
                Who::External(e) => format!("x{e}@outside.example"),
            };
            if a.upper { text.to_uppercase() } else { text }
        };
        let list =
            |addresses: &[Address]| addresses.iter().map(address).collect::<Vec<_>>().join(";");
        let mut messages = csv::Writer::from_path(dir.join("messages.csv")).unwrap();
        messages.write_record(["Sent", "From", "To", "Cc"]).unwrap();
        for &i in message_order {
            let m = &self.messages[i];
            let sent = chrono::DateTime::from_timestamp(1_767_571_200 + m.second, 0)
                .unwrap()
                .format("%Y-%m-%d %H:%M:%S")
                .to_string();
            messages
                .write_record([sent, address(&m.sender), list(&m.to), list(&m.cc)])
                .unwrap();
        }
        messages.flush().unwrap();
        let mut people = csv::Writer::from_path(dir.join("people.csv")).unwrap();
        people.write_record(["id", "department"]).unwrap();
        for &p in people_order {
            people
                .write_record([
                    person_address(labels[p]),
                    DEPARTMENTS[self.departments[p]].to_string(),
                ])
                .unwrap();
        }
        people.flush().unwrap();
    }

    /// [`Org::write`] with every person under their own number and the rows in order.
    pub fn write_plain(&self, dir: &Path) {
        let identity: Vec<usize> = (0..self.people()).collect();
        let rows: Vec<usize> = (0..self.messages.len()).collect();
        self.write(dir, &identity, &rows, &identity);
    }
}

//! Special categories of personal data (GDPR, Regulation (EU) 2016/679, article 9): a grouping
//! by one of them ("any HR attribute as the lens", issue 16) would process data whose
//! processing article 9(1) prohibits save for the exceptions of 9(2), and a works council
//! would rightly refuse it. [`sensitive_category`] tells, from a column header, whether the
//! column names one, so that the caller can warn or refuse before reading its values.
//!
//! Article 9(1) lists: racial or ethnic origin, political opinions, religious or philosophical
//! beliefs, trade union membership, genetic data, biometric data processed to identify a
//! person, data concerning health, and data concerning a person's sex life or sexual
//! orientation. Sex or gender is not one of them, but it is a ground of discrimination (French
//! Code du travail, L1132-1) and a grouping by it singles out the smaller group: it is flagged
//! as well, under its own label.
//!
//! Matching is on whole words of the header, after folding case and accents, so that "Genre",
//! "GENRE" and "genre_code" match while "Business Unit", "Pôle", "Département", "Site" or
//! "Niveau" do not. Words are runs of letters and digits; a change from lower to upper case
//! also ends a word ("EthnicOrigin"). The words, French and English, each giving the label
//! returned:
//!
//! | label ([`CATEGORIES`]) | words |
//! |---|---|
//! | sexual orientation | sexuelle, sexuel, sexual (so "Orientation sexuelle"), sexualite, sexuality, lgbt, lgbtq, lgbtqia |
//! | sex or gender | sexe, sex, genre, gender, civilite (Civilité, M. / Mme, tells the sex) |
//! | health | sante, health, medical, medicale, medicales, medicaux, maladie, illness, sickness, handicap, handicape, handicapee, disability, disabilities, disabled, invalidite, rqth (reconnaissance de la qualité de travailleur handicapé) |
//! | trade union membership | syndicat, syndicats, syndical, syndicale, syndicaux, syndique, syndiquee, union, unions, unionized, unionised |
//! | religious or philosophical beliefs | religion, religions, religious, religieux, religieuse, confession, confessionnel, confessionnelle, croyance, croyances, belief, beliefs, faith |
//! | racial or ethnic origin | origine, origines, origin, ethnicity, ethnic, ethnique, ethnie, race, racial, raciale |
//! | political opinions | politique, politiques, political, politics |
//! | biometric data | biometrique, biometriques, biometric, biometrics, biometrie |
//! | genetic data | genetique, genetiques, genetic, genetics, adn, dna |
//!
//! "orientation" alone is not flagged ("Orientation client"), "sexual" alone is. The word
//! "union" is flagged wherever it stands: "Union des ventes" is a false positive siloscope
//! accepts, since missing a trade-union column costs more than a warning about a sales union.
//! "origine" is flagged for the same reason, although "Origine du recrutement" is harmless.
//! Nationality, age and family status are not article 9 categories and are not flagged.
//! When a header names two categories, the first of the table wins. O(length of the header).

/// The labels [`sensitive_category`] returns, in the order it tries them.
pub const CATEGORIES: [&str; 9] = [
    SEXUAL_ORIENTATION,
    SEX_OR_GENDER,
    HEALTH,
    TRADE_UNION,
    BELIEFS,
    ORIGIN,
    POLITICAL,
    BIOMETRIC,
    GENETIC,
];

const SEXUAL_ORIENTATION: &str = "sexual orientation";
const SEX_OR_GENDER: &str = "sex or gender";
const HEALTH: &str = "health";
const TRADE_UNION: &str = "trade union membership";
const BELIEFS: &str = "religious or philosophical beliefs";
const ORIGIN: &str = "racial or ethnic origin";
const POLITICAL: &str = "political opinions";
const BIOMETRIC: &str = "biometric data";
const GENETIC: &str = "genetic data";

/// The words that name each category, in the order of [`CATEGORIES`].
const WORDS: [(&str, &[&str]); 9] = [
    (
        SEXUAL_ORIENTATION,
        &[
            "sexuelle",
            "sexuel",
            "sexual",
            "sexualite",
            "sexuality",
            "lgbt",
            "lgbtq",
            "lgbtqia",
        ],
    ),
    (
        SEX_OR_GENDER,
        &["sexe", "sex", "genre", "gender", "civilite"],
    ),
    (
        HEALTH,
        &[
            "sante",
            "health",
            "medical",
            "medicale",
            "medicales",
            "medicaux",
            "maladie",
            "illness",
            "sickness",
            "handicap",
            "handicape",
            "handicapee",
            "disability",
            "disabilities",
            "disabled",
            "invalidite",
            "rqth",
        ],
    ),
    (
        TRADE_UNION,
        &[
            "syndicat",
            "syndicats",
            "syndical",
            "syndicale",
            "syndicaux",
            "syndique",
            "syndiquee",
            "union",
            "unions",
            "unionized",
            "unionised",
        ],
    ),
    (
        BELIEFS,
        &[
            "religion",
            "religions",
            "religious",
            "religieux",
            "religieuse",
            "confession",
            "confessionnel",
            "confessionnelle",
            "croyance",
            "croyances",
            "belief",
            "beliefs",
            "faith",
        ],
    ),
    (
        ORIGIN,
        &[
            "origine",
            "origines",
            "origin",
            "ethnicity",
            "ethnic",
            "ethnique",
            "ethnie",
            "race",
            "racial",
            "raciale",
        ],
    ),
    (
        POLITICAL,
        &["politique", "politiques", "political", "politics"],
    ),
    (
        BIOMETRIC,
        &[
            "biometrique",
            "biometriques",
            "biometric",
            "biometrics",
            "biometrie",
        ],
    ),
    (
        GENETIC,
        &[
            "genetique",
            "genetiques",
            "genetic",
            "genetics",
            "adn",
            "dna",
        ],
    ),
];

/// The GDPR special category (or sex or gender) a column header names, as one of
/// [`CATEGORIES`]; `None` for an ordinary column. Case- and accent-insensitive, on whole
/// words, French and English (the list is in the module documentation). O(header length).
pub fn sensitive_category(header: &str) -> Option<&'static str> {
    let words = words(header);
    let has = |w: &str| words.iter().any(|x| x == w);
    WORDS
        .iter()
        .find(|(_, list)| list.iter().any(|w| has(w)))
        .map(|&(category, _)| category)
}

/// The header's words, lowercase ASCII where the letter has an unaccented form.
fn words(header: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in header.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase();
        for lower in c.to_lowercase() {
            fold(lower, &mut current);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Appends `c` (lowercase) without its accent: the Latin letters of French, German, Spanish,
/// Portuguese and Italian headers. Others are kept as they are, and match no word.
fn fold(c: char, out: &mut String) {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        // a combining accent (a header in decomposed form, as macOS writes file names)
        '\u{0300}'..='\u{036f}' => "",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(plain);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_headers_of_each_category() {
        let cases = [
            ("Sexe", SEX_OR_GENDER),
            ("Genre", SEX_OR_GENDER),
            ("GENDER", SEX_OR_GENDER),
            ("gender_code", SEX_OR_GENDER),
            ("Civilité", SEX_OR_GENDER),
            ("Sexe (H/F)", SEX_OR_GENDER),
            ("Santé", HEALTH),
            ("sante", HEALTH),
            ("Medical leave", HEALTH),
            ("Arrêt maladie", HEALTH),
            ("Handicap", HEALTH),
            ("Travailleur handicapé", HEALTH),
            ("RQTH", HEALTH),
            ("DisabilityStatus", HEALTH),
            ("Syndicat", TRADE_UNION),
            ("Mandat syndical", TRADE_UNION),
            ("Union", TRADE_UNION),
            ("Trade union member", TRADE_UNION),
            ("Religion", BELIEFS),
            ("Confession", BELIEFS),
            ("Religious affiliation", BELIEFS),
            ("Origine", ORIGIN),
            ("Origine ethnique", ORIGIN),
            ("Ethnicity", ORIGIN),
            ("EthnicOrigin", ORIGIN),
            ("Race", ORIGIN),
            ("Orientation sexuelle", SEXUAL_ORIENTATION),
            ("Sexual orientation", SEXUAL_ORIENTATION),
            ("Opinion politique", POLITICAL),
            ("Political party", POLITICAL),
            ("Biométrique", BIOMETRIC),
            ("Biometric ID", BIOMETRIC),
            ("Génétique", GENETIC),
            ("Genetic test", GENETIC),
            // decomposed accents (e + U+0301)
            ("Sante\u{301}", HEALTH),
        ];
        for (header, category) in cases {
            assert_eq!(sensitive_category(header), Some(category), "{header}");
        }
    }

    #[test]
    fn ordinary_headers_are_not_flagged() {
        for header in [
            "Département",
            "Direction",
            "Site",
            "Niveau",
            "Business Unit",
            "Unité",
            "Pôle",
            "Pole",
            "Orientation client",
            "Statut",
            "Date entrée",
            "Contrat",
            "Nationalité",
            "Date de naissance",
            "Genève",
            "Sexton",
            "Unionville",
            "Matricule",
            "Manager",
            "Rôle",
            "",
        ] {
            assert_eq!(sensitive_category(header), None, "{header}");
        }
    }

    #[test]
    fn accepted_false_positives_are_documented_ones() {
        // a literal "union" is flagged, whatever it unites
        assert_eq!(sensitive_category("Union des ventes"), Some(TRADE_UNION));
        assert_eq!(sensitive_category("Origine du recrutement"), Some(ORIGIN));
    }

    #[test]
    fn every_category_is_listed_once() {
        let mut listed: Vec<&str> = WORDS.iter().map(|(c, _)| *c).collect();
        assert_eq!(listed, CATEGORIES);
        listed.sort_unstable();
        listed.dedup();
        assert_eq!(listed.len(), CATEGORIES.len());
        // every word is already folded and lowercase, or it could never match
        for (_, list) in WORDS {
            for w in list {
                assert_eq!(words(w), [w.to_string()]);
            }
        }
    }
}

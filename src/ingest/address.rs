//! Ids and addresses are trimmed and matched case-insensitively everywhere.

/// Writes the normalized form of `raw` (trimmed, lowercased) into `out`, reusing its buffer.
pub fn normalize_into(raw: &str, out: &mut String) {
    out.clear();
    let t = raw.trim();
    if t.is_ascii() {
        out.push_str(t);
        out.make_ascii_lowercase();
    } else {
        out.extend(t.chars().flat_map(char::to_lowercase));
    }
}

/// The normalized form of `raw`.
pub fn normalize(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    normalize_into(raw, &mut s);
    s
}

/// Splits a recipient list on `;` and `,`, dropping empty items.
pub fn split_list(field: &str) -> impl Iterator<Item = &str> {
    field
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lowercases() {
        assert_eq!(
            normalize("  Camille.Martin@Demo.FR "),
            "camille.martin@demo.fr"
        );
        assert_eq!(normalize("HÉLÈNE@x.fr"), "hélène@x.fr");
        let items: Vec<&str> = split_list(" a@x ; B@x,, c ;").collect();
        assert_eq!(items, vec!["a@x", "B@x", "c"]);
    }
}

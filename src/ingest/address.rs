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

/// The addresses of a recipient list: split on `;` and `,`, empty items dropped. When the
/// field uses display names (`"Martin, Camille" <c.martin@x.fr>; Bob <b@x.fr>`), the addresses
/// are the texts inside angle brackets, so a comma inside a name does not split it.
pub fn split_list(field: &str) -> AddressList<'_> {
    AddressList {
        rest: field,
        bracketed: field.contains('<'),
    }
}

/// Iterator over the addresses of a list; see [`split_list`].
#[derive(Debug, Clone)]
pub struct AddressList<'a> {
    rest: &'a str,
    bracketed: bool,
}

impl<'a> Iterator for AddressList<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let item = if self.bracketed {
                let open = self.rest.find('<')?;
                let after = &self.rest[open + 1..];
                let close = after.find('>').unwrap_or(after.len());
                self.rest = after.get(close + 1..).unwrap_or("");
                &after[..close]
            } else {
                let end = self.rest.find([';', ',']).unwrap_or(self.rest.len());
                let item = &self.rest[..end];
                self.rest = self.rest.get(end + 1..).unwrap_or("");
                item
            };
            let item = item.trim();
            if !item.is_empty() {
                return Some(item);
            }
        }
    }
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
        let named: Vec<&str> =
            split_list("\"Martin, Camille\" <c.martin@x.fr>; Bob <b@x.fr>,<>").collect();
        assert_eq!(named, vec!["c.martin@x.fr", "b@x.fr"]);
    }
}

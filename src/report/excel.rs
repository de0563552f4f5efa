//! `--excel`: the CSV tables as French Excel opens them with a double-click: a UTF-8 byte
//! order mark (so accents come out right), `;` between fields and a decimal comma. The tables
//! are rendered as plain CSV first and translated here, so both forms always hold the same
//! values (only their spelling differs).

use std::io;

/// True for a field that is a plain decimal number (`-0.25`, `1211.175`, `3e-5`): the only
/// fields whose `.` becomes a `,`. Ids, names and labels never match (they hold letters other
/// than an exponent's `e`).
pub fn is_decimal_number(field: &[u8]) -> bool {
    let s = field.strip_prefix(b"-").unwrap_or(field);
    let (mantissa, exponent) = match s.iter().position(|&b| b == b'e' || b == b'E') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let digits = |d: &[u8]| !d.is_empty() && d.iter().all(u8::is_ascii_digit);
    let exponent_ok =
        exponent.is_none_or(|e| digits(e.strip_prefix(b"-").or(e.strip_prefix(b"+")).unwrap_or(e)));
    digits(int) && frac.is_none_or(digits) && exponent_ok
}

/// Translates plain CSV bytes into French Excel's CSV: BOM, `;`, decimal comma.
pub fn to_french_excel(plain: &[u8]) -> io::Result<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(plain);
    let mut out = b"\xef\xbb\xbf".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .flexible(true)
            .from_writer(&mut out);
        let mut record = csv::ByteRecord::new();
        let mut field = Vec::new();
        let mut translated = csv::ByteRecord::new();
        while reader
            .read_byte_record(&mut record)
            .map_err(io::Error::other)?
        {
            translated.clear();
            for f in &record {
                field.clear();
                field.extend_from_slice(f);
                if is_decimal_number(f) {
                    for b in field.iter_mut().filter(|b| **b == b'.') {
                        *b = b',';
                    }
                }
                translated.push_field(&field);
            }
            writer
                .write_byte_record(&translated)
                .map_err(io::Error::other)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_a_decimal_comma_and_text_stays() {
        let plain =
            b"department,weight,ei,id\nR&D,1211.175,-0.25,p-a1b2.c3\n\"Ventes, Paris\",3e-5,,12\n";
        let excel = to_french_excel(plain).unwrap();
        assert_eq!(
            String::from_utf8(excel).unwrap(),
            "\u{feff}department;weight;ei;id\nR&D;1211,175;-0,25;p-a1b2.c3\nVentes, Paris;3e-5;;12\n"
        );
        assert!(is_decimal_number(b"1.0"));
        assert!(is_decimal_number(b"-2.5E+10"));
        assert!(!is_decimal_number(b"1.2.3"));
        assert!(!is_decimal_number(b"e5"));
        assert!(!is_decimal_number(b"2024-03-04"));
        assert!(!is_decimal_number(b""));
    }
}

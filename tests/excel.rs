//! `--excel`: every CSV table of the demo organisation, read back with `;` and a decimal
//! comma, gives the same values as the plain run.

mod util;

use std::path::Path;

use util::{fixture, siloscope};

fn run(out: &Path, extra: &[&str]) {
    siloscope()
        .args(["analyze", "--format", "none", "--messages"])
        .arg(fixture("demo/messages.csv"))
        .arg("--people")
        .arg(fixture("demo/people.csv"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

fn rows(path: &Path, delimiter: u8, decimal_comma: bool) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let body = if decimal_comma {
        assert!(
            bytes.starts_with(b"\xef\xbb\xbf"),
            "{}: no BOM",
            path.display()
        );
        &bytes[3..]
    } else {
        &bytes[..]
    };
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|f| {
                    let looks_numeric =
                        f.chars().all(|c| c.is_ascii_digit() || "-,eE+".contains(c))
                            && f.chars().any(|c| c.is_ascii_digit());
                    if decimal_comma && looks_numeric {
                        f.replace(',', ".")
                    } else {
                        f.to_string()
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn excel_tables_hold_the_same_values_as_the_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, excel) = (dir.path().join("plain"), dir.path().join("excel"));
    run(&plain, &[]);
    run(&excel, &["--excel"]);
    let mut tables = 0;
    for entry in std::fs::read_dir(&plain).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".csv") {
            continue;
        }
        tables += 1;
        let want = rows(&plain.join(&name), b',', false);
        let got = rows(&excel.join(&name), b';', true);
        assert_eq!(got, want, "{name}");
    }
    assert!(tables >= 6, "{tables} tables");
    let departments = std::fs::read_to_string(excel.join("departments.csv")).unwrap();
    assert!(departments.contains("1211,175"), "{departments}");
}

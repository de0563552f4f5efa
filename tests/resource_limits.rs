//! Resource limits: an absurdly large row is a clear error naming the file and line, not an
//! exhausted memory; a network too large for the memory siloscope may use is refused before
//! the analyses, pointing at --ties and docs/SCALE.md.

mod util;

use std::io::Write;

use predicates::prelude::*;
use util::{fixture, siloscope};

fn log_with_a_huge_row(dir: &std::path::Path, quoted: bool) -> std::path::PathBuf {
    let path = dir.join("messages.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "from,to,date").unwrap();
    writeln!(file, "a@x.fr,b@x.fr,2024-01-02T09:00:00Z").unwrap();
    if quoted {
        // a quote opened and never closed: the rest of the file would be one field
        write!(file, "a@x.fr,\"b@x.fr").unwrap();
    } else {
        write!(file, "a@x.fr,").unwrap();
    }
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..70 {
        file.write_all(&chunk).unwrap();
        if quoted {
            file.write_all(b"\n").unwrap();
        }
    }
    writeln!(file, ",2024-01-02T10:00:00Z").unwrap();
    path
}

#[test]
fn a_row_of_more_than_64_mib_is_a_clear_error_with_its_line() {
    for quoted in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let log = log_with_a_huge_row(dir.path(), quoted);
        siloscope()
            .args(["check", "--messages"])
            .arg(&log)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("messages.csv: line 3:")
                    .and(predicate::str::contains("64 MiB")),
            );
    }
}

#[test]
fn a_network_larger_than_the_memory_is_refused_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = |memory: &str| {
        let mut cmd = siloscope();
        cmd.env("SILOSCOPE_MEMORY", memory)
            .args(["analyze", "--format", "none", "--messages"])
            .arg(fixture("demo/messages.csv"))
            .arg("--people")
            .arg(fixture("demo/people.csv"))
            .arg("--out")
            .arg(&out);
        cmd
    };
    run("1500K").assert().code(1).stderr(
        predicate::str::contains("--ties")
            .and(predicate::str::contains("docs/SCALE.md"))
            .and(predicate::str::contains("320 people")),
    );
    assert!(!out.exists());
    // the same run within a sensible budget goes through
    run("1G").assert().success();
    // a budget siloscope cannot read is a usage error
    run("plenty")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SILOSCOPE_MEMORY"));
}

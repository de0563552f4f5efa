//! people_graph.gexf and people_graph.graphml read back by NetworkX (a real client): every
//! person and tie of people.csv and ties.csv, with every attribute, equal to the CSV's value;
//! neither file under --no-person-level.

mod util;

use std::path::Path;
use std::process::Command;

use util::{fixture, siloscope};

const READ_BACK: &str = r#"
import csv, sys
import networkx as nx
out = sys.argv[1]
people = list(csv.DictReader(open(out + "/people.csv", encoding="utf-8")))
ties = list(csv.DictReader(open(out + "/ties.csv", encoding="utf-8")))
def same(csv_value, value, where):
    if csv_value == "":
        assert value is None, (where, value)
        return
    assert value is not None, (where, csv_value)
    try:
        assert float(csv_value) == float(value), (where, csv_value, value)
    except ValueError:
        assert csv_value == str(value), (where, csv_value, value)
for name, graph in [("gexf", nx.read_gexf(out + "/people_graph.gexf", version="1.3")),
                    ("graphml", nx.read_graphml(out + "/people_graph.graphml"))]:
    assert graph.number_of_nodes() == len(people), (name, graph.number_of_nodes(), len(people))
    assert graph.number_of_edges() == len(ties), (name, graph.number_of_edges(), len(ties))
    for row in people:
        attrs = graph.nodes[row["id"]]
        for column, csv_value in row.items():
            same(csv_value, attrs.get(column), (name, row["id"], column))
    for row in ties:
        attrs = graph.edges[row["source"], row["target"]]
        for column, csv_value in row.items():
            same(csv_value, attrs.get(column), (name, row["source"], row["target"], column))
print("ok", len(people), len(ties))
"#;

fn networkx_present() -> bool {
    let present = Command::new("python3")
        .args(["-c", "import networkx"])
        .status()
        .is_ok_and(|s| s.success());
    if !present && std::env::var_os("CI").is_some() {
        panic!("python3 with networkx is needed under CI (.ci/run installs it)");
    }
    present
}

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

#[test]
fn networkx_reads_every_person_tie_and_attribute_back() {
    if !networkx_present() {
        eprintln!("note: python3 with networkx not found; skipping the GEXF/GraphML read-back");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&out, &[]);
    let result = Command::new("python3")
        .args(["-c", READ_BACK])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(String::from_utf8_lossy(&result.stdout).starts_with("ok 320 "));
}

#[test]
fn no_graph_file_without_person_level_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&out, &[]);
    assert!(out.join("people_graph.gexf").exists());
    run(&out, &["--no-person-level"]);
    assert!(!out.join("people_graph.gexf").exists());
    assert!(!out.join("people_graph.graphml").exists());
}

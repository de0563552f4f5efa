//! Formal against informal on fixtures/org_chart: the directory and the graph are read through
//! the library as `siloscope analyze` reads them, and every share is checked exactly against
//! the hand computation of fixtures/org_chart/README.md. Also: the focus comparison and the
//! sensitive-column check on the same inputs.

use std::path::Path;

use siloscope::InputName;
use siloscope::analyze::{LineClass, focus, reporting_lines};
use siloscope::graph::{InteractionGraph, TieAccumulator, Weighting};
use siloscope::ingest::{
    Directory, DirectoryOptions, IngestCounts, Inputs, MessageOptions, Rejects, Tally, read_inputs,
};
use siloscope::privacy::sensitive_category;
use siloscope::progress::NoProgress;

fn load() -> (Directory, InteractionGraph) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/org_chart");
    let mut directory_rejects = Rejects::new(false);
    let mut accumulator = TieAccumulator::new(Weighting::default());
    let mut rejects = Rejects::new(false);
    let mut counts = IngestCounts::default();
    let directory = read_inputs(
        &Inputs {
            messages: &[InputName::Path(data.join("messages.csv"))],
            people: Some(&InputName::Path(data.join("people.csv"))),
            message_options: &MessageOptions::default(),
            directory_options: &DirectoryOptions::default(),
        },
        Tally {
            rejects: &mut rejects,
            directory_rejects: &mut directory_rejects,
            counts: &mut counts,
        },
        &NoProgress,
        &mut accumulator,
    )
    .expect("fixtures/org_chart reads");
    assert_eq!(rejects.total(), 0);
    assert_eq!(directory_rejects.total(), 0);
    let graph = InteractionGraph::build(directory.people().len(), accumulator);
    (directory, graph)
}

/// Person index of a short id ("t4" → t4@org.example).
fn who(directory: &Directory, short: &str) -> u32 {
    directory
        .find(&format!("{short}@org.example"))
        .unwrap_or_else(|| panic!("{short} is in the directory"))
}

#[test]
fn the_four_shares_match_the_hand_computation() {
    let (directory, g) = load();
    assert_eq!(directory.departments(), ["Direction", "Tech", "Ventes"]);
    assert_eq!((g.node_count(), g.tie_count()), (10, 12));
    let department = directory.department_of_each();
    let r = reporting_lines(&g, &directory, &department, directory.departments().len());

    // overall: W = 15
    assert_eq!(r.overall.total, 15.0);
    assert_eq!(r.overall.weight, [8.0, 3.5, 1.5, 2.0]);
    assert_eq!(r.overall.ties, [5, 3, 2, 2]);
    assert_eq!(
        r.overall.shares(),
        Some([8.0 / 15.0, 7.0 / 30.0, 1.0 / 10.0, 2.0 / 15.0])
    );
    let sum: f64 = r.overall.weight.iter().sum();
    assert_eq!(sum, r.overall.total, "each tie in exactly one class");

    // per department: Direction, Tech, Ventes
    let [direction, tech, ventes] = &r.per_department[..] else {
        panic!("three departments");
    };
    assert_eq!(direction.total, 3.0);
    assert_eq!(direction.weight, [3.0, 0.0, 0.0, 0.0]);
    assert_eq!(direction.ties, [2, 0, 0, 0]);
    assert_eq!(direction.shares(), Some([1.0, 0.0, 0.0, 0.0]));
    assert_eq!(tech.total, 6.0);
    assert_eq!(tech.weight, [2.0, 1.5, 0.5, 2.0]);
    assert_eq!(tech.ties, [2, 2, 1, 2]);
    assert_eq!(
        tech.shares(),
        Some([2.0 / 6.0, 1.5 / 6.0, 0.5 / 6.0, 2.0 / 6.0])
    );
    assert_eq!(ventes.total, 12.0);
    assert_eq!(ventes.weight, [6.0, 3.0, 1.0, 2.0]);
    assert_eq!(ventes.ties, [3, 2, 1, 2]);
    assert_eq!(ventes.share(LineClass::Department), Some(1.0 / 12.0));
    // Σ_d W_d = W + the weight between departments (6)
    assert_eq!(direction.total + tech.total + ventes.total, 21.0);

    // the class of two ties the README singles out
    let class = |a: &str, b: &str| {
        let (a, b) = (who(&directory, a), who(&directory, b));
        let (s, t) = (a.min(b), a.max(b));
        let i = g
            .ties()
            .iter()
            .position(|x| (x.source, x.target) == (s, t))
            .expect("the tie exists");
        r.class_of_tie[i]
    };
    assert_eq!(class("ceo", "v1"), LineClass::ReportingLine);
    assert_eq!(class("v1", "t1"), LineClass::Team);
    assert_eq!(class("c1", "c2"), LineClass::ReportingLine);
    assert_eq!(class("t2", "t4"), LineClass::Department);
    assert_eq!(class("c2", "t4"), LineClass::AcrossDepartments);

    // per person
    let share = |p: &str| r.formal_share[who(&directory, p) as usize];
    for (p, want) in [
        ("ceo", 1.0),
        ("v1", 1.0),
        ("v2", 1.0),
        ("v3", 0.5),
        ("t1", 1.0),
        ("t2", 0.75),
        ("t3", 0.5 / 1.5),
        ("t4", 0.0),
        ("c1", 0.5),
        ("c2", 0.5),
    ] {
        assert_eq!(share(p), Some(want), "{p}");
    }
    assert_eq!(r.low_formal, [who(&directory, "t4")]);
}

#[test]
fn the_anomalies_of_the_org_chart_are_reported() {
    let (directory, g) = load();
    let department = directory.department_of_each();
    let tree = reporting_lines(&g, &directory, &department, 3).tree;
    let ids = |people: &[u32]| -> Vec<String> {
        people
            .iter()
            .map(|&p| directory.people()[p as usize].id.clone())
            .collect()
    };
    assert_eq!(ids(&tree.missing_manager), ["t4@org.example"]);
    assert_eq!(tree.missing_manager_ids, 1);
    assert!(tree.self_managed.is_empty());
    assert_eq!(ids(&tree.on_cycle), ["c1@org.example", "c2@org.example"]);
    assert_eq!((tree.cycles, tree.under_cycle, tree.roots), (1, 0, 2));
    let depth = |p: &str| tree.depth[who(&directory, p) as usize];
    for (p, want) in [
        ("ceo", Some(0)),
        ("t4", Some(0)),
        ("v1", Some(1)),
        ("t1", Some(1)),
        ("v2", Some(2)),
        ("t3", Some(2)),
        ("c1", None),
        ("c2", None),
    ] {
        assert_eq!(depth(p), want, "{p}");
    }
    let reports = |p: &str| tree.direct_reports[who(&directory, p) as usize];
    assert_eq!(
        [reports("ceo"), reports("v1"), reports("t1"), reports("c1")],
        [2, 2, 2, 1]
    );
}

#[test]
fn managers_in_focus_beside_the_others() {
    // the people who manage someone: ceo, v1, t1, c1, c2
    let (directory, g) = load();
    let department = directory.department_of_each();
    let tree = reporting_lines(&g, &directory, &department, 3).tree;
    let managers: Vec<bool> = tree.direct_reports.iter().map(|&r| r > 0).collect();
    let c = focus(&g, &managers, &department, 3);
    // among managers: ceo–v1 2, ceo–t1 1, v1–t1 1, c1–c2 1; across departments: all but c1–c2
    assert_eq!((c.focus.people, c.focus.ties), (5, 4));
    assert_eq!(c.focus.weight, 5.0);
    assert_eq!(c.focus.cross_group_share(), Some(4.0 / 5.0));
    assert_eq!(c.focus.groups_spanned, 3);
    assert_eq!(c.focus.density(), Some(0.4));
    // ceo, v1 and t1 each have two ties to managers of other departments, of weight 3, 3, 2
    let top: Vec<u32> = c.focus.connectors.iter().map(|k| k.person).collect();
    assert_eq!(
        top,
        [
            who(&directory, "ceo"),
            who(&directory, "v1"),
            who(&directory, "t1")
        ]
    );
    // among the others (v2, v3, t2, t3, t4): v2–v3 2, t2–t3 ½, t2–t4 ½, v3–t3 1
    assert_eq!((c.rest.people, c.rest.ties, c.rest.weight), (5, 4, 4.0));
    assert_eq!(c.rest.cross_group_share(), Some(0.25));
    assert_eq!(c.between_weight, 15.0 - 5.0 - 4.0);
}

#[test]
fn the_fixture_has_no_sensitive_column_and_would_flag_one() {
    for header in ["id", "department", "manager"] {
        assert_eq!(sensitive_category(header), None);
    }
    assert_eq!(sensitive_category("Genre"), Some("sex or gender"));
}

/// The CLI writes the fixture's hand-computed shares into reporting_lines.csv and summary.md,
/// says the manager column is incomplete, and compares a population in focus with the rest.
#[test]
fn the_cli_reports_the_hand_computed_reporting_line_shares() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_siloscope"));
    cmd.env("XDG_CONFIG_HOME", dir.path())
        .args(["analyze", "--reveal-identities", "--min-group-size", "1"])
        .args(["--format", "none", "--quiet"])
        .arg("--messages")
        .arg(fixture_path("org_chart/messages.csv"))
        .arg("--people")
        .arg(fixture_path("org_chart/people.csv"))
        .args(["--focus", "department=Tech"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(out.join("reporting_lines.csv")).unwrap();
    let all = text
        .lines()
        .find(|l| l.starts_with("(all),"))
        .expect("an (all) row");
    let shares: Vec<f64> = all.split(',').skip(1).map(|x| x.parse().unwrap()).collect();
    let want = [8.0 / 15.0, 7.0 / 30.0, 1.0 / 10.0, 2.0 / 15.0];
    for (got, want) in shares.iter().zip(want) {
        assert!((got - want).abs() < 1e-12, "{all}");
    }
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("| (all) | 53% | 23% | 10% | 13% |"), "{md}");
    assert!(
        md.contains("1 person with a manager outside the directory"),
        "{md}"
    );
    assert!(md.contains("## In focus: department = Tech"), "{md}");
    let focus = std::fs::read_to_string(out.join("focus.csv")).unwrap();
    assert!(focus.contains("department=Tech,focus,4,"), "{focus}");
}

fn fixture_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

//! Pictures (issue 7): every SVG parses as XML and shows the expected nodes and labels, every PNG
//! decodes and is not blank, a missing Graphviz still gives the .dot files and exit 0 with one
//! install hint, and report.html, opened in headless Chromium, loads with no console error and
//! no network request, shows the demo's key figures, sorts its tables and is not blank.
//!
//! Graphviz and Chromium are outside programs (Debian packages graphviz, chromium): a test that
//! needs one skips with a note when it is missing, and fails when `CI` is set (`.ci/run` installs
//! both).

mod util;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};
use util::{fixture, siloscope};

/// The demo departments, as the pictures show them.
const DEMO_DEPARTMENTS: [&str; 8] = [
    "Finance",
    "Juridique",
    "Marketing",
    "Production",
    "R&D",
    "Ressources Humaines",
    "Systèmes d'information",
    "Ventes",
];

/// Whether an outside program is there; missing under CI is a failure.
fn have(program: &str, arg: &str, package: &str) -> bool {
    let found = Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{program} is missing but CI is set: install the Debian package {package}");
        }
        eprintln!("note: {program} not found (Debian package {package}); skipping");
    }
    found
}

fn analyze_demo(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    siloscope()
        .args(["analyze", "--messages"])
        .arg(fixture("demo/messages.csv"))
        .arg("--people")
        .arg(fixture("demo/people.csv"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

/// Writes `people` and `messages` into `dir` as people.csv and messages.csv, runs `analyze
/// --quiet` on them with `extra`, and returns the output folder (`dir/o`).
fn analyze_files(dir: &Path, people: &str, messages: &str, extra: &[&str]) -> PathBuf {
    std::fs::write(dir.join("people.csv"), people).unwrap();
    std::fs::write(dir.join("messages.csv"), messages).unwrap();
    let out = dir.join("o");
    siloscope()
        .current_dir(dir)
        .args(["analyze", "--quiet"])
        .args(extra)
        .args([
            "--messages",
            "messages.csv",
            "--people",
            "people.csv",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    out
}

/// Parses an SVG file, failing with its name.
fn read_svg(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Err(e) = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    ) {
        panic!("{} is not well-formed XML: {e}", path.display());
    }
    text
}

/// Every text shown by an SVG, joined by spaces (Graphviz writes one `<text>` per label line).
fn svg_texts(svg: &str) -> String {
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Graphviz's `<g class="node">` groups, the nodes carrying people's names left out.
fn svg_nodes(svg: &str) -> usize {
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
        .filter(|g| !title_of(g).ends_with("_label"))
        .count()
}

/// The `<title>` of a Graphviz group.
fn title_of(g: &roxmltree::Node) -> String {
    g.children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default()
        .to_string()
}

/// Decodes a PNG; checks it is a real picture: big enough and more than a few colours.
fn assert_png_is_a_picture(bytes: &[u8], what: &str) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        info.width >= 300 && info.height >= 200,
        "{what}: {}×{}",
        info.width,
        info.height
    );
    let px = info.color_type.samples()
        * if info.bit_depth == png::BitDepth::Sixteen {
            2
        } else {
            1
        };
    let colours: BTreeSet<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    assert!(colours.len() > 8, "{what}: only {} colours", colours.len());
    // not one colour with specks: the commonest colour covers less than 99% of the pixels
    let mut counts = std::collections::BTreeMap::new();
    for c in buf[..info.buffer_size()].chunks(px) {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let top = counts.values().max().copied().unwrap_or(0);
    let all = (info.width * info.height) as usize;
    assert!(top * 100 < all * 99, "{what}: nearly blank");
}

#[test]
fn demo_svgs_parse_and_show_every_department() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze_demo(&out, &["--quiet"]).success();

    // the heatmap needs no Graphviz
    let heat = read_svg(&out.join("department_flows.svg"));
    let texts = svg_texts(&heat);
    for name in DEMO_DEPARTMENTS {
        assert_eq!(
            texts.matches(name).count(),
            2,
            "{name} should label one row and one column: {texts}"
        );
    }
    assert!(texts.contains("log scale"), "{texts}");
    let doc = roxmltree::Document::parse(&heat).unwrap();
    let cells = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.children().any(|c| c.has_tag_name("title")))
        .count();
    assert_eq!(cells, 64, "8 × 8 cells, each with its figures");

    if !have("dot", "-V", "graphviz") {
        return;
    }
    let map = read_svg(&out.join("department_map.svg"));
    assert_eq!(svg_nodes(&map), 8, "one node per department");
    let texts = svg_texts(&map);
    for name in DEMO_DEPARTMENTS {
        for word in name.split(' ') {
            assert!(texts.contains(word), "{word} missing from the map: {texts}");
        }
    }
    for expected in [
        "70 people",
        "E-I -0.92",
        "closed silo",
        "looks outward",
        "not drawn",
    ] {
        assert!(texts.contains(expected), "{expected} missing: {texts}");
    }

    let people = read_svg(&out.join("people_graph.svg"));
    assert_eq!(svg_nodes(&people), 320, "one node per person");
    let texts = svg_texts(&people);
    assert!(texts.contains("cut point"), "{texts}");
    let pseudonyms = texts
        .split_whitespace()
        .filter(|w| w.starts_with("p-") && w.len() == 10)
        .count();
    assert_eq!(
        pseudonyms, 10,
        "the ten people of highest betweenness: {texts}"
    );
    // the cut point of the demo (Production's only link) is a diamond: a 4-point polygon
    let doc = roxmltree::Document::parse_with_options(
        &people,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let diamonds = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
        .filter(|g| {
            g.children().any(|c| {
                // (the white boxes behind the names are polygons too)
                c.has_tag_name("polygon")
                    && c.attribute("fill") != Some("#ffffff")
                    && c.attribute("points")
                        .is_some_and(|p| p.split_whitespace().count() == 5)
            })
        })
        .count();
    assert_eq!(diamonds, 1);
}

#[test]
fn demo_pngs_decode_and_are_not_blank() {
    if !have("dot", "-V", "graphviz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze_demo(&out, &["--quiet"]).success();
    for name in ["department_map.png", "people_graph.png"] {
        assert_png_is_a_picture(&std::fs::read(out.join(name)).unwrap(), name);
    }
}

#[test]
fn without_graphviz_the_dot_files_are_written_and_the_run_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let graphviz = have("dot", "-V", "graphviz");
    if graphviz {
        // a first run with Graphviz leaves pictures that the second must not keep
        analyze_demo(&out, &["--quiet"]).success();
        assert!(out.join("department_map.svg").exists());
    }
    let empty_path = dir.path().join("bin");
    std::fs::create_dir(&empty_path).unwrap();
    let run = siloscope()
        .env("PATH", &empty_path)
        .args(["analyze", "--messages"])
        .arg(fixture("demo/messages.csv"))
        .arg("--people")
        .arg(fixture("demo/people.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert_eq!(
        stderr.matches("apt-get install graphviz").count(),
        1,
        "one install hint: {stderr}"
    );
    for name in [
        "department_map.dot",
        "people_graph.dot",
        "department_flows.svg",
        "report.html",
    ] {
        assert!(out.join(name).exists(), "{name} should be written");
    }
    for name in [
        "department_map.svg",
        "department_map.png",
        "people_graph.svg",
        "people_graph.png",
    ] {
        assert!(!out.join(name).exists(), "{name} should not be left behind");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Graphviz was not installed"));
}

#[test]
fn formats_and_languages_can_be_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let fr = dir.path().join("fr");
    analyze_demo(&fr, &["--quiet", "--format", "svg", "--lang", "fr"]).success();
    let html = std::fs::read_to_string(fr.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(
        html.contains("Les directions les plus cloisonnées"),
        "French headings"
    );
    assert!(html.contains("5\u{202f}085"), "French thousands separator");
    let heat = read_svg(&fr.join("department_flows.svg"));
    assert!(svg_texts(&heat).contains("Flux entre directions"));
    assert!(
        !fr.join("department_map.png").exists(),
        "--format svg: no PNG"
    );
    if have("dot", "-V", "graphviz") {
        let map = read_svg(&fr.join("department_map.svg"));
        assert!(svg_texts(&map).contains("70 personnes"));
        // the .dot matches its picture
        let dot = std::fs::read_to_string(fr.join("department_map.dot")).unwrap();
        assert!(dot.contains("personnes"));
    }

    let png_only = dir.path().join("png");
    analyze_demo(&png_only, &["--quiet", "--format", "png"]).success();
    assert!(!png_only.join("department_map.svg").exists());
    assert!(!png_only.join("department_flows.svg").exists());
    assert!(png_only.join("report.html").exists());
    if have("dot", "-V", "graphviz") {
        assert!(png_only.join("department_map.png").exists());
    }

    // an unknown format or language is a usage error
    analyze_demo(&dir.path().join("x"), &["--format", "gif"]).code(2);
    analyze_demo(&dir.path().join("x"), &["--lang", "de"]).code(2);
}

#[test]
fn names_with_markup_characters_are_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let departments = ["R&D <Lab>", "\"Quoted\" team", "Ventes & Marketing"];
    let mut people = String::from("id,department\n");
    let mut messages = String::from("sender,recipients\n");
    let mut ids = Vec::new();
    for (d, dept) in departments.iter().enumerate() {
        for i in 0..6 {
            let id = format!("p{d}x{i}@co");
            people.push_str(&format!("{id},\"{}\"\n", dept.replace('"', "\"\"")));
            ids.push(id);
        }
    }
    for (i, a) in ids.iter().enumerate() {
        for b in ids.iter().skip(i + 1).step_by(3) {
            messages.push_str(&format!("{a},{b}\n"));
        }
    }
    let out = analyze_files(dir.path(), &people, &messages, &[]);
    let mut svgs = vec!["department_flows.svg"];
    if have("dot", "-V", "graphviz") {
        svgs.extend(["department_map.svg", "people_graph.svg"]);
    }
    for name in svgs {
        let svg = read_svg(&out.join(name));
        if name != "people_graph.svg" {
            let texts = svg_texts(&svg);
            for d in departments {
                for word in d.split(' ') {
                    assert!(texts.contains(word), "{name}: {word} missing: {texts}");
                }
            }
        }
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("R&amp;D &lt;Lab&gt;"));
    // a quote is harmless in text (pulldown-cmark leaves it), never in an attribute
    assert!(html.contains("\"Quoted\" team") || html.contains("&quot;Quoted&quot; team"));
    assert!(!html.contains("<Lab>"));
}

#[test]
fn without_person_level_the_report_names_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze_demo(&out, &["--quiet", "--no-person-level"]).success();
    assert!(!out.join("people_graph.svg").exists());
    assert!(!out.join("people_graph.png").exists());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let named = html
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .any(|word| word.starts_with("p-") && word.len() >= 10);
    assert!(!named, "no pseudonym in report.html");
    assert!(html.contains("Production"));
}

// ---- report.html in headless Chromium, through the DevTools protocol ---------------------

/// A headless Chromium of our own, ended when dropped.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Some(dir) = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .find(|d| d.join(name).is_file())
        {
            return Some(dir.join(name));
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "Chromium is missing but CI is set: install the Debian packages chromium chromium-driver"
        );
    }
    eprintln!("note: Chromium not found (Debian packages chromium, chromium-driver); skipping");
    None
}

/// Starts Chromium and returns it with its DevTools WebSocket address.
fn start_browser(program: &Path) -> (Browser, String) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(program)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-port=0",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Chromium starts");
    let stderr = child.stderr.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("ws://") {
                let _ = tx.send(line[at..].trim().to_string());
            }
        }
    });
    let browser = Browser {
        child,
        _profile: profile,
    };
    let url = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("Chromium prints its DevTools address");
    (browser, url)
}

/// A DevTools protocol session: commands with ids, events kept for later.
struct Cdp {
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    events: Vec<Value>,
}

impl Cdp {
    fn connect(url: &str) -> Cdp {
        let (ws, _) = tungstenite::connect(url).expect("DevTools WebSocket");
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        }
        Cdp {
            ws,
            next: 0,
            events: Vec::new(),
        }
    }

    fn read(&mut self) -> Value {
        loop {
            match self.ws.read().expect("a DevTools message") {
                Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
                Message::Close(_) => panic!("DevTools closed the connection"),
                _ => {}
            }
        }
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .expect("send to DevTools");
        loop {
            let v = self.read();
            if v["id"] == json!(id) {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
            self.events.push(v);
        }
    }

    /// Waits for an event, keeping the others.
    fn wait_for(&mut self, method: &str, limit: Duration) {
        let start = Instant::now();
        if self.events.iter().any(|e| e["method"] == method) {
            return;
        }
        while start.elapsed() < limit {
            let v = self.read();
            let done = v["method"] == method;
            self.events.push(v);
            if done {
                return;
            }
        }
        panic!("no {method} within {limit:?}");
    }
}

#[test]
fn report_html_in_headless_chromium() {
    let Some(program) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze_demo(&out, &["--quiet"]).success();
    let page = std::fs::canonicalize(out.join("report.html")).unwrap();
    let page_url = format!("file://{}", page.display());

    let (_browser, ws_url) = start_browser(&program);
    let mut cdp = Cdp::connect(&ws_url);
    let target = cdp.call(None, "Target.createTarget", json!({"url": "about:blank"}));
    let attached = cdp.call(
        None,
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    let session = attached["sessionId"].as_str().unwrap().to_string();
    let s = Some(session.as_str());
    for domain in [
        "Page.enable",
        "Runtime.enable",
        "Log.enable",
        "Network.enable",
    ] {
        cdp.call(s, domain, json!({}));
    }
    cdp.call(
        s,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 2000, "deviceScaleFactor": 1, "mobile": false}),
    );
    cdp.events.clear();
    cdp.call(s, "Page.navigate", json!({"url": page_url}));
    cdp.wait_for("Page.loadEventFired", Duration::from_secs(60));
    // what the page shows
    let text = cdp.call(
        s,
        "Runtime.evaluate",
        json!({"expression": "document.body.innerText", "returnByValue": true}),
    )["result"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // the key figures of the demo summary
    for figure in [
        "320 people in 8 departments",
        "5,085",
        "4,440",
        "4,372",
        "0.651",
        "Production",
        "Juridique",
        "-0.92",
        "-0.88",
        "links Production to",
        "follows the org chart closely",
    ] {
        assert!(text.contains(figure), "{figure} not shown:\n{text}");
    }
    // the pictures are there and drawn
    let images = cdp.call(
        s,
        "Runtime.evaluate",
        json!({"expression": "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0).join(',') + '|' + document.querySelectorAll('figure svg').length", "returnByValue": true}),
    )["result"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (imgs, inline) = images.split_once('|').unwrap();
    // a click on "people" sorts the departments by headcount, smallest first
    let first = cdp.call(
        s,
        "Runtime.evaluate",
        json!({"expression": "document.querySelector('#departments thead th:nth-child(2)').click(); document.querySelector('#departments tbody tr').cells[0].textContent", "returnByValue": true}),
    )["result"]["value"]
        .clone();
    assert_eq!(first, json!("Juridique"), "sorted by people ascending");
    let shot = cdp.call(s, "Page.captureScreenshot", json!({"format": "png"}));
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().unwrap())
        .unwrap();
    assert_png_is_a_picture(&png, "screenshot of report.html");
    // let late messages arrive, then read every event
    std::thread::sleep(Duration::from_millis(500));
    cdp.call(s, "Runtime.evaluate", json!({"expression": "1"}));

    let mut errors = Vec::new();
    let mut requests = Vec::new();
    for e in &cdp.events {
        let p = &e["params"];
        match e["method"].as_str().unwrap_or("") {
            "Runtime.exceptionThrown" => errors.push(p.to_string()),
            "Runtime.consoleAPICalled"
                if matches!(p["type"].as_str(), Some("error" | "assert" | "warning")) =>
            {
                errors.push(p.to_string())
            }
            "Log.entryAdded"
                if matches!(p["entry"]["level"].as_str(), Some("error" | "warning")) =>
            {
                errors.push(p.to_string())
            }
            "Network.requestWillBeSent" => {
                let url = p["request"]["url"].as_str().unwrap_or("").to_string();
                if url != page_url && !url.starts_with("data:") {
                    requests.push(url);
                }
            }
            "Network.loadingFailed" => errors.push(p.to_string()),
            _ => {}
        }
    }
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    assert!(requests.is_empty(), "network requests: {requests:#?}");
    assert_eq!(inline, "1", "the heatmap is inline");
    if Command::new("dot")
        .arg("-V")
        .stderr(Stdio::null())
        .status()
        .is_ok()
    {
        assert_eq!(imgs, "true,true", "both maps load: {imgs}");
    }
}

// ---- pictures for a slide (issue 12) -----------------------------------------------------

fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap()
}

/// A node's outline as drawn: a circle (centre, radius) or a polygon.
#[derive(Debug, Clone)]
enum Outline {
    Circle(f64, f64, f64),
    Polygon(Vec<(f64, f64)>),
}

/// A box: x0, y0, x1, y1 (SVG coordinates).
type Box2 = (f64, f64, f64, f64);

fn points(p: &str) -> Vec<(f64, f64)> {
    p.split_whitespace()
        .filter_map(|xy| xy.split_once(','))
        .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
        .collect()
}

fn box_of(pts: &[(f64, f64)]) -> Box2 {
    pts.iter().fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |b, &(x, y)| (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y)),
    )
}

fn point_to_box(x: f64, y: f64, b: Box2) -> f64 {
    let dx = (b.0 - x).max(x - b.2).max(0.0);
    let dy = (b.1 - y).max(y - b.3).max(0.0);
    dx.hypot(dy)
}

/// Distance from a box to an outline (0 when they overlap), to about 0.05 pt.
fn distance(b: Box2, o: &Outline) -> f64 {
    match o {
        Outline::Circle(x, y, r) => (point_to_box(*x, *y, b) - r).max(0.0),
        Outline::Polygon(pts) => {
            let mut best = f64::INFINITY;
            for w in pts.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                for k in 0..=400 {
                    let t = k as f64 / 400.0;
                    best = best.min(point_to_box(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, b));
                }
            }
            best
        }
    }
}

/// The node outlines of a people graph (by node name), which are diamonds, and the label boxes
/// (owner → box): a white box inside the node's group or in its `_label` node.
#[allow(clippy::type_complexity)]
fn people_shapes(svg: &str) -> (Vec<(String, Outline, bool)>, Vec<(String, Box2)>) {
    let doc = parse_svg(svg);
    let mut shapes = Vec::new();
    let mut labels = Vec::new();
    for g in doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
    {
        let title = title_of(&g);
        let owner = title.trim_end_matches("_label").to_string();
        for c in g.children().filter(|c| c.is_element()) {
            let white = c.attribute("fill") == Some("#ffffff");
            match c.tag_name().name() {
                "ellipse" if !title.ends_with("_label") => {
                    let f = |k| c.attribute(k).unwrap().parse::<f64>().unwrap();
                    let r = f("rx").max(f("ry"));
                    shapes.push((owner.clone(), Outline::Circle(f("cx"), f("cy"), r), false));
                }
                "polygon" if white => labels.push((
                    owner.clone(),
                    box_of(&points(c.attribute("points").unwrap())),
                )),
                "polygon" if !title.ends_with("_label") => {
                    let pts = points(c.attribute("points").unwrap());
                    let diamond = pts.len() == 5;
                    shapes.push((owner.clone(), Outline::Polygon(pts), diamond));
                }
                _ => {}
            }
        }
    }
    (shapes, labels)
}

#[test]
fn people_graph_names_touch_their_own_node_and_keep_clear_of_the_others() {
    if !have("dot", "-V", "graphviz") {
        return;
    }
    // the pseudonyms order the nodes, hence the layout: each key draws another picture, and
    // every one of them must keep the names clear (fixed keys: the test is the same each run)
    for key in ["ab", "cd", "ef", "01", "23", "45", "67", "89"] {
        assert_names_placed(&key.repeat(32));
    }
}

fn assert_names_placed(key: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, format!("{key}\n")).unwrap();
    analyze_demo(
        &out,
        &[
            "--quiet",
            "--format",
            "svg",
            "--key-file",
            key_file.to_str().unwrap(),
        ],
    )
    .success();
    let svg = read_svg(&out.join("people_graph.svg"));
    let (shapes, labels) = people_shapes(&svg);
    assert_eq!(labels.len(), 10, "ten names: {labels:?}");
    let labelled: BTreeSet<&str> = labels.iter().map(|(o, _)| o.as_str()).collect();
    let highlighted: Vec<&(String, Outline, bool)> = shapes
        .iter()
        .filter(|(name, _, diamond)| *diamond || labelled.contains(name.as_str()))
        .collect();
    assert!(
        highlighted.iter().any(|s| s.2),
        "the cut point is highlighted"
    );
    for (owner, b) in &labels {
        for (name, outline, _) in &highlighted {
            let d = distance(*b, outline);
            if name == owner {
                assert!(d <= 2.0, "the name of {owner} is {d:.1} pt from its node");
            } else {
                assert!(
                    d >= 3.0,
                    "the name of {owner} is {d:.1} pt from {name}, another highlighted node"
                );
            }
        }
    }
}

/// `#rrggbb` or a named colour as RGB.
fn rgb(colour: &str) -> (f64, f64, f64) {
    match colour {
        "black" => (0.0, 0.0, 0.0),
        "white" => (255.0, 255.0, 255.0),
        "red" => (255.0, 0.0, 0.0),
        hex => {
            let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64;
            (c(1), c(3), c(5))
        }
    }
}

fn colour_distance(a: &str, b: &str) -> f64 {
    let (x, y) = (rgb(a), rgb(b));
    ((x.0 - y.0).powi(2) + (x.1 - y.1).powi(2) + (x.2 - y.2).powi(2)).sqrt()
}

/// Two departments of six, each a clique, joined by one tie: one bridge, two cut points, two
/// communities.
fn two_cliques(dir: &Path) -> PathBuf {
    let mut people = String::from("id,department\n");
    let mut messages = String::from("sender,recipients\n");
    for d in ["a", "b"] {
        for i in 0..6 {
            people.push_str(&format!("{d}{i}@co,Dept {d}\n"));
            for j in i + 1..6 {
                for _ in 0..3 {
                    messages.push_str(&format!("{d}{i}@co,{d}{j}@co\n"));
                }
            }
        }
    }
    messages.push_str("a0@co,b0@co\n");
    analyze_files(
        dir,
        &people,
        &messages,
        &[
            "--reveal-identities",
            "--min-group-size",
            "1",
            "--format",
            "svg",
        ],
    )
}

#[test]
fn cut_points_and_bridges_use_no_community_colour_and_read_in_grey() {
    if !have("dot", "-V", "graphviz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = two_cliques(dir.path());
    let svg = read_svg(&out.join("people_graph.svg"));
    let doc = parse_svg(&svg);
    let mut fills = BTreeSet::new();
    let mut cut_strokes = BTreeSet::new();
    for g in doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
        .filter(|g| !title_of(g).ends_with("_label"))
    {
        for c in g.children().filter(|c| c.is_element()) {
            if let Some(fill) = c
                .attribute("fill")
                .filter(|f| f.starts_with('#') && *f != "#ffffff")
            {
                fills.insert(fill.to_string());
            }
            // (a white polygon is the box behind a name)
            if c.has_tag_name("polygon") && c.attribute("fill") != Some("#ffffff") {
                cut_strokes.insert(c.attribute("stroke").unwrap_or("black").to_string());
            }
        }
    }
    let bridges: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter(|p| {
            p.attribute("stroke-width")
                .and_then(|w| w.parse::<f64>().ok())
                .is_some_and(|w| w >= 2.0)
        })
        .collect();
    assert!(fills.len() >= 2, "two communities: {fills:?}");
    assert_eq!(cut_strokes.len(), 1, "the two cut points: {cut_strokes:?}");
    assert_eq!(bridges.len(), 1, "one bridge");
    let bridge = bridges[0].attribute("stroke").unwrap().to_string();
    for mark in cut_strokes.iter().chain([&bridge]) {
        for fill in &fills {
            assert!(
                colour_distance(mark, fill) >= 100.0,
                "{mark} (a cut point or bridge) is too close to the community colour {fill}"
            );
        }
    }
    // in grey, the line style still tells a bridge from a tie
    assert!(
        bridges[0].attribute("stroke-dasharray").is_some(),
        "the bridge is dashed"
    );
    let texts = svg_texts(&svg);
    assert!(
        texts.contains("bridge"),
        "the legend explains bridges: {texts}"
    );
    assert!(texts.contains("cut point"), "{texts}");
}

#[test]
fn legends_name_departments_and_every_picture_has_a_title_and_its_period() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze_demo(&out, &["--quiet"]).success();
    let period = "2026-01-05 \u{2013} 2026-06-30";
    let heat = svg_texts(&read_svg(&out.join("department_flows.svg")));
    assert!(heat.contains(&format!("Period: {period}")), "{heat}");
    if !have("dot", "-V", "graphviz") {
        return;
    }
    let people = svg_texts(&read_svg(&out.join("people_graph.svg")));
    // the one community whose cells community_departments.csv shows is named by them; the
    // others, whose cells are suppressed, are not
    assert!(people.contains("c3: Production"), "{people}");
    assert!(
        !people.contains("c1:"),
        "c1's cells are suppressed: {people}"
    );
    let map = svg_texts(&read_svg(&out.join("department_map.svg")));
    for texts in [&people, &map] {
        assert!(texts.contains("Who works with whom") || texts.contains("who works with whom"));
        assert!(texts.contains(&format!("Period: {period}")), "{texts}");
    }

    let fr = dir.path().join("fr");
    analyze_demo(&fr, &["--quiet", "--format", "svg", "--lang", "fr"]).success();
    let people = svg_texts(&read_svg(&fr.join("people_graph.svg")));
    for expected in [
        "c3: Production",
        "autres (petits groupes)",
        "point de rupture",
        &format!("Période : {period}"),
    ] {
        assert!(people.contains(expected), "{expected}: {people}");
    }
    // the demo has no bridge: its legend does not explain a mark the picture does not hold
    assert!(!people.contains("pont ("), "{people}");
    let map = svg_texts(&read_svg(&fr.join("department_map.svg")));
    assert!(map.contains("repose sur une seule personne"), "{map}");
    let dot = std::fs::read_to_string(fr.join("people_graph.dot")).unwrap();
    assert!(
        dot.contains("point de rupture"),
        "the .dot matches its picture"
    );
}

#[test]
fn the_department_map_dashes_every_link_that_rests_on_one_person() {
    if !have("dot", "-V", "graphviz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze_demo(&out, &["--quiet", "--format", "svg"]).success();
    let names: Vec<String> = util::read_csv(&out.join("departments.csv"))
        .into_iter()
        .map(|r| r["department"].clone())
        .collect();
    let index = |name: &str| names.iter().position(|n| n == name).unwrap();
    let fragile: BTreeSet<(usize, usize)> = util::read_csv(&out.join("department_pairs.csv"))
        .into_iter()
        .filter(|r| r["fragile"] == "1")
        .map(|r| {
            let (a, b) = (index(&r["department_a"]), index(&r["department_b"]));
            (a.min(b), a.max(b))
        })
        .collect();
    assert_eq!(
        fragile.len(),
        3,
        "the demo's three links through Production's cut point"
    );
    let svg = read_svg(&out.join("department_map.svg"));
    let doc = parse_svg(&svg);
    let dashed: BTreeSet<(usize, usize)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("edge"))
        .filter(|g| {
            g.descendants()
                .any(|p| p.has_tag_name("path") && p.attribute("stroke-dasharray").is_some())
        })
        .map(|g| {
            let t = title_of(&g);
            let (a, b) = t.split_once("--").unwrap();
            let n = |s: &str| s.trim_start_matches('d').parse::<usize>().unwrap();
            (n(a).min(n(b)), n(a).max(n(b)))
        })
        .collect();
    assert_eq!(
        dashed, fragile,
        "one dashed line per fragile pair, and no other"
    );
    assert!(svg_texts(&svg).contains("rests on one person"));
    let dot = std::fs::read_to_string(out.join("department_map.dot")).unwrap();
    assert_eq!(
        dot.matches("style=dashed").count(),
        3,
        "the .dot matches its picture"
    );
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
fn pngs_are_slides_16_by_9() {
    if !have("dot", "-V", "graphviz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze_demo(&out, &["--quiet", "--format", "png"]).success();
    for name in ["department_map.png", "people_graph.png"] {
        let (w, h) = png_size(&std::fs::read(out.join(name)).unwrap());
        assert_eq!(
            (w, h),
            (1920, 1080),
            "{name}: a 13.33 × 7.5 in slide at 144 dpi"
        );
    }
}

/// Above `DRAWN_PEOPLE` people (3,000) only the people of highest betweenness are drawn, with
/// their strongest ties among them, and the caption says so: a drawing of 50,000 people took
/// Graphviz 45 s and showed a grey disc. 31 departments of 100 people, each person writing to
/// the next three of its department; one gatekeeper per department writes to the next
/// department's: the 31 gatekeepers carry every cross-department path and must be drawn.
#[test]
fn above_three_thousand_people_only_the_most_central_are_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let (departments, size) = (31usize, 100usize);
    let mut people = String::from("email,department\n");
    let mut log = String::from("timestamp,sender,recipients\n");
    let who = |d: usize, i: usize| format!("p{}@x.example", d * size + i);
    for d in 0..departments {
        for i in 0..size {
            people.push_str(&format!("{},D{d:02}\n", who(d, i)));
            let next: Vec<String> = (1..=3).map(|k| who(d, (i + k) % size)).collect();
            log.push_str(&format!(
                "2024-03-01T09:00:00Z,{},{}\n",
                who(d, i),
                next.join(";")
            ));
        }
        log.push_str(&format!(
            "2024-03-01T10:00:00Z,{},{}\n",
            who(d, 0),
            who((d + 1) % departments, 0)
        ));
    }
    std::fs::write(dir.path().join("people.csv"), people).unwrap();
    std::fs::write(dir.path().join("messages.csv"), log).unwrap();
    let out = dir.path().join("out");
    siloscope()
        .args(["analyze", "--analyses", "betweenness,bridges,departments"])
        .args(["--format", "none", "--reveal-identities", "--quiet"])
        .arg("--messages")
        .arg(dir.path().join("messages.csv"))
        .arg("--people")
        .arg(dir.path().join("people.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let dot = std::fs::read_to_string(out.join("people_graph.dot")).unwrap();
    let nodes = dot
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with('n')
                && l[1..].starts_with(|c: char| c.is_ascii_digit())
                && !l.contains("--")
        })
        .count();
    assert_eq!(nodes, 3_000, "people drawn");
    assert!(
        dot.contains("the 3,000 people of highest betweenness of 3,100"),
        "the caption says who is drawn"
    );
    // the names shown are the 10 of highest betweenness: gatekeepers, all drawn
    let named: Vec<usize> = dot
        .split("<TD>p")
        .skip(1)
        .filter_map(|rest| rest.split_once("@x.example"))
        .filter_map(|(number, _)| number.parse().ok())
        .collect();
    assert_eq!(named.len(), 10, "{named:?}");
    assert!(named.iter().all(|p| p % size == 0), "{named:?}");
}

#[test]
fn the_heatmap_of_many_departments_shows_the_largest_and_says_so() {
    if !have("dot", "-V", "graphviz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let departments = siloscope::report::heatmap::HEATMAP_DEPARTMENTS + 3;
    // the last three departments have 5 people, the others 6: those three are left out
    let size = |d: usize| if d + 3 >= departments { 5 } else { 6 };
    let mut people = String::from("id,department\n");
    let mut messages = String::from("sender,recipients\n");
    for d in 0..departments {
        for i in 0..size(d) {
            people.push_str(&format!("p{d}x{i}@co,D{d:03}\n"));
            messages.push_str(&format!("p{d}x{i}@co,p{d}x{}@co\n", (i + 1) % size(d)));
        }
        messages.push_str(&format!("p{d}x0@co,p{}x1@co\n", (d + 1) % departments));
    }
    let out = analyze_files(
        dir.path(),
        &people,
        &messages,
        &["--format", "svg", "--analyses", "departments"],
    );
    let svg = read_svg(&out.join("department_flows.svg"));
    let doc = parse_svg(&svg);
    let rows: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("row"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert_eq!(rows.len(), departments - 3, "{rows:?}");
    for left_out in departments - 3..departments {
        let name = format!("D{left_out:03}");
        assert!(!rows.contains(&name), "{name} is among the smallest");
    }
    assert!(
        svg_texts(&svg).contains(&format!(
            "The {} largest of the {departments} departments (department_flows.csv has every pair).",
            departments - 3
        )),
        "{}",
        svg_texts(&svg)
    );
}

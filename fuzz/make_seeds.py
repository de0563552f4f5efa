#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the repository's
small fixtures, so that each target starts from inputs that reach deep into its parser. Run from
the repository root: python3 fuzz/make_seeds.py. Seeds are named seed-<name>; the files the
fuzzer adds (and fuzz/regressions/) are kept apart from them."""
import hashlib
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
EX = ROOT / "fixtures" / "exports"


def put(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / f"seed-{name}").write_bytes(data)


def files(target, paths):
    for p in paths:
        p = ROOT / p
        name = f"{p.parent.name}_{p.name}"
        name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name)
        put(target, name, p.read_bytes())


def slack_text(folder):
    """An unzipped export as one text: `== PATH` lines, each followed by its file."""
    out = []
    for p in sorted(folder.rglob("*.json")):
        rel = p.relative_to(folder).as_posix()
        # the long mpdm folder names are shortened: only their day files' names matter
        parts = rel.split("/")
        if len(parts) == 2 and len(parts[0]) > 24:
            parts[0] = "mpdm-" + hashlib.sha1(parts[0].encode()).hexdigest()[:8] + "-1"
        out.append(f"== {'/'.join(parts)}\n")
        text = p.read_text()
        out.append(text if text.endswith("\n") else text + "\n")
    return "".join(out)


tables = [
    "fixtures/tiny/messages.csv", "fixtures/trend/messages.csv", "fixtures/org_chart/messages.csv",
    "fixtures/moves/messages.csv", "tests/bad_inputs/messages.csv", "fixtures/exports/plain.csv",
    "fixtures/exports/display_names.csv",
]
files("messages_csv", tables + [
    "fixtures/exports/m365_trace.csv", "fixtures/exports/historical_report.csv",
    "fixtures/exports/viva/p2p.csv", "fixtures/exports/viva/g2g.csv",
])
put("messages_csv", "preamble_semicolon.csv",
    "#TYPE Selected.Microsoft.Exchange\r\nsep=;\r\ntimestamp;sender;recipients\r\n"
    "01/03/2024 09:00;\"Dupont, Jean\" <a@x.fr>;b@x.fr, c@x.fr\r\n\r\n2024-03-02;c@x.fr;\"d@x.fr\r\n")
put("messages_csv", "utf16le_bom.csv", "\ufefftimestamp,sender,recipients\n1709283600,a@x.fr,b@x.fr\n".encode("utf-16-le"))
files("directory_csv", [
    "fixtures/tiny/people.csv", "fixtures/trend/people.csv", "fixtures/org_chart/people.csv",
    "fixtures/moves/people.csv", "tests/bad_inputs/people.csv", "fixtures/exports/directory.csv",
    "fixtures/exports/annuaire_cp1252.csv", "fixtures/exports/annuaire_utf16be.csv",
    "fixtures/exports/graph/teams_directory.csv", "fixtures/exports/slack/quirks_directory.csv",
])
put("directory_csv", "snapshots.csv",
    "id,department,effective_date,manager\na@x.fr,A,2024-01-01,\na@x.fr,B,2024-03-01,b@x.fr\n"
    "b@x.fr,B,2024-01-01,a@x.fr\nE001,C,,\n")
for i, t in enumerate([
    "2024-03-01T09:30:00Z", "2024-03-01T09:30:00.123+02:00", "2024-03-01 09:30", "2024-03-01 09:30:59",
    "1709283600", "-1", "01/03/2024 09:30", "31.01.2024 09:30:00", "3/12/2024 9:15:00 AM",
    "03/12/2024 09:15", "2024-03-01", "0.000001", "12345678901234567890.5", "1e3", "%d/%m/%Y %Hh%M",
    "9999-12-31T23:59:59Z", "+275760-09-13T00:00:00Z",
]):
    put("timestamps", f"{i:02}", t)
for i, t in enumerate([
    "a@x.fr; b@x.fr, c@x.fr", '"Dupont, Jean" <j@x.fr>; m@x.fr', "Jean Dupont <J.Dupont@ACME.fr>",
    "'quoted' <q@x>, <>, ;;", "SMTP:a@x.fr", "=?utf-8?q?Jos=C3=A9?= <j@x>", '"unterminated <a@x',
    "a@x.fr (comment), (b) <b@x>", "E001", " \t ",
]):
    put("address_list", f"{i:02}", t)
files("decode", [
    "fixtures/exports/annuaire_cp1252.csv", "fixtures/exports/annuaire_utf16be.csv",
    "fixtures/tiny/people.csv", "fixtures/exports/viva/p2p_legacy.csv",
])
put("decode", "utf8_bom.txt", "\ufeffé,ü\n".encode("utf-8"))
put("decode", "utf16le_nobom.txt", "id,department\nélise,RH\n".encode("utf-16-le"))
put("decode", "cp1252.txt", "id;département\n".encode("cp1252"))
files("m365_trace", ["fixtures/exports/m365_trace.csv", "fixtures/exports/m365_trace_utf16_nobom.csv"])
files("historical", ["fixtures/exports/historical_report.csv"])
files("mbox", [
    "fixtures/exports/mail/Archives", "fixtures/exports/mail/All mail Including Spam and Trash.mbox",
] + [p.relative_to(ROOT) for p in sorted((EX / "mail" / "eml").rglob("*.eml"))][:4])
files("graph_json", [
    "fixtures/exports/graph/mail.jsonl", "fixtures/exports/graph/mail_page.json",
    "fixtures/exports/graph/teams_chats.json",
])
files("slack", ["fixtures/exports/slack/acme.zip", "fixtures/exports/slack/not_slack.zip"])
put("slack", "quirks.txt", slack_text(EX / "slack" / "quirks"))
put("slack", "acme.txt", slack_text(EX / "slack" / "acme"))
files("viva", [
    "fixtures/exports/viva/p2p.csv", "fixtures/exports/viva/p2p_legacy.csv",
    "fixtures/exports/viva/g2g.csv", "fixtures/exports/viva/g2g_legacy.csv",
])
files("ics", ["fixtures/exports/ics/acme.ics", "fixtures/exports/ics/quirks.ics",
              "fixtures/exports/ics/rejects.ics"])

"""The register's files from the command line, on SQLite and PostgreSQL: the static site (parsed: no script,
nothing fetched from outside, lang, landmarks, headings, escaped text), JSON, CSV validated against its Table
Schema with frictionless; nothing unpublished in any of them."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from frictionless import Resource, Schema

from evaluation.cli import main
from evaluation.domain.workflow import Outcome
from evaluation.services.register import Register
from evaluation.services.workflow import Workflow
from evaluation.storage import Repository, open_repository
from tests.support.register import MARKUP, approve, complete, published
from tests.support.workflow import ADMIN, DSI

SECRETS = ("SECRET-BROUILLON", "SECRET-RELUE", "SECRET-RETIREE", "SECRET-REJETE", "SECRET-MODIFICATION")


@pytest.fixture
def filled(repository: Repository, database_url: str) -> str:
    """Two published entries (one with markup and a formula in its texts) and one entry at every other
    status or path; returns the database URL."""
    register = Register(repository)
    workflow = Workflow(repository)
    published(register, "balise", title=f"Courriers {MARKUP}", purpose=f"But {MARKUP}", legal_basis="=1+2",
              data_sources=[f"Source {MARKUP}"], contact=f"contact{MARKUP}@ville.example")
    published(register, "simple", title="Tri des demandes")
    approve(workflow, "brouillon", title="SECRET-BROUILLON")
    register.create_from_decision("brouillon", user=DSI)
    approve(workflow, "relue", title="SECRET-RELUE")
    relue = register.create_from_decision("relue", user=DSI)
    register.save(relue.id, complete("SECRET-RELUE"), user=DSI, expected_version=relue.version)
    register.review(relue.id, user=ADMIN)
    retiree = published(register, "retiree", title="SECRET-RETIREE")
    register.withdraw(retiree.id, user=ADMIN, reason="Arrêt.")
    approve(workflow, "rejete", title="SECRET-REJETE", outcome=Outcome.REJETE)
    simple = repository.register_entry("simple")
    register.save("simple", complete("Tri des demandes", purpose="SECRET-MODIFICATION"), user=DSI,
                  expected_version=simple.version)
    return database_url


class _Page(HTMLParser):
    """What a page holds: its tags and attributes, its text, its style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_static_site(filled: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["register", "--format", "html", "--output", str(site), "--base", filled]) == 0

    files = sorted(path.name for path in site.iterdir())
    assert files == ["algorithme-balise.html", "algorithme-simple.html", "index.html"]
    for path in site.iterdir():
        raw = path.read_text(encoding="utf-8")
        page = _parse(path)
        names = [tag for tag, _ in page.tags]
        assert "script" not in names and "iframe" not in names and "img" not in names
        assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
        # nothing fetched: no src, no stylesheet link, no url() or @import in the style
        assert not any("src" in attrs for _, attrs in page.tags)
        assert "link" not in names and "url(" not in page.style and "@import" not in page.style
        # the only link out of the site is an entry's published rules
        outside = [attrs["href"] for tag, attrs in page.tags if tag == "a" and not str(attrs.get("href")).endswith(
            ".html") and not str(attrs.get("href")).startswith("#")]
        assert set(outside) <= {"https://example.org/regles"}
        assert page.tags[0] == ("html", {"lang": "fr"})
        assert names.count("h1") == 1 and {"header", "main", "footer"} <= set(names)
        assert ("main", {"id": "contenu"}) in page.tags and ("a", {"class": "skip", "href": "#contenu"}) in page.tags
        text = "".join(page.text)
        for secret in SECRETS:
            assert secret not in raw
        assert "<script>alert" not in raw and "onerror=alert" not in raw.replace("onerror=alert(1)&gt;", "")
        if path.name == "algorithme-balise.html":
            assert f"Courriers {MARKUP}" in text  # shown as text, escaped in the source
            assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in raw
            assert "kg CO2e par an" in text and "mistralai/mistral-small-latest" in text
    index_text = "".join(_parse(site / "index.html").text)
    assert "2 algorithmes publiés" in index_text

    # a withdrawn entry's page goes when the site is written again
    repository = open_repository(filled)
    try:
        Register(repository).withdraw("simple", user=ADMIN, reason="Arrêt.")
    finally:
        repository.close()
    assert main(["register", "--format", "html", "--output", str(site), "--base", filled]) == 0
    assert sorted(path.name for path in site.iterdir()) == ["algorithme-balise.html", "index.html"]


def test_the_json_has_the_published_documents_only(filled: str, tmp_path: Path) -> None:
    target = tmp_path / "registre.json"
    assert main(["register", "--format", "json", "--output", str(target), "--base", filled]) == 0
    documents = json.loads(target.read_text(encoding="utf-8"))

    assert [d["id"] for d in documents] == ["balise", "simple"]
    for key in ("id", "title", "department", "purpose", "legal_basis", "decision_role", "decisions_per_year",
                "people_affected", "data_sources", "human_oversight", "models", "hosting_zone",
                "annual_gwp_kgco2eq", "contact", "status", "in_service_since", "rules_url", "last_updated"):
        assert all(key in d for d in documents), key
    assert documents[0]["annual_gwp_kgco2eq"] == {"min": 10.0, "max": 12.0}
    raw = target.read_text(encoding="utf-8")
    assert not any(secret in raw for secret in SECRETS)
    # typed markup: the same text once read, never a tag in the file
    assert documents[0]["title"] == f"Courriers {MARKUP}" and "<" not in raw and ">" not in raw
    assert not any(f'"{login}"' in raw for login in ("dsi.martin", "admin", "porteur.a", "elu.durand"))


def test_the_csv_validates_against_its_table_schema(filled: str, tmp_path: Path) -> None:
    csv_path, schema_path = tmp_path / "registre.csv", tmp_path / "schema.json"
    assert main(["register", "--format", "csv", "--output", str(csv_path), "--base", filled]) == 0
    assert main(["register", "--schema", "--output", str(schema_path)]) == 0

    schema = Schema.from_descriptor(json.loads(schema_path.read_text(encoding="utf-8")))
    report = Resource(path=csv_path.name, basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    raw = csv_path.read_text(encoding="utf-8")
    assert not any(secret in raw for secret in SECRETS)
    assert ",'=1+2," in raw  # a formula typed in a text is written inert for spreadsheets
    assert "10.0,12.0" in raw


def test_a_broken_csv_fails_the_schema(tmp_path: Path) -> None:
    """The schema check can fail: a row without its required purpose and with a negative footprint."""
    from evaluation.services.register_open_data import CSV_COLUMNS, table_schema

    row = {name: "" for name in CSV_COLUMNS} | {"id": "x", "title": "X", "legal_basis": "L", "decision_role": "none",
                                               "contact": "c", "status": "publiee", "revision": "1",
                                               "first_published": "2026-12-03", "last_updated": "2026-12-03",
                                               "annual_gwp_kgco2eq_min": "-1"}
    path = tmp_path / "faux.csv"
    path.write_text(",".join(CSV_COLUMNS) + "\n" + ",".join(row[name] for name in CSV_COLUMNS) + "\n",
                    encoding="utf-8")
    report = Resource(path=path.name, basepath=str(tmp_path), schema=Schema.from_descriptor(table_schema())).validate()
    notes = {error[1] for error in report.flatten(["rowNumber", "fieldName"])}
    assert {"purpose", "annual_gwp_kgco2eq_min"} <= notes


def test_html_without_a_folder_is_refused(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["register", "--format", "html", "--base", filled]) == 2
    assert "--output DOSSIER" in capsys.readouterr().err

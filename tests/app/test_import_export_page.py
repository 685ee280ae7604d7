"""The Import / export page: a refused file is reported row by row and nothing is written."""

from __future__ import annotations

from evaluation.domain.proposal import Proposal
from evaluation.exchange.files import dump_proposals
from evaluation.storage import Repository
from tests.app.forms_harness import ADMIN, SAMPLE_PORTFOLIO, assert_clean, open_page, repo, texts, unescape

__all__ = ["repo"]

BAD_CSV = b"id,title,option.name,option.kind\nx,,a,genai_api\nBad Id,T,b,non_ai\n"


def test_a_bad_file_is_refused_with_a_row_by_row_report_and_nothing_is_written(repo: Repository) -> None:
    at = open_page("import_export/page.py")
    at.file_uploader[0].set_value(("dossiers.csv", BAD_CSV, "text/csv")).run()
    assert_clean(at)
    assert "Fichier « dossiers.csv » refusé : 3 erreur(s). Rien n'a été enregistré" in unescape(at.error[0].value)
    report = at.table[0].value.map(lambda cell: unescape(str(cell)))
    assert list(report.columns) == ["Fichier", "Ligne", "Dossier", "Option", "Champ", "Erreur"]
    assert report[["Ligne", "Dossier", "Option", "Champ"]].values.tolist() == [
        ["2", "x", "", "title"], ["2", "x", "a", ""], ["3", "Bad Id", "", "id"]]
    assert report["Erreur"].iloc[0] == "champ obligatoire manquant"
    assert report["Fichier"].unique().tolist() == ["dossiers.csv"]
    assert [button.label for button in at.button if button.key == "ie.import"] == []
    assert repo.count_proposals() == 0


def test_a_valid_file_is_imported_all_at_once(repo: Repository) -> None:
    at = open_page("import_export/page.py")
    at.file_uploader[0].set_value(("portfolio.yaml", SAMPLE_PORTFOLIO.read_bytes(), "application/yaml")).run()
    assert at.button(key="ie.import").label == "Importer 19 dossier(s)"
    at.button(key="ie.import").click().run()
    assert_clean(at)
    assert "19 dossier(s) créé(s), 0 remplacé(s)" in unescape(at.success[0].value)
    assert repo.count_proposals() == 19


def test_stored_ids_are_refused_unless_replacing(repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    changed = format_example[0].model_copy(update={"title": "Titre importé"})
    at = open_page("import_export/page.py")
    at.file_uploader[0].set_value(("x.json", dump_proposals([changed], "json"), "application/json")).run()
    assert at.button(key="ie.import").disabled
    assert "existe(nt) déjà" in texts(at.warning)[0]
    at.checkbox(key="ie.replace").check().run()
    at.button(key="ie.import").click().run()
    assert_clean(at)
    stored = repo.get_proposal("assistant-courriers")
    assert (stored.proposal.title, stored.version) == ("Titre importé", 2)


def test_the_portfolio_results_and_template_can_be_downloaded(repo: Repository, format_example: list[Proposal]
                                                              ) -> None:
    at = open_page("import_export/page.py", user=ADMIN)
    assert "Aucun dossier n'est encore enregistré." in texts(at.info)
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    at.run()
    keys = {button.key for button in at.get("download_button")}
    assert {f"ie.export.{fmt}" for fmt in ("xlsx", "csv", "json", "yaml")} <= keys
    assert {"ie.results.csv", "ie.results.json", "ie.template.yaml", "ie.template.xlsx"} <= keys


def test_replacing_never_skips_the_review(repo: Repository, format_example: list[Proposal]) -> None:
    """A proposal in review cannot be replaced (the button stays off, the page says why); a decided one is
    reopened as a new linked draft and the page names it."""
    from evaluation.domain.workflow import Status

    first = format_example[0]
    second = first.model_copy(update={"id": "deuxieme"})
    for proposal, status in ((first, Status.EN_REVUE), (second, Status.DECIDE)):
        repo.save_proposal(proposal, actor="porteur", expected_version=None)
        repo.set_status(proposal.id, status, actor="script")
    at = open_page("import_export/page.py", user=ADMIN)
    at.checkbox(key="ie.replace").check().run()

    changed = [p.model_copy(update={"title": "Titre importé"}) for p in (first, second)]
    at.file_uploader[0].set_value(("x.json", dump_proposals(changed, "json"), "application/json")).run()
    assert at.button(key="ie.import").disabled
    assert any("en cours de revue (assistant-courriers)" in unescape(text) for text in texts(at.warning))

    at.file_uploader[0].set_value(("y.json", dump_proposals(changed[1:], "json"), "application/json")).run()
    at.button(key="ie.import").click().run()
    assert_clean(at)
    assert any("nouvelle version « deuxieme-v2 » (brouillon)" in unescape(text) for text in texts(at.info))
    assert repo.get_proposal("deuxieme").proposal.title == first.title
    assert (repo.get_proposal("deuxieme-v2").parent_id, repo.get_proposal("deuxieme-v2").status) == (
        "deuxieme", Status.BROUILLON)
    assert repo.get_proposal("assistant-courriers").proposal.title == first.title

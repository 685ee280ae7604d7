"""AppTest of the fiche of a decided proposal: the decision at the top of the Synthèse tab (outcome, date, who by
name, option retained, motivation escaped, conditions, opinions, points acknowledged, versions), the retained
option detailed by default, the reproduce button and the draft délibération's downloads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from evaluation.storage import open_repository
from tests.app.test_reading_pages import _clear, _use_database, open_page
from tests.support.decided import API_COMMENT, CONDITIONS, PROPOSAL_ID, RETAINED, decide, named_people
from tests.support.workflow import DSI, ELU, PORTEUR


@pytest.fixture(scope="module")
def decided_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("fiche-decision")
    with pytest.MonkeyPatch.context() as monkeypatch:
        url = _use_database(monkeypatch, directory)
        repo = open_repository(url)
        named_people(repo)
        decide(repo)
        repo.close()
        yield url
    _clear()


def _markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def _tables(at: AppTest) -> list[list[str]]:
    return [[str(v) for v in frame.value.to_numpy().ravel()] for frame in at.dataframe]


def test_the_synthesis_opens_on_the_decision(decided_database: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": PROPOSAL_ID})
    markdown = _markdown(at)
    assert "Approuvé sous conditions le" in markdown and "par Claire Durand" in markdown  # a badge: markdown
    assert f"**{RETAINED.replace('(', chr(92) + '(').replace(')', chr(92) + ')')}**" in markdown
    assert "Gain de temps \\*\\*attendu\\*\\* \\<b\\>fort\\</b\\>" in markdown  # escaped: shown literally
    cells = [cell for table in _tables(at) for cell in table]
    for condition in CONDITIONS:
        assert condition.text in cells and condition.owner in cells
    assert "31/03/2027" in cells and "En retard" in cells and "Ouverte" in cells  # the AIPD was due 30/11/2026
    assert API_COMMENT in cells and "Inès Roux" in cells and "RG-9.7" in cells
    captions = "\n".join(str(c.value) for c in at.caption)
    assert "Jauge" in captions and "matrice par défaut (version 1)" in captions.replace("\\", "")
    assert at.selectbox[1].value == 1  # the retained option (index 1) is the one detailed
    labels = [str(button.proto.label) for button in at.get("download_button")]
    assert labels[:3] == ["Télécharger la fiche (PDF)", "Projet de délibération (ODT)", "Projet de délibération (DOCX)"]
    assert "grille de conformité, version" in captions and "rules@" not in captions
    assert "Claire Durand (elu.durand)" in markdown.replace("\\", "")  # the Historique's decision: name, with the audited login


def test_the_historique_names_people_with_their_login_in_parentheses(decided_database: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": PROPOSAL_ID})
    frames = [frame.value for frame in at.dataframe]
    (events,) = [frame for frame in frames if "actor" in frame.columns]
    (reviews,) = [frame for frame in frames if "opinion" in frame.columns and "author" in frame.columns]
    assert set(reviews["author"]) == {f"Inès Roux ({DSI.login})"}
    actors = set(events["actor"])
    assert {f"Paul Martin ({PORTEUR.login})", f"Inès Roux ({DSI.login})", f"Claire Durand ({ELU.login})"} <= actors
    assert not actors & {PORTEUR.login, DSI.login, ELU.login}  # never the bare login of a named account


def test_the_reproduce_button_says_the_figures_are_identical(decided_database: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": PROPOSAL_ID})
    button = next(b for b in at.button if b.label == "Reproduire l'évaluation")
    button.click().run()
    assert [str(s.value) for s in at.success][0].startswith("Chiffres identiques")


def test_the_decision_reads_in_english(decided_database: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": PROPOSAL_ID}, lang="en")
    markdown = _markdown(at)
    assert "Approved with conditions on" in markdown and "by Claire Durand" in markdown
    assert "Option retained" in markdown

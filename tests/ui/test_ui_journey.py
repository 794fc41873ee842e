"""The whole data-agreement journey in AppTest, in both UI languages, down to the .docx text."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest
from uihelp import (
    MUNICIPALITY,
    NEIGHBOUR,
    PARTNER,
    choice,
    docx_text,
    fill,
    last_build,
    new_app,
    page_text,
    texts,
)

import pppdraft
from pppdraft.store import Store
from pppdraft.ui.raw import effective

PROJECT = "Chytré parkování <Horní Brod> & {{ 7*7 }} **tučně**"
MESSAGES = {
    "cs": {
        "ico": "IČO má 8 číslic",
        "money": "očekává se částka v Kč",
        "required": "toto pole je povinné",
        "notice": "Nejde o právní radu",
    },
    "en": {
        "ico": "an IČO has 8 digits",
        "money": "expected an amount in CZK",
        "required": "this field is required",
        "notice": "It does not give legal advice",
    },
}


def _step(at: AppTest) -> str:
    return str(at.get("progress")[0].proto.text)


def _parties(at: AppTest, lang: str) -> None:
    msg = MESSAGES[lang]
    fill(at, "municipality", {**MUNICIPALITY, "ico": "12345678"})
    at.run()
    assert any(msg["ico"] in e for e in texts(at, "error")), "a wrong IČO is shown at once"
    at.text_input(key="q.municipality.ico").set_value(MUNICIPALITY["ico"]).run()
    assert not any(msg["ico"] in e for e in texts(at, "error")), "the fixed IČO is accepted"

    # Next with required fields still empty stays and says which ones.
    at.button(key="next").click().run()
    assert any(msg["required"] in e for e in texts(at, "error"))
    assert at.text_input(key="q.partner.name").value == ""

    fill(at, "partner", PARTNER)
    at.run()
    at.button(key="add-additional_parties").click().run()
    fill(at, "additional_parties.0", NEIGHBOUR)
    at.run()
    at.button(key="add-additional_parties").click().run()
    at.text_input(key="q.additional_parties.1.name").set_value("Omyl").run()
    at.button(key="remove-additional_parties-1").click().run()
    assert at.text_input(key="q.additional_parties.0.name").value == NEIGHBOUR["name"]
    assert "q.additional_parties.1.name" not in [w.key for w in at.text_input]
    at.text_input(key="q.municipality_contact").set_value("Ing. Jana Malá, jana.mala@brod.cz")
    at.text_input(key="q.partner_contact").set_value("Bc. Petr Kos, +420 602 111 222")
    at.run()
    assert not texts(at, "error"), texts(at, "error")
    at.button(key="next").click().run()


def _project(at: AppTest) -> None:
    at.text_input(key="q.project_name").set_value(PROJECT)
    at.text_area(key="q.service_description").set_value("420 senzorů obsazenosti v centru.")
    at.date_input(key="q.start_date").set_value(date(2027, 1, 1))
    at.text_input(key="q.term_years").set_value("12")
    at.text_input(key="q.signing_place").set_value("Horní Brod")
    at.run()
    # Back and Next never lose an answer.
    at.button(key="back").click().run()
    assert at.text_input(key="q.municipality.name").value == MUNICIPALITY["name"]
    assert at.text_input(key="q.additional_parties.0.ico").value == NEIGHBOUR["ico"]
    at.button(key="next").click().run()
    assert at.text_input(key="q.project_name").value == PROJECT
    assert at.date_input(key="q.start_date").value == date(2027, 1, 1)
    at.button(key="next").click().run()


def _data(at: AppTest, lang: str) -> None:
    keys = [w.key for w in at.toggle]
    assert "q.data_trust" in keys, "a term over 10 years shows the data-trust question"
    assert "q.personal_data_role@" + lang not in [w.key for w in at.radio]
    at.text_area(key="q.datasets").set_value("obsazenost parkovacích míst\nvjezdy do zóny A")
    at.text_area(key="q.partner_purposes").set_value("provoz a údržba senzorové sítě")
    at.toggle(key="q.personal_data").set_value(True).run()
    assert "q.personal_data_role@" + lang in [w.key for w in at.radio], "show_if applies live"
    at.text_area(key="q.processing_places").set_value("datové centrum, Praha, Česká republika")
    at.text_area(key="q.pd_purpose").set_value("rozpoznávání registračních značek na vjezdech")
    at.text_area(key="q.pd_types").set_value("registrační značka\nčas vjezdu")
    at.text_area(key="q.pd_subjects").set_value("řidiči")
    at.text_input(key="q.pd_retention").set_value("nejvýše 24 hodin")
    at.radio(key="q.compensation_model@" + lang).set_value("cost-based").run()
    at.text_input(key="q.cost_cap").set_value("hodně").run()
    assert any(MESSAGES[lang]["money"] in e for e in texts(at, "error"))
    at.text_input(key="q.cost_cap").set_value("25 000").run()
    assert not texts(at, "error")
    at.toggle(key="q.data_trust").set_value(True).run()
    at.button(key="next").click().run()


def _sanctions(at: AppTest) -> None:
    # the recommended penalty amounts are prefilled; the page only needs confirming
    assert at.text_input(key="q.penalty_misuse").value
    at.button(key="next").click().run()


def _formalities(at: AppTest) -> None:
    at.text_input(key="q.resolution_number").set_value("RM/412/2026")
    at.date_input(key="q.resolution_date").set_value(date(2026, 11, 23))
    at.text_input(key="q.contract_value").set_value("1 480 000")
    at.run()
    at.button(key="next").click().run()


def _review(at: AppTest) -> None:
    shown = page_text(at)
    for value in (PROJECT, MUNICIPALITY["name"], NEIGHBOUR["name"], "RM/412/2026", "25 000"):
        assert value in shown, value
    assert not texts(at, "error")
    at.button(key="edit-project").click().run()
    assert at.text_input(key="q.project_name").value == PROJECT
    for _ in range(4):  # project, data, sanctions, formalities
        at.button(key="next").click().run()
    assert at.button(key="to-outline").disabled is False
    at.button(key="to-outline").click().run()


@pytest.mark.parametrize(("ui_lang", "doc_lang"), [("cs", "en"), ("en", "cs")])
def test_the_whole_journey_builds_the_contract_the_answers_describe(
    db: str, ui_lang: str, doc_lang: str
) -> None:
    at = new_app(ui_lang)
    assert any(MESSAGES[ui_lang]["notice"] in i for i in texts(at, "info"))
    at.button(key="start-data-agreement").click().run()
    draft_id = at.query_params["draft"]
    assert len(draft_id) >= 32
    assert "1" in _step(at)

    _parties(at, ui_lang)
    _project(at)
    _data(at, ui_lang)
    _sanctions(at)
    _formalities(at)
    _review(at)

    # The outline: why each clause is in; change the ownership alternative.
    assert not at.exception
    ownership = choice(at, "data.ownership")
    assert ownership.value == "data.ownership.municipality"
    assert len(ownership.options) == len(pppdraft.load_library().topic("data.ownership"))
    ownership.set_value("data.ownership.licence-back").run()
    assert choice(at, "data.ownership").value == "data.ownership.licence-back"
    at.radio(key="doc-lang@" + ui_lang).set_value(doc_lang).run()
    at.text_input(key="author").set_value("Mgr. Eva Právníková").run()
    at.button(key="build").click().run()
    assert not at.exception

    built = last_build(at)
    [document] = built["files"]
    assert document["lang"] == doc_lang
    text = docx_text(document["docx"])

    store = Store(db)
    record = store.get_draft(draft_id)
    assert record is not None
    assert record.choices == {"data.ownership": "data.ownership.licence-back"}
    bp = pppdraft.load_blueprint("data-agreement")
    answers = pppdraft.validate_answers(bp, effective(bp, record.answers), doc_lang)
    library = pppdraft.load_library()
    expected = pppdraft.assemble(bp, answers, library, doc_lang, record.choices)
    for paragraph in (p for c in expected.clauses for p in c.paragraphs):
        if paragraph.kind not in ("header", "row"):
            assert paragraph.text in text, paragraph.text
    assert expected.title in text
    assert PROJECT in text, "what the user typed comes out literally"
    for party in (MUNICIPALITY, PARTNER, NEIGHBOUR):
        assert party["name"] in text
    licence = expected.clause("data.ownership.licence-back")
    assert licence.paragraphs[0].text in text
    municipality_owns = library.get("data.ownership.municipality")
    assert municipality_owns.title.get(doc_lang) not in [c.title for c in expected.clauses]
    assert expected.clause("data.personal-data.processor")
    assert expected.clause("data.governance"), "12 years adds data governance"

    # The document is archived with its manifest; the answers file rebuilds it.
    [archived] = store.list_documents(draft_id=draft_id)
    assert archived.created_by == "Mgr. Eva Právníková"
    assert archived.manifest["contract_type"] == "data-agreement"
    assert store.document_bytes(archived.id, record.workspace) == document["docx"]
    exported = at.download_button(key="download-answers")
    assert exported is not None
    store.close()

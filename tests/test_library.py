"""The clause library: loading, errors naming file and field, fingerprints, approval."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from testkit import edit_yaml

import pppdraft
from pppdraft.library import approve_clause, load_library

PLACEHOLDER = re.compile(r"\b(lorem|ipsum|todo|tbd|fixme|xxx+)\b|\[\.\.\.\]|…\]", re.I)
CATALOGUE_DATA = [
    "data.definitions",
    "data.ownership",
    "data.access",
    "data.partner-use",
    "data.open-data",
    "data.no-exclusivity",
    "data.quality-metadata",
    "data.personal-data",
    "data.security",
    "data.location-subprocessors",
    "data.cloud-switching",
    "data.algorithms",
    "data.confidentiality",
    "data.compensation",
    "data.audit",
    "data.exit",
    "data.term-survival",
    "data.liability",
    "data.governance",
    "data.onward-sharing",
    "data.citizen-transparency",
]
CATALOGUE_PPP = [
    "ppp.subject",
    "ppp.term",
    "ppp.conditions-precedent",
    "ppp.sites",
    "ppp.design-build",
    "ppp.operation-kpis",
    "ppp.payment",
    "ppp.deductions-penalties",
    "ppp.indexation",
    "ppp.technology-refresh",
    "ppp.change-procedure",
    "ppp.relief-events",
    "ppp.force-majeure",
    "ppp.maga",
    "ppp.change-in-law",
    "ppp.authority-step-in",
    "ppp.lenders-direct-agreement",
    "ppp.refinancing",
    "ppp.termination-events",
    "ppp.termination-compensation",
    "ppp.handback",
    "ppp.data",
    "ppp.ip-software",
    "ppp.personal-data-security",
    "ppp.transparency-confidentiality",
    "ppp.liability-insurance",
    "ppp.performance-security",
    "ppp.subcontracting-assignment",
    "ppp.social-value",
    "ppp.reporting-audit",
]
# alternatives the catalogue names, per topic
CATALOGUE_VARIANTS = {
    "data.ownership": 4,
    "ppp.payment": 4,
    "ppp.maga": 3,
    "ppp.ip-software": 3,
    "ppp.performance-security": 3,
    "ppp.sites": 2,
    "ppp.term": 2,
    "ppp.indexation": 2,
    "ppp.refinancing": 2,
    "ppp.data": 2,
    "data.personal-data": 2,
    "data.algorithms": 2,
}
CATALOGUE_COMMON = [
    "common.parties",
    "common.recitals",
    "common.definitions",
    "common.validity-clause",
    "common.register-of-contracts",
    "common.language",
    "common.notices",
    "common.governing-law-disputes",
    "common.final",
    "common.signatures",
    "common.anti-corruption",
]


class TestTheRepositoryLibrary:
    @pytest.mark.parametrize("topic", CATALOGUE_DATA + CATALOGUE_COMMON + CATALOGUE_PPP)
    def test_covers_every_catalogue_entry(self, library: pppdraft.Library, topic: str) -> None:
        assert library.resolve(topic), (
            f"{topic} is in the clause catalogue (docs/architecture.md) but not in clauses/"
        )

    @pytest.mark.parametrize(("topic", "count"), sorted(CATALOGUE_VARIANTS.items()))
    def test_offers_every_catalogue_alternative(
        self, library: pppdraft.Library, topic: str, count: int
    ) -> None:
        variants = library.topic(topic)
        assert len(variants) >= count, [c.id for c in variants]
        assert all(c.id.startswith(topic + ".") for c in variants)

    @pytest.mark.parametrize("family", ["lab", "mou"])
    def test_has_living_lab_and_mou_clauses(self, library: pppdraft.Library, family: str) -> None:
        assert len([c for c in library if c.family == family]) >= 8

    def test_offers_all_four_ownership_models(self, library: pppdraft.Library) -> None:
        ids = [c.id for c in library.topic("data.ownership")]
        assert ids == [
            "data.ownership.municipality",
            "data.ownership.joint",
            "data.ownership.licence-back",
            "data.ownership.partner",
        ]
        assert library.get("data.ownership.municipality").position == "preferred"
        assert library.get("data.ownership.partner").position == "last-resort"

    def test_has_both_languages_guidance_and_sources_everywhere(
        self, library: pppdraft.Library
    ) -> None:
        for clause in library:
            for lang in ("cs", "en"):
                assert clause.text.get(lang).strip(), (clause.id, lang)
                assert clause.title.get(lang).strip(), (clause.id, lang)
                assert len(clause.guidance.get(lang)) > 80, (clause.id, lang)
            assert clause.sources, clause.id
            text = clause.text.cs + clause.text.en
            assert not PLACEHOLDER.search(text), (clause.id, PLACEHOLDER.search(text))

    def test_fingerprints_the_normalised_text(self, library: pppdraft.Library) -> None:
        clause = library.get("data.access")
        spaced = clause.model_copy(
            update={"text": clause.text.model_copy(update={"cs": clause.text.cs + "  \n"})}
        )
        assert spaced.fingerprint == clause.fingerprint
        changed = clause.model_copy(
            update={"text": clause.text.model_copy(update={"en": clause.text.en + " Amended."})}
        )
        assert changed.fingerprint != clause.fingerprint


class TestBrokenClauseFiles:
    def test_names_the_file_and_the_unknown_field(self, project_copy: Path) -> None:
        path = project_copy / "clauses" / "data" / "access.yaml"
        edit_yaml(path, lambda d: d.update(colour="red"))
        with pytest.raises(pppdraft.LibraryError) as info:
            load_library(project_copy / "clauses")
        assert "access.yaml" in str(info.value) and "'colour'" in str(info.value)

    def test_names_a_missing_language(self, project_copy: Path) -> None:
        path = project_copy / "clauses" / "data" / "exit.yaml"
        edit_yaml(path, lambda d: d["text"].pop("en"))
        with pytest.raises(pppdraft.LibraryError) as info:
            load_library(project_copy / "clauses")
        assert "exit.yaml" in str(info.value) and "text.en" in str(info.value)

    def test_names_a_file_that_is_not_yaml(self, project_copy: Path) -> None:
        (project_copy / "clauses" / "data" / "audit.yaml").write_text("id: [unclosed\n")
        with pytest.raises(pppdraft.LibraryError, match=r"audit\.yaml: line \d+"):
            load_library(project_copy / "clauses")

    def test_refuses_an_id_that_does_not_match_the_file(self, project_copy: Path) -> None:
        path = project_copy / "clauses" / "data" / "audit.yaml"
        edit_yaml(path, lambda d: d.update(id="data.inspection"))
        with pytest.raises(pppdraft.LibraryError, match="rename the file"):
            load_library(project_copy / "clauses")

    def test_reports_every_broken_file_at_once(self, project_copy: Path) -> None:
        edit_yaml(project_copy / "clauses/data/audit.yaml", lambda d: d.pop("sources"))
        edit_yaml(project_copy / "clauses/data/exit.yaml", lambda d: d.update(version=0))
        with pytest.raises(pppdraft.LibraryError) as info:
            load_library(project_copy / "clauses")
        assert "audit.yaml" in str(info.value) and "exit.yaml" in str(info.value)


class TestApproval:
    def test_records_who_when_and_the_fingerprint(self, project_copy: Path) -> None:
        lib = load_library(project_copy / "clauses")
        before = (project_copy / "clauses/data/audit.yaml").read_text(encoding="utf-8")
        approve_clause(lib, "data.audit", "JUDr. Eva Svobodová", date(2026, 11, 27))
        after = load_library(project_copy / "clauses").get("data.audit")
        assert after.approval.status == "approved"
        assert after.approval.by == "JUDr. Eva Svobodová"
        assert after.approval.on == date(2026, 11, 27)
        assert after.is_approved and not after.modified_since_approval
        text = (project_copy / "clauses/data/audit.yaml").read_text(encoding="utf-8")
        assert text.split("approval:")[0] == before.split("approval:")[0]  # text layout kept

    def test_notices_a_change_after_approval(self, project_copy: Path) -> None:
        lib = load_library(project_copy / "clauses")
        approve_clause(lib, "data.audit", "JUDr. Eva Svobodová", date(2026, 11, 27))
        path = project_copy / "clauses/data/audit.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("Obec", "Město", 1), encoding="utf-8"
        )
        clause = load_library(project_copy / "clauses").get("data.audit")
        assert clause.modified_since_approval and not clause.is_approved


class TestLibraryDiff:
    def test_shows_what_changed_since_approval(self, project_copy: Path) -> None:
        from typer.testing import CliRunner

        from pppdraft.cli import app

        runner = CliRunner()
        result = runner.invoke(
            app, ["library", "approve", "data.audit", "--by", "JUDr. Eva Svobodová"]
        )
        assert result.exit_code == 0, result.output
        result = runner.invoke(app, ["library", "diff", "data.audit"])
        assert result.exit_code == 0 and "unchanged since approval" in result.output
        path = project_copy / "clauses/data/audit.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Obec", "Město", 1), encoding="utf-8")
        result = runner.invoke(app, ["library", "diff", "data.audit"])
        assert result.exit_code == 0
        assert "approved by JUDr. Eva Svobodová" in result.output
        assert any(
            line.startswith("-[cs]") and "Obec" in line for line in result.output.splitlines()
        )
        assert any(
            line.startswith("+[cs]") and "Město" in line for line in result.output.splitlines()
        )
        lint = runner.invoke(app, ["library", "lint"])
        assert lint.exit_code == 2 and "modified since approval" in lint.output

    def test_says_when_nothing_was_approved(self, project_copy: Path) -> None:
        from typer.testing import CliRunner

        from pppdraft.cli import app

        result = CliRunner().invoke(app, ["library", "diff", "data.exit"])
        assert result.exit_code == 2 and "approve it first" in result.output

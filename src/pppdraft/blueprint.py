"""Contract blueprints: the questionnaire and the outline of clause slots."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from .errors import BlueprintError, PppDraftError
from .models import Strict, Text
from .qtypes import TYPES
from .yamlio import format_validation_error, load_yaml_file_cached

SlotStyle = Literal["numbered", "plain", "recitals"]
NAME = r"^[a-z][a-z0-9_]*$"


class Option(Strict):
    """One allowed value of a choice question."""

    value: str
    label: Text


class Question(Strict):
    """One question of the questionnaire."""

    id: str = Field(pattern=NAME)
    type: str
    label: Text
    help: Text
    required: bool = False
    default: Any = None
    options: list[Option] = Field(default_factory=list)
    show_if: str | None = None
    min: float | None = None
    max: float | None = None
    max_length: int | None = Field(default=None, ge=1)
    pattern: str | None = None

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        if self.type not in TYPES:
            raise ValueError(
                f"question {self.id!r}: unknown type {self.type!r}; use one of {', '.join(TYPES)}"
            )
        takes_options = TYPES[self.type].options
        if takes_options and not self.options:
            raise ValueError(f"question {self.id!r} of type {self.type} needs 'options'")
        if not takes_options and self.options:
            raise ValueError(f"question {self.id!r} of type {self.type} cannot have 'options'")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"question {self.id!r}: bad pattern ({exc})") from None
        return self

    def option_values(self) -> list[str]:
        """Return the allowed values of a choice question."""
        return [o.value for o in self.options]

    def option_label(self, value: str, lang: str) -> str:
        """Return the label of an option value in `lang` (the value if unknown)."""
        for o in self.options:
            if o.value == value:
                return o.label.get(lang)
        return value


class Section(Strict):
    """A page of the questionnaire."""

    id: str
    title: Text
    questions: list[Question] = Field(min_length=1)


class Slot(Strict):
    """A place in the outline: one clause, or a topic whose variant `pick` chooses."""

    clause: str | None = None
    topic: str | None = None
    pick: str | None = None
    when: str | None = None
    why: Text | None = None
    style: SlotStyle | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Slot:
        if (self.clause is None) == (self.topic is None):
            raise ValueError("a slot names exactly one of 'clause' or 'topic'")
        if self.topic is not None and self.pick is None:
            raise ValueError(f"slot for topic {self.topic!r} needs a 'pick' expression")
        if self.clause is not None and self.pick is not None:
            raise ValueError("'pick' goes with 'topic', not with 'clause'")
        return self

    @property
    def target(self) -> str:
        """Return the clause id or topic the slot names."""
        return self.clause or self.topic or ""


class Part(Strict):
    """An article (numbered) or an annex of the outline."""

    id: str
    title: Text
    slots: list[Slot] = Field(min_length=1)


class Check(Strict):
    """Answers valid one by one but odd together: when `when` holds, warn with `message`."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    when: str
    message: Text

    @model_validator(mode="after")
    def _message_names_what_it_reads(self) -> Check:
        from .expressions import names_in

        names = names_in(self.when)
        for text in (self.message.cs, self.message.en):
            used = set(re.findall(r"\{([a-z_][a-z0-9_]*)\}", text))
            if used - names:
                raise ValueError(
                    f"check {self.id!r}: the message names {sorted(used - names)}, which "
                    f"`when` does not read; name only {sorted(names)}"
                )
        return self


class Blueprint(Strict):
    """A contract type: questionnaire, computed values and outline."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: int = Field(ge=1)
    # What changed in each version, for answers files made with an older one.
    changes: dict[int, Text] = Field(default_factory=dict)
    title: Text
    description: Text
    template: str
    languages: list[Literal["cs", "en"]]
    sections: list[Section] = Field(min_length=1)
    computed: dict[str, str] = Field(default_factory=dict)
    checks: list[Check] = Field(default_factory=list)  # its own and the shared ones that apply
    front: list[Slot] = Field(default_factory=list)
    articles: list[Part] = Field(min_length=1)
    closing: list[Slot] = Field(default_factory=list)
    annexes: list[Part] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_names(self) -> Blueprint:
        late = [v for v in self.changes if v > self.version or v < 2]
        if late:
            raise ValueError(
                f"changes name version(s) {late}; list versions 2 to {self.version} (the current)"
            )
        seen: set[str] = set()
        for q in self.questions():
            if q.id in seen:
                raise ValueError(f"question id {q.id!r} is used twice")
            seen.add(q.id)
        for name in self.computed:
            if name in seen:
                raise ValueError(f"computed value {name!r} has the name of a question")
            if not re.match(NAME, name):
                raise ValueError(f"computed value name {name!r} must be lower_snake_case")
        return self

    def questions(self) -> list[Question]:
        """Return every question in questionnaire order."""
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question:
        """Return the question with this id."""
        for q in self.questions():
            if q.id == qid:
                return q
        raise BlueprintError(f"blueprint {self.id!r} has no question {qid!r}")

    def all_slots(self) -> list[tuple[str, Slot]]:
        """Return (part id, slot) for every slot, in document order."""
        out: list[tuple[str, Slot]] = [("front", s) for s in self.front]
        out += [(a.id, s) for a in self.articles for s in a.slots]
        out += [("closing", s) for s in self.closing]
        out += [(a.id, s) for a in self.annexes for s in a.slots]
        return out


def contracts_dir() -> Path:
    """Return the folder of contract blueprints."""
    from .paths import project_root

    return project_root() / "contracts"


# --- the question catalogue ---------------------------------------------------------------

CATALOGUE_FILE = "_questions.yaml"
CHECKS_FILE = "_checks.yaml"
OVERRIDABLE = ("label", "help", "default", "show_if", "required")
_CATALOGUE_CACHE: dict[Path, tuple[float, int, dict[str, dict[str, Any]]]] = {}


def catalogue_path(folder: Path | None = None) -> Path:
    """Return the file of the shared questions of a contracts folder."""
    return (folder or contracts_dir()) / CATALOGUE_FILE


def _stamp(path: Path) -> tuple[float, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0.0, 0)
    return (stat.st_mtime, stat.st_size)


def load_catalogue(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Return the shared questions {id: definition}; {} when the folder has no catalogue.

    Every definition is checked as a question, so an error names the catalogue and the id.
    """
    path = catalogue_path(folder)
    stamp = _stamp(path)
    cached = _CATALOGUE_CACHE.get(path)
    if cached and cached[:2] == stamp:
        return cached[2]
    if stamp == (0.0, 0):
        return {}
    data = load_yaml_file_cached(path, BlueprintError) or {}
    if not isinstance(data, dict):
        raise BlueprintError(f"{path}: the catalogue is a mapping 'question id: definition'")
    out: dict[str, dict[str, Any]] = {}
    for qid, body in data.items():
        if not isinstance(body, dict) or "id" in body or "use" in body:
            raise BlueprintError(
                f"{path}: {qid!r} must be a mapping of the question's fields (without 'id')"
            )
        try:
            Question.model_validate({"id": qid, **body})
        except ValidationError as exc:
            raise BlueprintError(format_validation_error(f"{path} ({qid})", exc)) from None
        out[str(qid)] = body
    _CATALOGUE_CACHE[path] = (*stamp, out)
    return out


def _resolve_uses(data: Any, catalogue: dict[str, dict[str, Any]], path: Path) -> Any:
    """Return blueprint data with every `- use: id` replaced by the catalogue's question."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        return data
    sections = []
    for si, section in enumerate(data["sections"]):
        if not isinstance(section, dict) or not isinstance(section.get("questions"), list):
            sections.append(section)
            continue
        questions = []
        for qi, entry in enumerate(section["questions"]):
            where = f"{path}: sections[{si}].questions[{qi}]"
            if isinstance(entry, dict) and "use" in entry:
                qid = entry["use"]
                if qid not in catalogue:
                    close = difflib.get_close_matches(str(qid), list(catalogue), n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise BlueprintError(
                        f"{where}: `use: {qid}` — {catalogue_path(path.parent)} has no question "
                        f"{qid!r}{hint}; add it there or define the question here with `id:`"
                    )
                extra = sorted(set(entry) - {"use", *OVERRIDABLE})
                if extra:
                    raise BlueprintError(
                        f"{where}: `use: {qid}` may override only {', '.join(OVERRIDABLE)}, not "
                        f"{', '.join(extra)}; change the shared question in {CATALOGUE_FILE}"
                    )
                overrides = {k: v for k, v in entry.items() if k != "use"}
                questions.append({"id": qid, **catalogue[qid], **overrides})
                continue
            if isinstance(entry, dict) and entry.get("id") in catalogue:
                raise BlueprintError(
                    f"{where}: question {entry['id']!r} is a shared question of "
                    f"{CATALOGUE_FILE}; write `- use: {entry['id']}` (overriding at most "
                    f"{', '.join(OVERRIDABLE)}) instead of copying it"
                )
            questions.append(entry)
        sections.append({**section, "questions": questions})
    return {**data, "sections": sections}


_CHECKS_CACHE: dict[Path, tuple[float, int, list[Check]]] = {}


def load_checks(folder: Path | None = None) -> list[Check]:
    """Return the shared checks of odd answer combinations ([] without the file)."""
    path = (folder or contracts_dir()) / CHECKS_FILE
    stamp = _stamp(path)
    cached = _CHECKS_CACHE.get(path)
    if cached and cached[:2] == stamp:
        return cached[2]
    if stamp == (0.0, 0):
        return []
    data = load_yaml_file_cached(path, BlueprintError) or []
    if not isinstance(data, list):
        raise BlueprintError(f"{path}: the checks are a list of {{id, when, message}}")
    checks: list[Check] = []
    for i, item in enumerate(data):
        try:
            checks.append(Check.model_validate(item))
        except ValidationError as exc:
            raise BlueprintError(format_validation_error(f"{path} [{i}]", exc)) from None
        except PppDraftError as exc:
            raise BlueprintError(f"{path} [{i}]: {exc}") from None
    _CHECKS_CACHE[path] = (*stamp, checks)
    return checks


def _add_shared_checks(data: Any, checks: list[Check]) -> Any:
    """Return blueprint data with the shared checks whose every name the blueprint knows."""
    if not isinstance(data, dict) or not checks:
        return data
    from .expressions import names_in

    names: set[str] = set()
    for section in data.get("sections") or []:
        for q in section.get("questions") or [] if isinstance(section, dict) else []:
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                names.add(q["id"])
    computed = data.get("computed")
    names |= set(computed) if isinstance(computed, dict) else set()
    own = list(data.get("checks") or [])
    shared = [c.model_dump() for c in checks if names_in(c.when) <= names]
    return {**data, "checks": own + shared}


def blueprint_files(folder: Path | None = None) -> list[Path]:
    """Return the blueprint files of a contracts folder (not the `_` catalogue files)."""
    return [p for p in sorted((folder or contracts_dir()).glob("*.yaml")) if p.name[0] != "_"]


def list_blueprints(root: Path | None = None) -> list[Blueprint]:
    """Return every blueprint in the contracts folder, sorted by id."""
    return [load_blueprint_file(p) for p in blueprint_files(root)]


_CACHE: dict[Path, tuple[tuple[float, int], tuple[float, ...], Blueprint]] = {}


def load_blueprint_file(path: Path) -> Blueprint:
    """Return the blueprint in a file, or raise BlueprintError naming file and field."""
    # Blueprints are immutable models: reuse one while its file and the catalogue are unchanged.
    stamp = _stamp(path)
    if stamp == (0.0, 0) and not path.is_file():
        raise BlueprintError(f"{path}: file not found")
    shared_stamp = (*_stamp(catalogue_path(path.parent)), *_stamp(path.parent / CHECKS_FILE))
    cached = _CACHE.get(path)
    if cached and cached[:2] == (stamp, shared_stamp):
        return cached[2]
    data = load_yaml_file_cached(path, BlueprintError)
    data = _resolve_uses(data, load_catalogue(path.parent), path)
    data = _add_shared_checks(data, load_checks(path.parent))
    try:
        bp = Blueprint.model_validate(data)
    except ValidationError as exc:
        raise BlueprintError(format_validation_error(path, exc)) from None
    if bp.id != path.stem:
        raise BlueprintError(f"{path}: field 'id' is {bp.id!r}; it must equal the file name")
    _CACHE[path] = (stamp, shared_stamp, bp)
    return bp


def load_blueprint(contract_type: str, root: Path | None = None) -> Blueprint:
    """Return the blueprint of a contract type id (e.g. `data-agreement`)."""
    folder = root or contracts_dir()
    if not re.match(r"^[a-z][a-z0-9-]*$", contract_type):
        raise BlueprintError(f"{contract_type!r} is not a contract type id")
    path = folder / f"{contract_type}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in blueprint_files(folder)) or "none"
        raise BlueprintError(
            f"unknown contract type {contract_type!r}; known types: {known} (see `pppdraft list`)"
        )
    return load_blueprint_file(path)

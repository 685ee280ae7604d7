"""Reading a rules file: matrices/<name>.yaml, refused with its file, line and what is wrong in French."""

from __future__ import annotations

import string
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from evaluation.config import named_matrices_file
from evaluation.exchange.error_messages import error_message
from evaluation.exchange.errors import FieldError, InvalidFileError
from evaluation.yaml_lines import YamlSyntaxError, line_index, line_of, parse_yaml

from .model import Group, Rule, RuleSet, Status
from .rules import LOGIC, status_of

DEFAULT_RULES = "rules"

Loc = tuple[str | int, ...]


class InvalidRulesError(InvalidFileError):
    """A rules file refused as a whole; every error found is listed with its line."""


def rules_path(name_or_path: str | Path | None = None) -> Path:
    """matrices/<name>.yaml for a name (settings.rules), or the path given."""
    if name_or_path is None:
        name_or_path = DEFAULT_RULES
    if isinstance(name_or_path, Path):
        return name_or_path
    if "/" in name_or_path or "\\" in name_or_path or name_or_path.endswith((".yaml", ".yml")):
        return Path(name_or_path)
    return named_matrices_file(name_or_path)


def load_rules(name_or_path: str | Path | None = None) -> RuleSet:
    """The rules of a name (matrices/<name>.yaml, default `rules`) or of a file path, validated."""
    path = rules_path(name_or_path)
    try:
        stat = path.stat()
    except OSError:
        raise InvalidRulesError([FieldError(
            file=str(path), message="fichier de règles introuvable (vérifiez le paramètre « rules »)")]) from None
    return _load_rules_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@cache
def _load_rules_cached(path: str, mtime_ns: int, size: int) -> RuleSet:
    text = Path(path).read_text(encoding="utf-8")
    return parse_rules(text, file=Path(path).name)


def _field(loc: Loc, raw: Any) -> str | None:
    """Dotted name of a location, with the rule's id instead of its position (`AIA-3.messages.fail`)."""
    parts = [part for part in loc if part != "[key]"]
    if len(parts) >= 2 and parts[0] == "rules" and isinstance(parts[1], int):
        rules = raw.get("rules") if isinstance(raw, dict) else None
        item = rules[parts[1]] if isinstance(rules, list) and parts[1] < len(rules) else None
        rule_id = item.get("id") if isinstance(item, dict) else None
        head = str(rule_id) if rule_id else f"rules.{parts[1] + 1}"
        parts = [head, *parts[2:]]
    return ".".join(str(part) for part in parts) or None


def _placeholders(template: str) -> list[str]:
    """Names used as {placeholders} in a message; ValueError when the braces are malformed."""
    names = []
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.append(name)
    return names


def _check_rule(rule: Rule, position: int, errors: list[tuple[Loc, str]]) -> None:
    logic = LOGIC.get(rule.id)
    here: Loc = ("rules", position)
    if logic is None:
        known = ", ".join(sorted(LOGIC))
        errors.append((here + ("id",), f"règle inconnue « {rule.id} » : le moteur ne sait pas l'évaluer "
                                       f"(règles connues : {known})"))
        return
    for code in logic.outcomes:
        if code not in rule.messages:
            errors.append((here + ("messages",), f"texte manquant pour l'issue « {code} » "
                                                 f"(statut {status_of(code).value}) de la règle {rule.id}"))
    possible_params = ", ".join("{" + name + "}" for name in sorted(logic.params)) or "aucun"
    for code, texts in rule.messages.items():
        if code not in logic.outcomes:
            errors.append((here + ("messages", code), f"issue inconnue « {code} » pour la règle {rule.id} "
                                                      f"(issues possibles : {', '.join(logic.outcomes)})"))
            continue
        for lang in ("fr", "en"):
            template = getattr(texts, lang)
            try:
                names = _placeholders(template)
            except ValueError:
                errors.append((here + ("messages", code, lang),
                               "accolades mal formées : écrivez {nom} pour un paramètre, {{ et }} pour une accolade"))
                continue
            for name in names:
                if name not in logic.params:
                    errors.append((here + ("messages", code, lang),
                                   f"paramètre {{{name}}} inconnu (paramètres possibles : {possible_params})"))
    for key in rule.parameters:
        if key not in logic.defaults:
            possible = ", ".join(sorted(logic.defaults)) or "aucun"
            errors.append((here + ("parameters", key),
                           f"paramètre « {key} » inconnu pour la règle {rule.id} (paramètres possibles : {possible})"))
    for key in sorted(logic.labels - set(rule.labels)):
        errors.append((here + ("labels",), f"libellé manquant « {key} » pour la règle {rule.id}"))
    produced = {status_of(code) for code in logic.outcomes}
    for status in rule.outcome_override:
        if status not in produced:
            errors.append((here + ("outcome_override", status.value),
                           f"la règle {rule.id} ne donne jamais le statut « {status.value} » "
                           f"(statuts possibles : {', '.join(s.value for s in Status if s in produced)})"))


_COMMON_PARAMS: dict[Loc, frozenset[str]] = {
    ("common", "disabled"): frozenset({"rules"}),
    ("common", "applicability", "in_force"): frozenset({"date"}),
    ("common", "applicability", "from_date"): frozenset({"date"}),
    ("common", "applicability", "pending"): frozenset({"text", "adopted", "on", "date"}),
    ("common", "applicability", "pending_wording"): frozenset({"text", "adopted", "on"}),
}


def _check_common(rule_set: RuleSet, errors: list[tuple[Loc, str]]) -> None:
    for loc, allowed in _COMMON_PARAMS.items():
        texts: Any = rule_set
        for part in loc:
            texts = getattr(texts, str(part))
        for lang in ("fr", "en"):
            try:
                names = _placeholders(getattr(texts, lang))
            except ValueError:
                errors.append((loc + (lang,), "accolades mal formées : écrivez {nom} pour un paramètre"))
                continue
            for name in names:
                if name not in allowed:
                    possible = ", ".join("{" + a + "}" for a in sorted(allowed))
                    errors.append((loc + (lang,), f"paramètre {{{name}}} inconnu (paramètres possibles : {possible})"))


def _check_rule_set(rule_set: RuleSet) -> list[tuple[Loc, str]]:
    errors: list[tuple[Loc, str]] = []
    _check_common(rule_set, errors)
    for group in Group:
        if group not in rule_set.groups:
            errors.append((("groups",), f"libellé manquant pour le groupe « {group.value} »"))
    seen: set[str] = set()
    for position, rule in enumerate(rule_set.rules):
        if rule.id in seen:
            errors.append((("rules", position, "id"), f"la règle « {rule.id} » apparaît deux fois"))
            continue
        seen.add(rule.id)
        _check_rule(rule, position, errors)
    for rule_id in LOGIC:
        if rule_id not in seen:
            errors.append((("rules",), f"règle « {rule_id} » absente du fichier : ajoutez-la "
                                       "(pour ne pas l'appliquer, écrivez enabled: false)"))
    return errors


def parse_rules(text: str, *, file: str = "<règles>") -> RuleSet:
    """Validate the text of a rules file; InvalidRulesError lists every error with its line."""
    try:
        raw = parse_yaml(text, source=file)
    except YamlSyntaxError as exc:
        raise InvalidRulesError([FieldError(file=file, line=exc.line, message=f"YAML invalide : {exc.problem}")]) from None
    index = line_index(text)
    if not isinstance(raw, dict):
        raise InvalidRulesError([FieldError(
            file=file, line=1, message="le fichier de règles doit contenir un dictionnaire (name, version, rules...)")])
    try:
        rule_set = RuleSet.model_validate(raw)
    except ValidationError as exc:
        raise InvalidRulesError([
            FieldError(file=file, message=error_message(error), field=_field(error["loc"], raw),
                       line=line_of(index, error["loc"]))
            for error in exc.errors(include_url=False)
        ]) from None
    problems = _check_rule_set(rule_set)
    if problems:
        raise InvalidRulesError(_located(problems, file=file, raw=raw, index=index))
    rule_set._file = file
    return rule_set


def _located(problems: Sequence[tuple[Loc, str]], *, file: str, raw: Any,
             index: dict[tuple[str | int, ...], int]) -> list[FieldError]:
    return [FieldError(file=file, message=message, field=_field(loc, raw), line=line_of(index, loc))
            for loc, message in problems]

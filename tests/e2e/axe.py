"""axe-core (bundled by axe-playwright-python, nothing downloaded) run on a browser page: the WCAG 2.1 A and
AA rules, which RGAA 4.1 follows. Shared by the public register's tests and the every-page accessibility test.

EXCLUDED lists the only violations that are not ours to fix, each an exact rule and element with the reason;
anything else axe reports is a violation of the page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")

# (axe rule id, CSS selector of the element as axe reports it) -> why it is left out. Empty: every violation
# counts.
EXCLUDED: dict[tuple[str, str], str] = {}

_AXE = Axe()


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    targets: tuple[str, ...]
    help: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}, {self.help}): {list(self.targets)}"


def violations(page: Any) -> list[Violation]:
    """axe-core's violations of the WCAG 2.1 A and AA rules on the page, without the EXCLUDED elements."""
    results = _AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    found = []
    for violation in results.response["violations"]:
        targets = tuple(" ".join(map(str, node["target"])) for node in violation["nodes"]
                        if (violation["id"], " ".join(map(str, node["target"]))) not in EXCLUDED)
        if targets:
            found.append(Violation(violation["id"], violation["impact"] or "minor", targets, violation["help"]))
    return found


def by_impact(found: list[Violation]) -> Counter[str]:
    """How many elements violate a rule, by impact (critical, serious, moderate, minor)."""
    return Counter({impact: sum(len(v.targets) for v in found if v.impact == impact) for impact in IMPACTS})


def blocking(found: list[Violation]) -> list[Violation]:
    """The critical and serious violations: the ones a page may not have."""
    return [v for v in found if v.impact in BLOCKING]

"""Numbers as people read them: French by default ("1 234,5 kWh"), English on request.

- thousands are grouped with a narrow no-break space (U+202F) in French, a comma in English;
- the unit is chosen for the size of the value (mWh, Wh, kWh, MWh...), never scientific notation;
- a range is shown only where its ends differ once rounded ("0,12 – 0,31 kWh"), else one value;
- text typed by people is escaped for Streamlit's markdown (`md_escape`).
No Streamlit import: the PDF fiche uses these functions too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from evaluation.table.columns import OPTION_MODEL, OPTION_NAME
from evaluation.table.read import is_missing

if TYPE_CHECKING:
    import pandas as pd

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
RANGE_DASH = " – "
MISSING = "—"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")
WORD_JOINER = "\u2060"
_AUTOLINK_PARTS = re.compile(r"(?<=:)(?=//)|(?<=[wW]{3})(?=\.)|(?=@)")
"""Where an address would start a link: between `:` and `//`, between `www` and `.`, before `@`."""


def md_escape(text: object) -> str:
    """Text typed by people (or an error message) shown literally in Streamlit's markdown: no formatting,
    links, HTML, icons or :colour[...]; None is no text.

    Streamlit turns addresses in a text into links after the markdown is read, escapes or not
    (`https://...`, `www....`, `a@b.fr` became clickable): an invisible word joiner (U+2060) is put inside
    each (`:⁠//`, `www⁠.`, `⁠@`), which shows the same text and leaves nothing to click."""
    raw = _AUTOLINK_PARTS.sub(WORD_JOINER, "" if text is None else str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", raw)


def _is_blank(value: Any) -> bool:
    """No text: None, NaN or an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return str(value).strip() == ""


def _exact(value: Any) -> float | Decimal:
    """A value to format: a Decimal stays exact (what a form input shows must read back to the same
    number), anything else becomes a float."""
    return value if isinstance(value, Decimal) else float(value)


def as_number(value: Any) -> float:
    """A value of the options table as a float, NaN when it is no number (evaluation.table.read.is_missing)."""
    return math.nan if is_missing(value) else float(value)


def auto_decimals(value: float, *, significant: int = 3) -> int:
    """Decimals that keep about `significant` significant digits, none for values of 100 and more."""
    magnitude = abs(value)
    if magnitude == 0 or magnitude >= 10 ** (significant - 1):
        return 0
    digits_before = math.floor(math.log10(magnitude)) + 1
    return max(0, min(significant - digits_before, 12))


def format_number(value: Any, *, lang: str = "fr", decimals: int | None = None, significant: int = 3) -> str:
    """A number with grouped thousands and the language's decimal mark; trailing zeros dropped
    when `decimals` is chosen automatically."""
    if is_missing(value):
        return MISSING
    number = _exact(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    auto = decimals is None
    places = auto_decimals(float(number), significant=significant) if decimals is None else decimals
    text = f"{abs(number):,.{places}f}"
    if auto and "." in text:
        text = text.rstrip("0").rstrip(".")
    sign = "-" if number < 0 and not set(text) <= {"0", ".", ","} else ""  # no "-0"
    return sign + localised_digits(text, lang)


def localised_digits(text: str, lang: str) -> str:
    """Digits as Python groups them ("1,234.5") written the language's way: "1 234,5" in French (narrow
    no-break space, comma), unchanged in English."""
    return text.replace(",", NARROW_NBSP).replace(".", ",") if lang == "fr" else text


def format_integer(value: Any, *, lang: str = "fr") -> str:
    return format_number(value, lang=lang, decimals=0)


def format_percent(value: Any, *, lang: str = "fr", decimals: int | None = None) -> str:
    """A share given as a fraction (0.032 -> "3,2 %")."""
    if is_missing(value):
        return MISSING
    text = format_number(_exact(value) * 100, lang=lang, decimals=decimals, significant=2)
    return f"{text}{NARROW_NBSP}%" if lang == "fr" else f"{text}%"


def format_euros(value: Any, *, lang: str = "fr", decimals: int | None = None, compact: bool = False) -> str:
    """Euros: whole euros from 100 up, cents below ("12 345 €", "0,42 €"; "€12,345" in English).

    With compact, millions and billions get their word ("25,99 M€", "1,2 Md€"; "€25.99M", "€1.2bn"), for
    key figures that must fit a card."""
    if is_missing(value):
        return MISSING
    number = _exact(value)
    magnitude = abs(float(number))
    if compact and magnitude >= 1e6:
        scale, fr_word, en_word = (1e9, "Md€", "bn") if magnitude >= 1e9 else (1e6, "M€", "M")
        text = format_number(float(number) / scale, lang=lang, decimals=2)
        if lang == "fr":
            return f"{text}{NBSP}{fr_word}"
        return f"-€{text[1:]}{en_word}" if text.startswith("-") else f"€{text}{en_word}"
    if decimals is None:
        decimals = 0 if magnitude >= 100 or number == 0 else 2
    text = format_number(number, lang=lang, decimals=decimals)
    if lang == "fr":
        return f"{text}{NBSP}€"
    return f"-€{text[1:]}" if text.startswith("-") else f"€{text}"


def format_years(value: Any, *, lang: str = "fr") -> str:
    if is_missing(value):
        return MISSING
    number = float(value)
    text = format_number(number, lang=lang, decimals=1)
    if lang == "fr":
        return f"{text}{NBSP}an" if abs(number) < 2 else f"{text}{NBSP}ans"
    return f"{text}{NBSP}year" if abs(number) == 1 else f"{text}{NBSP}years"


@dataclass(frozen=True)
class Unit:
    symbol: str
    factor: float  # how many base units one of this unit is


# Units of each quantity, smallest first; the base unit has factor 1.
UNIT_SCALES: dict[str, tuple[Unit, ...]] = {
    "energy_kwh": (Unit("mWh", 1e-6), Unit("Wh", 1e-3), Unit("kWh", 1.0), Unit("MWh", 1e3), Unit("GWh", 1e6)),
    "gwp_kgco2eq": (Unit("mg CO2e", 1e-6), Unit("g CO2e", 1e-3), Unit("kg CO2e", 1.0), Unit("t CO2e", 1e3),
                    Unit("kt CO2e", 1e6)),
    "adpe_kgsbeq": (Unit("ng Sb eq", 1e-12), Unit("µg Sb eq", 1e-9), Unit("mg Sb eq", 1e-6), Unit("g Sb eq", 1e-3),
                    Unit("kg Sb eq", 1.0)),
    "pe_mj": (Unit("J", 1e-6), Unit("kJ", 1e-3), Unit("MJ", 1.0), Unit("GJ", 1e3), Unit("TJ", 1e6)),
    "wcf_l": (Unit("mL", 1e-3), Unit("L", 1.0), Unit("m³", 1e3), Unit("1000 m³", 1e6)),
}
# Units written the English way where they differ.
_EN_SYMBOLS = {"1000 m³": "thousand m³"}


def unit_for(quantity: str, magnitude: float) -> Unit:
    """The largest unit in which `magnitude` (in base units) is at least 1, else the smallest."""
    scale = UNIT_SCALES[quantity]
    magnitude = abs(magnitude)
    if magnitude == 0 or math.isnan(magnitude):
        return next(unit for unit in scale if unit.factor == 1.0)
    chosen = scale[0]
    for unit in scale:
        if magnitude >= unit.factor * 0.9995:
            chosen = unit
    return chosen


def _symbol(unit: Unit, lang: str) -> str:
    return _EN_SYMBOLS.get(unit.symbol, unit.symbol) if lang == "en" else unit.symbol


def format_quantity(value: Any, quantity: str, *, lang: str = "fr") -> str:
    """One value in the unit that suits its size ("483 g CO2e", "1,2 MWh")."""
    if is_missing(value):
        return MISSING
    unit = unit_for(quantity, float(value))
    return f"{format_number(float(value) / unit.factor, lang=lang)}{NBSP}{_symbol(unit, lang)}"


def format_range(low: Any, high: Any, quantity: str, *, lang: str = "fr") -> str:
    """"0,12 – 0,31 kWh", or one value where both ends are equal once rounded."""
    if is_missing(low) and is_missing(high):
        return MISSING
    if is_missing(low) or is_missing(high):
        return format_quantity(high if is_missing(low) else low, quantity, lang=lang)
    lo, hi = sorted((float(low), float(high)))
    unit = unit_for(quantity, max(abs(lo), abs(hi)))
    lo_text = format_number(lo / unit.factor, lang=lang)
    hi_text = format_number(hi / unit.factor, lang=lang)
    symbol = _symbol(unit, lang)
    if lo_text == hi_text:
        return f"{lo_text}{NBSP}{symbol}"
    if lo_text in ("0", "-0") and lo != 0:
        # a lower end too small for the upper end's unit: give it its own unit
        return f"{format_quantity(lo, quantity, lang=lang)}{RANGE_DASH}{hi_text}{NBSP}{symbol}"
    return f"{lo_text}{RANGE_DASH}{hi_text}{NBSP}{symbol}"


def format_euro_range(low: Any, high: Any, *, lang: str = "fr") -> str:
    """"1 200 – 3 400 €", or one amount where both are equal once rounded."""
    if is_missing(low) or is_missing(high):
        return format_euros(high if is_missing(low) else low, lang=lang)
    lo, hi = sorted((float(low), float(high)))
    lo_text, hi_text = format_euros(lo, lang=lang), format_euros(hi, lang=lang)
    if lo_text == hi_text:
        return lo_text
    return f"{lo_text}{RANGE_DASH}{hi_text}"


def mean_of(low: Any, high: Any) -> float:
    """The middle of a range (NaN when unknown)."""
    values = [float(v) for v in (low, high) if not is_missing(v)]
    return sum(values) / len(values) if values else math.nan


def scaled(values: Sequence[float], quantity: str) -> tuple[list[float], str]:
    """Values in one unit suited to their largest magnitude, for a chart axis: (values, unit symbol)."""
    finite = [abs(v) for v in values if not is_missing(v)]
    unit = unit_for(quantity, max(finite) if finite else 0.0)
    return [float(v) / unit.factor if not is_missing(v) else math.nan for v in values], unit.symbol


MODEL_WORDS = {
    "gpt": "GPT", "llama": "Llama", "mistral": "Mistral", "mixtral": "Mixtral", "claude": "Claude",
    "gemini": "Gemini", "gemma": "Gemma", "qwen": "Qwen", "phi": "Phi", "pixtral": "Pixtral",
    "codestral": "Codestral", "ministral": "Ministral", "magistral": "Magistral", "deepseek": "DeepSeek",
    "codellama": "CodeLlama", "glm": "GLM",
}
# Words kept as written (lower case) or upper-cased.
_LOWER_WORDS = {"mini", "nano", "x", "preview"}
_UPPER_WORDS = {"it", "hf", "tts", "onnx", "cuda", "fp8", "fp16", "awq", "gguf", "fim", "cpp", "ai"}
_DATE_8 = re.compile(r"^(19|20)\d{6}$")
_SIZE = re.compile(r"^\d+(\.\d+)?(x\d+(\.\d+)?)?[bmk]$", re.IGNORECASE)
_SHORT_NUMBER = re.compile(r"^\d{1,2}$")


def _join_dates(tokens: list[str]) -> list[str]:
    """Date suffixes become one "(YYYY-MM-DD)" or "(MM-YYYY)" token."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        window = tokens[i:i + 3]
        if (len(window) == 3 and len(window[0]) == 4 and window[0].isdigit() and window[0][:2] in ("19", "20")
                and len(window[1]) == 2 and window[1].isdigit() and len(window[2]) == 2 and window[2].isdigit()):
            out.append(f"({window[0]}-{window[1]}-{window[2]})")
            i += 3
            continue
        pair = tokens[i:i + 2]
        if (len(pair) == 2 and len(pair[0]) == 2 and pair[0].isdigit() and len(pair[1]) == 4 and pair[1].isdigit()
                and pair[1][:2] in ("19", "20")):
            out.append(f"({pair[0]}-{pair[1]})")
            i += 2
            continue
        if _DATE_8.match(tokens[i]):
            token = tokens[i]
            out.append(f"({token[:4]}-{token[4:6]}-{token[6:]})")
            i += 1
            continue
        out.append(tokens[i])
        i += 1
    return out


def model_label(model: Any, *, lang: str = "fr") -> str:
    """A readable model name: "mistral-small-latest" -> "Mistral Small (dernière version)",
    "claude-sonnet-4-6" -> "Claude Sonnet 4.6", "gpt-5-mini" -> "GPT-5 mini",
    "mistralai/Mistral-7B-Instruct-v0.3" -> "Mistral 7B Instruct v0.3"."""
    if _is_blank(model):
        return ""
    name = str(model).split("/")[-1]
    tokens = _join_dates([token for token in re.split(r"[-_ ]", name) if token])
    words: list[str] = []
    previous = ""
    for raw in tokens:
        lower = raw.lower()
        if lower == "latest":
            words.append("(dernière version)" if lang == "fr" else "(latest)")
        elif raw.startswith("("):
            words.append(raw)
        elif previous == "gpt" and words:
            words[-1] = f"{words[-1]}-{raw if raw[:1].isdigit() else raw.upper()}"
        elif _SHORT_NUMBER.match(raw) and words and re.fullmatch(r"\d+(\.\d+)*", words[-1]) and previous.isdigit():
            words[-1] = f"{words[-1]}.{raw}"
        elif lower in MODEL_WORDS:
            words.append(MODEL_WORDS[lower])
        elif lower in _UPPER_WORDS:
            words.append(lower.upper())
        elif _SIZE.match(raw):
            words.append(raw[:-1] + raw[-1].upper())
        elif (lower[:1] in ("v", "o") and lower[1:2].isdigit()) or lower in _LOWER_WORDS:
            words.append(lower)
        elif raw[:1].isdigit():
            words.append(raw)
        else:
            words.append(raw if raw[:1].isupper() else raw.capitalize())
        previous = lower
    return " ".join(words)


PROVIDERS = {
    "openai": "OpenAI", "anthropic": "Anthropic", "mistralai": "Mistral AI", "google_genai": "Google",
    "cohere": "Cohere", "huggingface_hub": "Hugging Face",
}


def provider_label(provider: Any) -> str:
    if _is_blank(provider):
        return ""
    return PROVIDERS.get(str(provider), str(provider).replace("_", " ").title())


def option_title(row: Mapping[str, Any] | pd.Series, lang: str) -> str:
    """"Option name — readable model" for people, from a row of the options table."""
    name = str(row.get(OPTION_NAME, ""))
    model = row.get(OPTION_MODEL)
    if isinstance(model, str) and model:
        return f"{name} — {model_label(model, lang=lang)}"
    return name


def person_label(login: str, names: Mapping[str, str]) -> str:
    """« Claire Durand (elu.durand) »: a person by name, with the login the audit trail records; the login
    alone for an account without a name, deleted, or a command-line actor such as cli:import."""
    name = names.get(login)
    return f"{name} ({login})" if name and name != login else login


def rules_label(key: Any, *, lang: str = "fr", kind: bool = True) -> str:
    """The compliance rules as people read them, from the `name@version` an evaluation records:
    "grille de conformité, version 2" (the rules shipped, named `rules`), "grille « ville-x », version 3";
    without `kind`, after a label that already says "Grille de conformité": "version 2", "« ville-x », version 3".
    The text as is when it is not such a key."""
    text = str(key or "").strip()
    name, _, version = text.rpartition("@")
    if not name or not version.isdigit():
        return text or MISSING
    if not kind:
        return f"version {version}" if name == "rules" else (
            f"« {name} », version {version}" if lang == "fr" else f"“{name}”, version {version}")
    if name == "rules":
        return f"grille de conformité, version {version}" if lang == "fr" else f"compliance rules, version {version}"
    return f"grille « {name} », version {version}" if lang == "fr" else f"rules “{name}”, version {version}"


def label_value(label: str, value: str, *, lang: str = "fr") -> str:
    """"Label : value" in French (no-break space before the colon), "Label: value" in English."""
    return f"{label}{NBSP}: {value}" if lang == "fr" else f"{label}: {value}"


def matrix_label(key: Any, *, lang: str = "fr") -> str:
    """A matrix as people read it, from the `name@version` an evaluation records: "par défaut (version 1)",
    "« ville-x » (version 2)"; the text as is when it is not such a key."""
    text = str(key or "").strip()
    name, _, version = text.rpartition("@")
    version, plus, _adjusted = version.partition("+")  # "default@1+poids": weights changed in the settings
    if not name or not version.isdigit():
        return text or MISSING
    if name == "default":
        shown = "par défaut" if lang == "fr" else "default"
    else:
        shown = f"« {name} »" if lang == "fr" else f"“{name}”"
    if plus:
        return f"{shown} (version {version}, poids ajustés)" if lang == "fr" else f"{shown} (version {version}, adjusted weights)"
    return f"{shown} (version {version})"

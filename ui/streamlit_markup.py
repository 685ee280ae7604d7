"""What Streamlit's own markup needs and no setting gives: RGAA 4.1 and French. One style and one small
script, drawn in the sidebar on every run (dashboard.py), keep the page right while Streamlit redraws it.
No Streamlit import (the sign-in path stays light).

Accessibility:
- the page's language (RGAA 8.3, 8.4): Streamlit's page says `<html lang="en">` whatever the language shown;
  the script sets the session's language;
- the navigation by sections (RGAA 9.3): Streamlit draws `<ul>` > `<div>` (a section) > `<header>` + `<li>`,
  a list holding something else than list items, and list items outside a list. The `<ul>` is made
  presentational and each section a list named after its header (whose own role is dropped): the links stay
  list items of their section's list;
- captions and quotes (RGAA 3.2): Streamlit draws them in the text colour at 60 % opacity, 3.9:1 on white, and the
  links in them at 3:1; they are drawn opaque in a grey of 7:1 instead (their links in the link colour). The
  label of a read-only field (a DSI reading the porteur's answers) is drawn in the same grey, not at 2.3:1;
- a metric's label and value (RGAA 10.4, 10.12): Streamlit cuts them with « … » when the column is narrow
  (« 832 g C… » at 1,280 px, the unit lost); they wrap instead;
- the focus on a tab (RGAA 10.7): Streamlit gives tabs no visible focus (outline-style none); a tab reached
  with the keyboard is outlined in the theme's colour;
- the focus kept on a tab (RGAA 12.8, 12.13): tabs that keep their state (the proposal form's) open a tab on an
  arrow key and run the page again; while that run lasts, Streamlit marks every tab disabled (its content is
  stale), and the browser moves the focus of the tab just chosen to the page's body: the next arrow key then
  goes nowhere, and Tab starts again from the top of the page. Measured with Chromium on the form: 2 of 30
  arrow presses lost the focus on an idle machine, 13 of 30 on a loaded one. When the focus was on a tab and
  fell to the body (not moved by a click or a key elsewhere), it is put back on the open tab once the tabs are
  enabled again.

Streamlit's fixed English, in the page's language:
- the file uploader's « Upload » button and its « 128MB per file • YAML, CSV » line: hidden (display: none,
  out of the accessibility tree too) and replaced by our words (CSS generated content; the button is
  named by an aria-label, as tools do not all read generated content); the accepted types are told by a caption under each uploader
  (ui.widgets.file_uploader);
- the « Add: … » entry of a selectbox that accepts new options: its text is replaced by « Ajouter : … »
  (the option's accessible name and its visible text);
- the « Help for … » name of a help icon: « Aide : … »;
- the « Skip to main content » link (shown on the first Tab): « Aller au contenu principal »;
- the names Streamlit and Plotly give their controls (aria-label: « Open », « Clear all », « Fullscreen »,
  « Search », « Download as CSV », « file upload »..., Plotly's modebar tooltips in `data-title`: « Zoom in »,
  « Reset axes »...) and a select's « Choose an option » placeholder: each known English text is replaced by
  ours (`NAMES`, the locale's `app.streamlit.names`); a Material icon beside a text (« warning icon ») is
  decorative and hidden from screen readers;
- the « Press Enter to apply » (« … to submit form », « Ctrl+Enter … » in a text area) hint under a text
  field being typed in: « Appuyez sur Entrée pour valider » (its text hidden, ours generated, as for « Add: »).

tests/e2e/test_accessibility.py (axe-core on every page) and tests/e2e/test_streamlit_french.py fail when
Streamlit's markup changes under this (a data-testid disappears, the English shows again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

NAV_ITEMS = "[data-testid='stSidebarNavItems']"
CAPTION = "[data-testid='stCaptionContainer']"
DISABLED_LABEL = "label[data-testid='stWidgetLabel'][disabled]"
DROPZONE = "[data-testid='stFileUploaderDropzone']"
INSTRUCTIONS = "[data-testid='stFileUploaderDropzoneInstructions']"
SKIP_LINK = "[data-testid='stSkipToContent']"
CREATABLE = "[role='option'][data-key='__creatable__']"  # Streamlit's id of the « Add: … » entry
INPUT_HINT = "[data-testid='InputInstructions'] > span"  # « Press Enter to apply » (and a character count)
# The English names Streamlit (1.67) and Plotly give their controls, by our locale key (app.streamlit.names.*).
NAMES = {
    "open": "Open", "clear_all": "Clear all", "clear_value": "Clear value", "collapse": "Collapse sidebar",
    "expand": "Expand sidebar", "fullscreen": "Fullscreen", "close_fullscreen": "Close fullscreen",
    "search": "Search", "download_csv": "Download as CSV", "selected": "Selected values", "pages": "App pages",
    "file_upload": "file upload", "help": "Help", "choose": "Choose an option", "choose_many": "Choose options",
    "zoom": "Zoom", "zoom_in": "Zoom in", "zoom_out": "Zoom out", "pan": "Pan", "box_select": "Box Select",
    "lasso": "Lasso Select", "autoscale": "Autoscale", "reset_axes": "Reset axes",
    "png": "Download plot as a PNG", "png_short": "Download plot",
}
FOCUS = "#005a8d"  # the theme's primary colour (.streamlit/config.toml), 7:1 on white
CAPTION_GREY = "#595754"  # 7:1 on white, 6.3:1 on the sidebar's grey


@dataclass(frozen=True)
class Texts:
    """Our words for Streamlit's fixed English, in the page's language."""

    browse: str  # the uploader's button
    drop: str  # the uploader's line beside it
    add: str  # before a new option typed in a selectbox ("Ajouter : ")
    help: str  # before a field's name on its help icon ("Aide : ")
    skip: str  # the link to the main content, the first the keyboard reaches
    apply: str  # a text field's hint, "{key}" the keys: "Appuyez sur {key} pour valider"
    submit: str  # the same in a form: "Appuyez sur {key} pour envoyer le formulaire"
    enter: str  # the Enter key's name: "Entrée"
    names: dict[str, str]  # Streamlit's and Plotly's English names of controls → ours (NAMES' texts as keys)


_STYLE = """<style>
%(caption)s, [data-testid='stMarkdownContainer'] blockquote { opacity: 1; color: %(grey)s; }
%(disabled)s, %(disabled)s p { color: %(grey)s; }
%(dropzone)s button [data-testid='stMarkdownContainer'] p { display: none; }
%(dropzone)s button [data-testid='stMarkdownContainer']::after { content: %(browse)s; }
%(instructions)s span { display: none; }
%(instructions)s > div::after { content: %(drop)s; font-size: 0.875rem; color: %(grey)s; }
%(skip)s { font-size: 0; }
%(skip)s::after { content: %(skip_text)s; font-size: 1rem; }
[data-testid='stMetricValue'] *, [data-testid='stMetricLabel'] * { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; overflow-wrap: break-word; }
[data-testid='stMetricValue'] { font-size: clamp(1.5rem, 2.4vw, 2.25rem); line-height: 1.2; }
[role='tab']:focus-visible { outline: 2px solid %(focus)s; outline-offset: -2px; }
%(creatable)s > [data-jauge-text] { font-size: 0; }
%(creatable)s > [data-jauge-text]::after { content: attr(data-jauge-text); font-size: 1rem; }
%(hint)s[data-jauge-text] { font-size: 0; }
%(hint)s[data-jauge-text]::after { content: attr(data-jauge-text); font-size: 0.75rem; }
</style>"""

_SCRIPT = """<script>
(() => {
  window.jaugeMarkup = %(settings)s;
  const fix = () => {
    const {lang, add, help} = window.jaugeMarkup;
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    const list = document.querySelector(%(nav)s);
    if (list) {
      if (list.getAttribute('role') !== 'none') list.setAttribute('role', 'none');
      for (const section of list.children) {
        if (section.tagName === 'LI') continue;
        const header = section.querySelector(':scope > header');
        const name = header ? header.innerText.trim() : '';
        if (section.getAttribute('role') !== 'list') section.setAttribute('role', 'list');
        if (name && section.getAttribute('aria-label') !== name) section.setAttribute('aria-label', name);
        if (header && header.getAttribute('role') !== 'none') header.setAttribute('role', 'none');
      }
    }
    for (const option of document.querySelectorAll(%(creatable)s)) {
      const text = option.querySelector(':scope > [data-item-hl]');
      if (!text || !text.textContent.startsWith('Add: ')) continue;
      const label = add + text.textContent.slice(5);
      if (text.getAttribute('data-jauge-text') !== label) text.setAttribute('data-jauge-text', label);
      if (option.getAttribute('aria-label') !== label) option.setAttribute('aria-label', label);
    }
    for (const button of document.querySelectorAll(%(browse_button)s)) {
      if (button.getAttribute('aria-label') !== window.jaugeMarkup.browse) button.setAttribute('aria-label', window.jaugeMarkup.browse);
    }
    for (const hint of document.querySelectorAll(%(hint)s)) {
      const said = /^Press (.*)Enter to (apply|submit form)$/.exec(hint.textContent);
      if (!said) continue;
      const {apply, submit, enter} = window.jaugeMarkup;
      const label = (said[2] === 'apply' ? apply : submit).replace('{key}', said[1] + enter);
      if (hint.getAttribute('data-jauge-text') !== label) hint.setAttribute('data-jauge-text', label);
    }
    const names = window.jaugeMarkup.names;
    for (const attribute of ['aria-label', 'data-title', 'placeholder']) {
      for (const element of document.querySelectorAll('[' + attribute + ']')) {
        const ours = names[element.getAttribute(attribute)];
        if (ours !== undefined) element.setAttribute(attribute, ours);
      }
    }
    for (const icon of document.querySelectorAll("[data-testid='stIconMaterial'][aria-label$=' icon']")) {
      if (icon.parentElement && icon.parentElement.innerText.trim() !== icon.innerText.trim()) {
        icon.removeAttribute('aria-label');
        icon.setAttribute('aria-hidden', 'true');
      }
    }
    const skip = document.querySelector(%(skip)s);
    if (skip && skip.getAttribute('aria-label') !== window.jaugeMarkup.skip) skip.setAttribute('aria-label', window.jaugeMarkup.skip);
    for (const button of document.querySelectorAll("button[aria-label^='Help for ']")) {
      button.setAttribute('aria-label', help + button.getAttribute('aria-label').slice(9));
    }
  };
  fix();
  if (!window.jaugeTabFocus) {
    // The tab list the focus was last on, while it stays there or falls to the body (see the module's doc).
    window.jaugeTabFocus = {tabs: null};
    const tabList = (element) => element && element.closest
      ? (element.closest("[role='tab']") ? element.closest("[data-testid='stTabs']") : null) : null;
    document.addEventListener('focusin', (event) => { window.jaugeTabFocus.tabs = tabList(event.target); });
    document.addEventListener('pointerdown', (event) => { window.jaugeTabFocus.tabs = tabList(event.target); }, true);
    new MutationObserver(() => {
      const tabs = window.jaugeTabFocus.tabs;
      if (!tabs || !tabs.isConnected || document.activeElement !== document.body) return;
      const open = tabs.querySelector("[role='tab'][aria-selected='true']:not([aria-disabled='true'])");
      if (open) open.focus({preventScroll: true});
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['aria-disabled']});
  }
  if (!window.jaugeMarkupObserver) {
    window.jaugeMarkupObserver = new MutationObserver(() => fix());
    window.jaugeMarkupObserver.observe(document.body, {childList: true, subtree: true, characterData: true,
                                                        attributes: true,
                                                        attributeFilter: ['aria-label', 'data-title', 'placeholder']});
  }
})();
</script>"""


def _css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes, line ends and "<" (no closing tag) written as CSS escapes."""
    return '"' + "".join(f"\\{ord(char):x} " if char in '"\\<>\n\r' else char for char in text) + '"'


def markup(lang: str, texts: Texts) -> str:
    """The style and the script for a page shown in `lang` ("fr" or "en")."""
    style = _STYLE % {
        "caption": CAPTION, "grey": CAPTION_GREY, "disabled": DISABLED_LABEL, "dropzone": DROPZONE,
        "instructions": INSTRUCTIONS, "creatable": CREATABLE, "focus": FOCUS,
        "browse": _css_string(texts.browse), "drop": _css_string(texts.drop), "skip": SKIP_LINK,
        "skip_text": _css_string(texts.skip), "hint": INPUT_HINT}
    settings = json.dumps({"lang": lang, "add": texts.add, "help": texts.help, "skip": texts.skip,
                           "browse": texts.browse, "apply": texts.apply, "submit": texts.submit,
                           "enter": texts.enter, "names": texts.names}).replace("<", "\\u003c")
    return style + _SCRIPT % {"settings": settings, "nav": json.dumps(NAV_ITEMS), "creatable": json.dumps(CREATABLE),
                              "skip": json.dumps(SKIP_LINK), "browse_button": json.dumps(f"{DROPZONE} button"),
                              "hint": json.dumps(INPUT_HINT)}

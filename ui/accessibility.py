"""What Streamlit's own markup needs for RGAA 4.1 and cannot be given by a setting: one small script, drawn in
the sidebar on every run (dashboard.py), that keeps the page's language and the navigation's lists right
while Streamlit redraws them. No Streamlit import (the sign-in path stays light).

- The page's language (RGAA 8.3, 8.4): Streamlit's page says `<html lang="en">` whatever the language shown;
  the script sets the session's language.
- The navigation by sections (RGAA 9.3): Streamlit draws `<ul>` > `<div>` (a section) > `<header>` + `<li>`,
  a list holding something else than list items, and list items outside a list. The `<ul>` is made
  presentational and each section a list named after its header (whose own role is dropped): the links stay
  list items of their section's list.

- Captions (RGAA 3.2): Streamlit draws them in the text colour at 60 %% opacity, 3.9:1 on white, and the
  links in them at 3:1; the caption is drawn opaque in a grey of 7:1 instead (its links in the link colour).
  The label of a read-only field (a DSI reading the porteur's answers) is drawn in the same grey, not at
  2.3:1: it is read.

tests/e2e/test_accessibility.py (axe-core on every page) fails when Streamlit's markup changes under this.
"""

from __future__ import annotations

import json

NAV_ITEMS = "[data-testid='stSidebarNavItems']"

CAPTION = "[data-testid='stCaptionContainer']"
DISABLED_LABEL = "label[data-testid='stWidgetLabel'][disabled]"
CAPTION_GREY = "#595754"  # 7:1 on white, 6.3:1 on the sidebar's grey

_STYLE = """<style>
%(caption)s { opacity: 1; color: %(grey)s; }
%(disabled)s, %(disabled)s p { color: %(grey)s; }
</style>"""

_SCRIPT = """<script>
(() => {
  window.jaugeLang = %(lang)s;
  const fix = () => {
    const lang = window.jaugeLang;
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    const list = document.querySelector(%(nav)s);
    if (!list) return;
    if (list.getAttribute('role') !== 'none') list.setAttribute('role', 'none');
    for (const section of list.children) {
      if (section.tagName === 'LI') continue;
      const header = section.querySelector(':scope > header');
      const name = header ? header.innerText.trim() : '';
      if (section.getAttribute('role') !== 'list') section.setAttribute('role', 'list');
      if (name && section.getAttribute('aria-label') !== name) section.setAttribute('aria-label', name);
      if (header && header.getAttribute('role') !== 'none') header.setAttribute('role', 'none');
    }
  };
  fix();
  if (!window.jaugeAccessibility) {
    window.jaugeAccessibility = new MutationObserver(() => fix());
    window.jaugeAccessibility.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>"""


def script(lang: str) -> str:
    """The style and the script for a page shown in `lang` ("fr" or "en")."""
    return (_STYLE % {"caption": CAPTION, "grey": CAPTION_GREY, "disabled": DISABLED_LABEL}
            + _SCRIPT % {"lang": json.dumps(lang), "nav": json.dumps(NAV_ITEMS)})

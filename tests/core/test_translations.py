"""Every catalogue under locale/ is complete and compiled: no entry of fr, de or lb is untranslated
or fuzzy, and each .mo holds what its .po says (compilemessages was run). The source language's
catalogue (en) is empty by design. Strings that Django and django-allauth show on our pages but
whose own catalogues lack a language are listed in apps/accounts/library_texts.py, so they are
here too."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(
    path
    for path in LOCALE.glob("*/LC_MESSAGES/*.po")
    if path.parts[-3] != settings.LANGUAGE_CODE  # the source language needs no translation
)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def po_entries(path: Path) -> list[Entry]:
    """The entries of a .po file, obsolete (`#~`) ones left out, strings unescaped. An entry ends
    where the next one's comments, msgctxt or msgid start after its msgstr."""
    entries: list[Entry] = []
    entry, target = Entry(), ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        keyword, _sep, rest = line.partition(" ")
        starts = line.startswith("#") or keyword in ("msgctxt", "msgid")
        if starts and entry.msgstrs:  # the previous entry is complete
            entries.append(entry)
            entry, target = Entry(), ""
        if line.startswith("#~"):
            entry = Entry()  # an obsolete entry: drop what was gathered for it
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in rest.split(",")}
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        elif not line.startswith("#"):
            target = keyword
            entry.line = entry.line or number
            if keyword.startswith("msgstr"):
                entry.msgstrs[_index(keyword)] = ""
            _append(entry, target, ast.literal_eval(rest))
    if entry.msgstrs:
        entries.append(entry)
    return entries


def _index(keyword: str) -> int:
    return int(keyword[7:-1]) if "[" in keyword else 0


def _append(entry: Entry, target: str, text: str) -> None:
    if target == "msgid":
        entry.msgid += text
    elif target == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif target == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif target.startswith("msgstr"):
        entry.msgstrs[_index(target)] += text


def _name(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-3:]))
def test_catalogue_is_complete(path):
    entries = [e for e in po_entries(path) if e.msgid]  # the header has an empty msgid
    assert entries, f"{path} is empty"
    fuzzy = [_name(e) for e in entries if "fuzzy" in e.flags]
    untranslated = [_name(e) for e in entries if not e.msgstrs or not all(e.msgstrs.values())]
    assert not fuzzy, f"{path}: fuzzy entries (check and translate them, then drop the flag): {fuzzy}"
    assert not untranslated, f"{path}: untranslated entries: {untranslated}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-3:]))
def test_catalogue_is_compiled(path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `manage.py compilemessages`"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for entry in po_entries(path):
        if not entry.msgid:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if entry.msgid_plural is None:
            found = {0: catalog.get(key)}
        else:
            found = {index: catalog.get((key, index)) for index in entry.msgstrs}
        if found != entry.msgstrs:
            stale.append(_name(entry))
    assert not stale, f"{mo} does not match {path.name}: run `manage.py compilemessages` ({stale[:5]})"


def test_reader_understands_the_po_format(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: lb\\n"\n\n'
        '#: a.py:1\nmsgid "One"\nmsgstr "Eent"\n\n'
        '#, fuzzy, python-format\n#| msgid "Old"\nmsgid ""\n"Long %(n)s "\n"text"\nmsgstr "Laang"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr ""\n\n'
        'msgid "%(n)d item"\nmsgid_plural "%(n)d items"\nmsgstr[0] "%(n)d Element"\nmsgstr[1] ""\n\n'
        'msgid "Quote \\"x\\"\\n"\nmsgstr "Zitat \\"x\\"\\n"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Fort"\n',
        encoding="utf-8",
    )
    entries = {e.msgid: e for e in po_entries(po)}
    assert set(entries) == {"", "One", "Long %(n)s text", "May", "%(n)d item", 'Quote "x"\n'}
    assert entries["One"].msgstrs == {0: "Eent"} and not entries["One"].flags
    assert "fuzzy" in entries["Long %(n)s text"].flags and entries["Long %(n)s text"].msgstrs == {0: "Laang"}
    assert entries["May"].msgctxt == "month" and entries["May"].msgstrs == {0: ""}
    assert entries["%(n)d item"].msgid_plural == "%(n)d items"
    assert entries["%(n)d item"].msgstrs == {0: "%(n)d Element", 1: ""}
    assert entries['Quote "x"\n'].msgstrs == {0: 'Zitat "x"\n'}

"""Email address phrases (nlseg/translate/offline/addresses.py, the provider list in
nlseg/catalog/data/email_providers.toml): providers, kinds of address, domains, endings."""

from __future__ import annotations

import pytest
from trees import AND, OR, C

from nlseg.catalog import standard_catalog
from nlseg.catalog.email import free_domains, provider_words
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.translate.offline import OfflineTranslator
from nlseg.tree import FilterTree, canonical_json, normalize, sentence

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()
EMAIL = "contact.email"


def ends(*endings: str):
    parts = [C(EMAIL, "ends_with", e) for e in endings]
    return parts[0] if len(parts) == 1 else OR(*parts)


def at(provider: str):
    return ends(*(f"@{d}" for d in provider_words()[provider].domains))


def none_of(node):
    return AND(C(EMAIL, "is_set"), {"kind": "group", "logic": "and", "negate": True,
                                    "children": [node]})  # fmt: skip


FREE = ends(*(f"@{d}" for d in free_domains()))
VP = C("contact.seniority", "in", ["VP"])

CASES = [
    ("gmail users", at("gmail")),
    ("Contacts on Yahoo", at("yahoo")),
    ("people using protonmail", at("protonmail")),
    ("VPs with a hotmail address", AND(VP, at("hotmail"))),
    ("contacts on aol or gmx", OR(at("aol"), at("gmx"))),
    ("VPs who are not on gmail", AND(VP, none_of(at("gmail")))),
    ("personal email addresses", FREE),
    ("VPs with work emails only", AND(VP, none_of(FREE))),
    ("anyone @initech.com", ends("@initech.com")),
    ("folks at globex.io", ends("@globex.io")),
    (".fr addresses", ends(".fr")),
    ("VPs with a .co.uk email", AND(VP, ends(".co.uk"))),
    ("email ends with .de", ends(".de")),
    ("a gmail.com email address", ends("@gmail.com")),
    ("whose address is @acme.com", ends("@acme.com")),
    # an address has one ending: a list of providers is any of them, under what follows
    (
        "aol or gmx users in spain",
        AND(OR(at("aol"), at("gmx")), C("contact.country", "in", ["Spain"])),
    ),
    ("gmx/aol folks who are VPs", AND(OR(at("gmx"), at("aol")), VP)),
    ("people on @initech.com or aol", OR(ends("@initech.com"), at("aol"))),
]


def tree_of(root) -> FilterTree:
    return normalize(parse_tree({"root": root}, CATALOG))


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_address_phrases(text, expected):
    answer = TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK)
    assert answer.tree is not None, (answer.error, answer.question)
    assert canonical_json(answer.tree.root) == canonical_json(tree_of(expected).root)
    assert answer.unparsed == []


@pytest.mark.parametrize("text", ["yahoo", "contacts on gmail", "gmial users"])
def test_a_provider_word_is_never_the_field_email(text):
    answer = TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK)
    assert answer.tree is None or "Email is set" not in (answer.explanation or "")
    assert not any(a.chosen == "Email" for a in answer.assumptions)


def test_several_endings_are_said_once():
    text = sentence(tree_of(at("yahoo")), CATALOG, CLOCK)
    assert text.startswith("Contacts where Email ends with any of '@")
    assert "'@yahoo.com'" in text and " or " not in text
    text = sentence(tree_of(none_of(at("icloud"))), CATALOG, CLOCK)
    assert "Email ends with none of '@icloud.com', '@mac.com', '@me.com'" in text


def test_every_provider_word_is_read_as_its_provider():
    for word, provider in provider_words().items():
        answer = TRANSLATOR.translate(f"people on {word}", catalog=CATALOG, clock=CLOCK)
        assert answer.tree is not None, word
        data = answer.tree.root.model_dump(mode="json", exclude_none=True)
        shown = canonical_json(answer.tree.root)
        for domain in provider.domains:
            assert f"@{domain}" in shown, (word, data)

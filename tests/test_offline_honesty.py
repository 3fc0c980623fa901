"""Honesty (issue 4, item 3): unparsed words, errors instead of guesses, documented defaults
for ambiguous words with their alternatives, and determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from trees import AND, DAYS, LAST, REL, C

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.translate.offline import OfflineTranslator
from nlseg.tree import canonical_json, normalize

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()
SEGMENTS = ("Webinar attendees",)
VP = C("contact.seniority", "in", ["VP"])
GERMANY = C("contact.country", "in", ["Germany"])


def translate(text: str, **kwargs):
    return TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK, segments=SEGMENTS, **kwargs)


def same(tree, expected) -> bool:
    return canonical_json(tree.root) == canonical_json(
        normalize(parse_tree(expected, CATALOG)).root
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello there", "Could not understand"),
        ("asdf qwerty", "not understood: 'asdf qwerty'"),
        ("what is the weather today", "is a question"),
        ("contacts", "would match everyone"),
        ("all accounts", "would match everyone"),
        ("delete all contacts", "asks to delete"),
        ("send an email to VPs in Germany", "asks to send"),
        ("please remove everyone in France", "asks to remove"),
        ("update the owner of all VPs", "asks to update"),
        ("VPs or cheese lovers", "not understood: 'VPs', 'cheese lovers'"),
        ("members of Foo Bar", "no saved segment named 'Foo Bar'"),
        ("tagged foobarbaz", "Could not understand"),
        ("", "empty"),
    ],
)
def test_no_tree_but_a_clear_error(text, message):
    result = translate(text)
    assert result.tree is None
    assert message in result.error
    assert result.engine == "offline"


@pytest.mark.parametrize(
    ("text", "expected", "unparsed"),
    [
        ("VPs in Germany who love cheese", AND(VP, GERMANY), ["love cheese"]),
        ("VPs and xyzzy", VP, ["xyzzy"]),
        ("VPs over 50", VP, ["over 50"]),
        ("VPs tagged foobarbaz", VP, ["tagged foobarbaz"]),
        ("VPs in segment Foo", VP, ["in segment Foo"]),
        # A negated or excluded part with an unknown word is dropped whole: the unknown word
        # could have widened it, so applying the rest could wrongly remove people.
        ("VPs who never opened the foobar email", VP, ["never opened the foobar email"]),
        ("VPs except the foobar ones", VP, ["foobar"]),
    ],
)
def test_partly_understood_gives_the_sound_part_and_the_rest_verbatim(text, expected, unparsed):
    result = translate(text)
    assert result.error is None
    assert same(result.tree, expected)
    assert result.unparsed == unparsed
    assert all(span in text for span in result.unparsed)
    assert any("Not understood" in n for n in result.notices)


def test_unknown_segment_says_so():
    result = translate("VPs in segment Foo")
    assert "There is no saved segment named 'Foo'." in result.notices


@pytest.mark.parametrize(
    ("text", "about", "chosen", "alternatives"),
    [
        (
            "enterprise accounts",
            "enterprise",
            C("account.tier", "in", ["Enterprise"]),
            [C("account.employee_count", "gte", 1000)],
        ),
        (
            "VPs in the UK",
            "in the UK",
            AND(VP, C("contact.country", "in", ["United Kingdom"])),
            [AND(VP, C("account.country", "in", ["United Kingdom"]))],
        ),
        (
            "contacts in Germany",
            "contacts",
            GERMANY,
            [AND(GERMANY, C("contact.record_type", "in", ["contact"]))],
        ),
        ("people tagged VIP", None, REL("tags", where=C("tag.name", "in", ["VIP"])), []),
        (
            "leads",
            "leads",
            C("contact.record_type", "in", ["lead"]),
            [C("contact.lifecycle_stage", "in", ["lead"])],
        ),
        (
            "customers",
            "customers",
            C("contact.lifecycle_stage", "in", ["customer"]),
            [C("account.type", "in", ["Customer"])],
        ),
        (
            "partners",
            "partners",
            C("account.type", "in", ["Partner"]),
            [
                C("contact.lead_source", "in", ["Partner"]),
                REL("tags", where=C("tag.name", "in", ["partner"])),
            ],
        ),
        (
            "VPs with no deal",
            "deal",
            AND(VP, REL("opportunities", "none")),
            [AND(VP, REL("account_opportunities", "none"))],
        ),
        (
            "created last month",
            "last month",
            C("contact.created_at", "in_period", "last_month"),
            [C("contact.created_at", "in_last", DAYS(1, "month"))],
        ),
        (
            "VPs with 3 meetings",
            "3 meetings",
            AND(
                VP,
                REL(
                    "activities",
                    "at_least",
                    3,
                    where=C("activity.activity_type", "in", ["meeting"]),
                ),
            ),
            [
                AND(
                    VP,
                    REL(
                        "activities",
                        "exactly",
                        3,
                        where=C("activity.activity_type", "in", ["meeting"]),
                    ),
                )
            ],
        ),
        (
            "VPs who recently opened an email",
            "recently",
            AND(
                VP,
                REL(
                    "email_events",
                    where=C("email_event.event_type", "in", ["open"]),
                    window=LAST(30),
                ),
            ),
            [
                AND(
                    VP,
                    REL(
                        "email_events",
                        where=C("email_event.event_type", "in", ["open"]),
                        window=LAST(7),
                    ),
                ),
                AND(
                    VP,
                    REL(
                        "email_events",
                        where=C("email_event.event_type", "in", ["open"]),
                        window=LAST(90),
                    ),
                ),
            ],
        ),
        (
            "VPs who haven't been contacted",
            "contacted",
            AND(VP, REL("activities", "none")),
            [
                AND(
                    VP,
                    REL(
                        "activities",
                        "none",
                        where=C("activity.activity_type", "in", ["call", "email", "meeting"]),
                    ),
                )
            ],
        ),
        (
            "VPs in EMEA",
            "in EMEA",
            AND(VP, C("owner.region", "in", ["EMEA"])),
            [
                AND(
                    VP,
                    C(
                        "contact.country",
                        "in",
                        [
                            "France",
                            "Germany",
                            "Italy",
                            "Netherlands",
                            "Spain",
                            "Sweden",
                            "United Kingdom",
                        ],
                    ),
                ),
                AND(
                    VP,
                    C(
                        "account.country",
                        "in",
                        [
                            "France",
                            "Germany",
                            "Italy",
                            "Netherlands",
                            "Spain",
                            "Sweden",
                            "United Kingdom",
                        ],
                    ),
                ),
            ],
        ),
        (
            "unsubscribed VPs",
            "unsubscribed",
            AND(VP, C("contact.email_opt_out", "is_true")),
            [
                AND(
                    VP,
                    REL("email_events", where=C("email_event.event_type", "in", ["unsubscribe"])),
                )
            ],
        ),
    ],
)
def test_ambiguous_words_take_the_documented_default_and_offer_the_others(
    text, about, chosen, alternatives
):
    result = translate(text)
    assert same(result.tree, chosen)
    if about is None:
        assert result.assumptions == []
        return
    (assumption,) = [a for a in result.assumptions if a.about == about]
    assert assumption.chosen
    got = [canonical_json(a.tree.root) for a in assumption.alternatives]
    want = [canonical_json(normalize(parse_tree(t, CATALOG)).root) for t in alternatives]
    assert got == want
    assert all(a.label for a in assumption.alternatives)


def test_context_decides_without_an_assumption():
    """ "accounts in Germany" is the account's country: no assumption about it."""
    result = translate("accounts in Germany")
    assert same(result.tree, C("account.country", "in", ["Germany"]))
    assert [a.about for a in result.assumptions] == []


def test_near_misses_are_corrected_and_reported():
    result = translate("VPs in Germnay")
    assert same(result.tree, AND(VP, GERMANY))
    assert any(a.about == "Germnay" and "Germany" in a.chosen for a in result.assumptions)


TEXTS = [
    "enterprise accounts in Germany that opened our last 3 campaigns but have no deal",
    "leads or customers in Spain with a score between 40 and 60",
    "VPs and directors in France, Spain or Italy except those tagged churn-risk",
    "contacts in the UK who recently clicked an email",
]


def _dump(results) -> str:
    return json.dumps([r.model_dump(mode="json") for r in results], sort_keys=True)


def test_same_input_same_output():
    first = _dump(translate(t) for t in TEXTS)
    second = _dump(
        OfflineTranslator().translate(t, catalog=CATALOG, clock=CLOCK, segments=SEGMENTS)
        for t in TEXTS
    )
    assert first == second


def test_output_does_not_depend_on_the_hash_seed():
    script = (
        "import json, sys\n"
        "from nlseg.catalog import standard_catalog\n"
        "from nlseg.clock import Clock\n"
        "from nlseg.translate.offline import OfflineTranslator\n"
        "t = OfflineTranslator()\n"
        "out = [t.translate(x, catalog=standard_catalog(), clock=Clock.at('2026-11-01'))"
        ".model_dump(mode='json') for x in json.loads(sys.argv[1])]\n"
        "print(json.dumps(out, sort_keys=True))\n"
    )
    outputs = set()
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, json.dumps(TEXTS)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1

"""Refinement (issue 4, item 2): a chat turn applied to a base tree gives the whole new tree."""

from __future__ import annotations

import pytest
from trees import AND, DAYS, LAST, OR, REL, C

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.translate.offline import OfflineTranslator
from nlseg.translate.offline.refine import classify
from nlseg.tree import canonical_json, normalize

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()

LEAD = C("contact.record_type", "in", ["lead"])
SCORE = C("contact.behavior_score", "gt", 50)
OPENED_90 = REL("email_events", where=C("email_event.event_type", "in", ["open"]), window=LAST(90))
BASE = AND(LEAD, SCORE, OPENED_90)
MEETINGS = REL("activities", "at_least", 3, where=C("activity.activity_type", "in", ["meeting"]))
CUSTOMERS_DE = AND(
    C("contact.lifecycle_stage", "in", ["customer"]), C("contact.country", "in", ["Germany"])
)
EMEA = C("owner.region", "in", ["EMEA"])
PARTNER_TAG = REL("tags", where=C("tag.name", "in", ["partner"]))
OPTED_OUT = C("contact.email_opt_out", "is_true")
EVENT_30 = REL(
    "campaign_memberships",
    where=AND(C("campaign.type", "in", ["Event"]), C("campaign_member.status", "in", ["Attended"])),
    window=LAST(30),
)

TURNS = [
    # narrow
    pytest.param(BASE, "only those in EMEA", AND(BASE, EMEA), id="narrow-only-those"),
    pytest.param(BASE, "just the ones in EMEA", AND(BASE, EMEA), id="narrow-just-the-ones"),
    pytest.param(
        BASE, "limit it to VPs", AND(BASE, C("contact.seniority", "in", ["VP"])), id="narrow-limit"
    ),
    pytest.param(
        BASE,
        "and who also have no deal",
        AND(BASE, REL("opportunities", "none")),
        id="narrow-who-also",
    ),
    # widen
    pytest.param(
        BASE, "also include anyone tagged partner", OR(BASE, PARTNER_TAG), id="widen-also-include"
    ),
    pytest.param(BASE, "add people tagged partner too", OR(BASE, PARTNER_TAG), id="widen-add"),
    pytest.param(BASE, "or anyone tagged partner", OR(BASE, PARTNER_TAG), id="widen-or"),
    pytest.param(
        CUSTOMERS_DE,
        "add Spain",
        AND(
            C("contact.lifecycle_stage", "in", ["customer"]),
            C("contact.country", "in", ["Germany", "Spain"]),
        ),
        id="widen-value-joins-its-list",
    ),
    pytest.param(
        CUSTOMERS_DE,
        "evangelists too",
        AND(
            C("contact.lifecycle_stage", "in", ["customer", "evangelist"]),
            C("contact.country", "in", ["Germany"]),
        ),
        id="widen-too",
    ),
    # change
    pytest.param(
        BASE,
        "make it 60 days",
        AND(
            LEAD,
            SCORE,
            REL("email_events", where=C("email_event.event_type", "in", ["open"]), window=LAST(60)),
        ),
        id="change-days",
    ),
    pytest.param(
        BASE,
        "change it to the last 2 weeks",
        AND(
            LEAD,
            SCORE,
            REL(
                "email_events",
                where=C("email_event.event_type", "in", ["open"]),
                window=LAST(2, "week"),
            ),
        ),
        id="change-window",
    ),
    pytest.param(
        BASE,
        "score over 70 instead",
        AND(LEAD, C("contact.behavior_score", "gt", 70), OPENED_90),
        id="change-score-condition",
    ),
    pytest.param(
        MEETINGS,
        "at least 5 instead",
        REL("activities", "at_least", 5, where=C("activity.activity_type", "in", ["meeting"])),
        id="change-count",
    ),
    pytest.param(
        MEETINGS,
        "make it 2",
        REL("activities", "at_least", 2, where=C("activity.activity_type", "in", ["meeting"])),
        id="change-count-keeps-quantifier",
    ),
    pytest.param(
        CUSTOMERS_DE,
        "France instead of Germany",
        AND(
            C("contact.lifecycle_stage", "in", ["customer"]), C("contact.country", "in", ["France"])
        ),
        id="change-value-instead-of",
    ),
    pytest.param(
        CUSTOMERS_DE,
        "change Germany to Spain",
        AND(
            C("contact.lifecycle_stage", "in", ["customer"]), C("contact.country", "in", ["Spain"])
        ),
        id="change-value-to",
    ),
    pytest.param(
        CUSTOMERS_DE,
        "make it Italy",
        AND(
            C("contact.lifecycle_stage", "in", ["customer"]), C("contact.country", "in", ["Italy"])
        ),
        id="change-value-make-it",
    ),
    pytest.param(
        CUSTOMERS_DE,
        "actually make it France",
        AND(
            C("contact.lifecycle_stage", "in", ["customer"]), C("contact.country", "in", ["France"])
        ),
        id="change-actually",
    ),
    pytest.param(
        BASE,
        "instead, this quarter",
        AND(
            LEAD,
            SCORE,
            REL(
                "email_events",
                where=C("email_event.event_type", "in", ["open"]),
                window={"op": "in_period", "value": "this_quarter"},
            ),
        ),
        id="change-leading-instead",
    ),
    # widening about the same records keeps their scope (the events, the window)
    pytest.param(
        EVENT_30,
        "also people who just registered",
        OR(
            EVENT_30,
            REL(
                "campaign_memberships",
                window=LAST(30),
                where=AND(
                    C("campaign.type", "in", ["Event"]),
                    C("campaign_member.status", "in", ["Attended", "Registered"]),
                ),
            ),
        ),
        id="widen-in-scope",
    ),
    # a number said alone changes the base's number
    pytest.param(
        BASE,
        "60 or higher",
        AND(LEAD, C("contact.behavior_score", "gte", 60), OPENED_90),
        id="change-bare-number",
    ),
    pytest.param(
        MEETINGS,
        "no, 2+ then",
        REL("activities", "at_least", 2, where=MEETINGS["where"]),
        id="change-bare-count",
    ),
    # remove
    pytest.param(
        CUSTOMERS_DE,
        "no need for the country condition",
        C("contact.lifecycle_stage", "in", ["customer"]),
        id="remove-no-need",
    ),
    pytest.param(BASE, "drop the score condition", AND(LEAD, OPENED_90), id="remove-field"),
    pytest.param(
        BASE,
        "remove the date restriction",
        AND(LEAD, SCORE, REL("email_events", where=C("email_event.event_type", "in", ["open"]))),
        id="remove-window",
    ),
    pytest.param(BASE, "forget about the email condition", AND(LEAD, SCORE), id="remove-relation"),
    pytest.param(
        AND(C("contact.country", "in", ["France", "Germany"]), LEAD),
        "remove Germany",
        AND(C("contact.country", "in", ["France"]), LEAD),
        id="remove-value",
    ),
    # exclude
    pytest.param(
        BASE,
        "exclude anyone who opted out",
        AND(BASE, AND(OPTED_OUT, negate=True)),
        id="exclude-opted-out",
    ),
    pytest.param(
        BASE,
        "but not those tagged VIP",
        AND(BASE, REL("tags", "none", where=C("tag.name", "in", ["VIP"]))),
        id="exclude-but-not",
    ),
    pytest.param(
        BASE,
        "remove anyone in France",
        AND(BASE, AND(C("contact.country", "in", ["France"]), negate=True)),
        id="exclude-remove-anyone",
    ),
]


def _tree(data):
    return parse_tree(data, CATALOG)


@pytest.mark.parametrize(("base", "turn", "expected"), TURNS)
def test_refinement(base, turn, expected):
    result = TRANSLATOR.translate(turn, catalog=CATALOG, clock=CLOCK, base=_tree(base))
    assert result.error is None, result.error
    assert result.unparsed == []
    assert canonical_json(result.tree.root) == canonical_json(normalize(_tree(expected)).root)


@pytest.mark.parametrize(
    ("turn", "mode"),
    [
        ("only those in EMEA", "narrow"),
        ("also include anyone tagged partner", "widen"),
        ("make it 60 days", "change"),
        ("at least 5 instead", "change"),
        ("drop the score condition", "remove"),
        ("drop anyone in France", "exclude"),
        ("exclude anyone who opted out", "exclude"),
        ("VPs in France", "narrow"),
        ("start over with leads", "restart"),
    ],
)
def test_turn_kinds(turn, mode):
    assert classify(turn).mode == mode


def test_an_unmarked_turn_narrows_and_offers_a_new_segment():
    result = TRANSLATOR.translate("VPs", catalog=CATALOG, clock=CLOCK, base=_tree(BASE))
    assert canonical_json(result.tree.root) == canonical_json(
        normalize(_tree(AND(BASE, C("contact.seniority", "in", ["VP"])))).root
    )
    (assumption,) = [a for a in result.assumptions if a.about == "VPs"]
    (alternative,) = assumption.alternatives
    assert canonical_json(alternative.tree.root) == canonical_json(
        _tree(C("contact.seniority", "in", ["VP"])).root
    )


def test_start_over_ignores_the_base():
    result = TRANSLATOR.translate(
        "start over: VPs in Spain", catalog=CATALOG, clock=CLOCK, base=_tree(BASE)
    )
    assert canonical_json(result.tree.root) == canonical_json(
        normalize(
            _tree(AND(C("contact.seniority", "in", ["VP"]), C("contact.country", "in", ["Spain"])))
        ).root
    )


@pytest.mark.parametrize(
    ("base", "turn", "message"),
    [
        (SCORE, "drop the score condition", "would leave no condition"),
        (BASE, "remove the tag condition", "Nothing in the current segment matches"),
        (BASE, "make it 60 meetings", "nothing that"),
        (BASE, "only", "not what to change"),
    ],
)
def test_refinements_that_cannot_apply_are_errors(base, turn, message):
    result = TRANSLATOR.translate(turn, catalog=CATALOG, clock=CLOCK, base=_tree(base))
    assert result.tree is None
    assert message in result.error


def test_several_windows_change_the_first_and_offer_the_others():
    base = AND(OPENED_90, REL("activities", "none", window=LAST(30)))
    result = TRANSLATOR.translate("make it 45 days", catalog=CATALOG, clock=CLOCK, base=_tree(base))
    trees = [result.tree, *(a.tree for a in result.assumptions[0].alternatives)]
    windows = sorted(sorted(child.window.value.amount for child in t.root.children) for t in trees)
    assert windows == [[45, 90], [30, 45]] or windows == [[30, 45], [45, 90]]
    assert DAYS(45)["amount"] == 45


@pytest.mark.parametrize(
    ("first", "turn", "field", "value"),
    [
        ("VPs in Germany", "only managers", "contact.seniority", ["Manager"]),
        ("VPs in Germany", "just the ones in france", "contact.country", ["France"]),
        ("VPs in Germany", "swap germany for italy", "contact.country", ["Italy"]),
    ],
)
def test_a_new_value_of_a_single_valued_field_replaces_the_old(first, turn, field, value):
    catalog, clock, translator = standard_catalog(), Clock.at("2026-11-01"), OfflineTranslator()
    base = translator.translate(first, catalog=catalog, clock=clock).tree
    answer = translator.translate(turn, catalog=catalog, clock=clock, base=base)
    assert answer.tree is not None, answer.error
    conditions = answer.tree.root.model_dump(mode="json")["children"]
    on_field = [c for c in conditions if c["field"] == field]
    assert [c["value"] for c in on_field] == [value]  # replaced, not ANDed (nobody)
    assert len(conditions) == 2 and not answer.warnings

"""What the store cannot answer (issue 4, item 3; docs/offline-translator.md, "What the store
cannot answer"): a number whose noun is unknown, predictions and windows ahead of today,
and requests for a figure. Each rule with requests it must not answer and requests of the
same shape that it still must."""

from __future__ import annotations

import datetime as dt

import pytest
from trees import AND, LAST, REL, C

from nlseg.catalog import load_catalog, standard_catalog
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.store import make_engine
from nlseg.sync.demo import build_demo
from nlseg.translate.offline import OfflineTranslator
from nlseg.translate.offline.future import parse_future
from nlseg.translate.offline.tokens import tokenize
from nlseg.tree import canonical_json, normalize

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")  # a Sunday
TRANSLATOR = OfflineTranslator()
VP = C("contact.seniority", "in", ["VP"])
DIRECTOR = C("contact.seniority", "in", ["Director"])
GERMANY = C("contact.country", "in", ["Germany"])
LEADS = C("contact.record_type", "in", ["lead"])
CUSTOMERS = C("contact.lifecycle_stage", "in", ["customer"])
FORECAST = "the store holds what happened, not forecasts"


def translate(text: str, **kwargs):
    return TRANSLATOR.translate(text, catalog=CATALOG, clock=CLOCK, **kwargs)


def same(tree, expected) -> bool:
    return canonical_json(tree.root) == canonical_json(
        normalize(parse_tree(expected, CATALOG)).root
    )


def close_date(op: str, value) -> dict:
    return REL("opportunities", where=C("opportunity.close_date", op, value))


def between(low: str, high: str) -> dict:
    return {"low": low, "high": high}


# --- 1. a number belongs to the noun it counts ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "unparsed"),
    [
        (
            "contacts with more than 500 Twitter followers",
            None,
            ["more than 500 Twitter followers"],
        ),
        ("VPs with over 10,000 LinkedIn connections", VP, ["over 10,000 LinkedIn connections"]),
        (
            "accounts with more than 50 open support tickets",
            None,
            ["more than 50 open support tickets"],
        ),
        (
            "directors with at least 3 visits to our booth",
            DIRECTOR,
            ["at least 3 visits to our booth"],
        ),
        (
            "VPs with more than 200 followers on LinkedIn",
            VP,
            ["more than 200 followers on LinkedIn"],
        ),
        ("VPs with at least 3 demo requests", VP, ["at least 3 demo requests"]),
        ("VPs in Germany with 5 or more app logins", AND(VP, GERMANY), ["5 or more app logins"]),
        ("contacts with over 100 LinkedIn ad clicks", None, ["over 100 LinkedIn ad clicks"]),
    ],
)
def test_a_number_whose_noun_is_unknown_is_unparsed_whole(text, expected, unparsed):
    """Never re-attached: not "more than 500 Paid Social campaigns", "3 meetings", "web visits"."""
    result = translate(text)
    assert result.unparsed == unparsed
    if expected is None:
        assert result.tree is None
        assert "not understood: " + ", ".join(f"'{u}'" for u in unparsed) in result.error
    else:
        assert result.error is None
        assert same(result.tree, expected)


def test_the_unknown_noun_is_named():
    result = translate("VPs with more than 1,000 Instagram followers")
    assert any("'followers' is not a field or record nlseg knows" in n for n in result.notices)


@pytest.mark.parametrize(
    ("text", "expected", "unparsed"),
    [
        (
            "VPs with more than 3 meetings",
            AND(
                VP, REL("activities", "at_least", 4, C("activity.activity_type", "in", ["meeting"]))
            ),
            [],
        ),
        ("accounts with more than 500 employees", C("account.employee_count", "gt", 500), []),
        (
            "contacts with at least 3 webinar registrations",
            REL(
                "campaign_memberships",
                "at_least",
                3,
                AND(
                    C("campaign.type", "in", ["Webinar"]),
                    C("campaign_member.status", "in", ["Registered", "Attended"]),
                ),
            ),
            [],
        ),
        (
            "contacts who opened more than 5 emails",
            REL("email_events", "at_least", 6, C("email_event.event_type", "in", ["open"])),
            [],
        ),
        (
            "contacts with deals over 50k",
            REL("opportunities", where=C("opportunity.amount", "gt", 50000)),
            [],
        ),
        (
            "contacts with more than 20 visits to the pricing page",
            REL(
                "activities",
                "at_least",
                21,
                AND(
                    C("activity.activity_type", "in", ["web_visit"]),
                    C("activity.subject", "contains", "pricing"),
                ),
            ),
            [],
        ),
        (
            "accounts with over 500 employees worldwide",
            C("account.employee_count", "gt", 500),
            ["worldwide"],
        ),
    ],
)
def test_numbers_of_known_nouns_still_count(text, expected, unparsed):
    result = translate(text)
    assert result.error is None
    assert same(result.tree, expected)
    assert result.unparsed == unparsed


# --- 2. predictions and the future -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "forecast"),
    [
        ("contacts likely to convert next month", "likely to convert next month"),
        ("people who will renew their contract", "will renew their contract"),
        ("contacts who open emails tomorrow", "open emails tomorrow"),
        ("accounts created next month", "created next month"),
        (
            "contacts who attended a webinar in the next 2 weeks",
            "attended a webinar in the next 2 weeks",
        ),
        ("anyone who is going to upgrade", "going to upgrade"),
    ],
)
def test_a_forecast_alone_is_an_error_that_says_why(text, forecast):
    result = translate(text)
    assert result.tree is None
    assert FORECAST in result.error
    assert f"'{forecast}'" in result.error
    assert result.unparsed == [forecast]


@pytest.mark.parametrize(
    ("text", "expected", "unparsed"),
    [
        ("leads who are about to churn", LEADS, ["about to churn"]),
        (
            "VPs in Germany going to attend the next webinar",
            AND(VP, GERMANY),
            ["going to attend the next webinar"],
        ),
        (
            "customers who will buy again in the coming weeks",
            CUSTOMERS,
            ["will buy again in the coming weeks"],
        ),
        ("VPs who will open or click our next email", VP, ["will open or click our next email"]),
        ("directors who won't renew", DIRECTOR, ["won't renew"]),
        ("VPs not likely to reply", VP, ["not likely to reply"]),
    ],
)
def test_a_forecast_beside_facts_is_unparsed_and_the_facts_stand(text, expected, unparsed):
    result = translate(text)
    assert result.error is None
    assert same(result.tree, expected)
    assert result.unparsed == unparsed
    assert any(FORECAST in n for n in result.notices)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "contacts on deals closing next quarter",
            close_date("between", between("2027-01-01", "2027-03-31")),
        ),
        (
            "VPs with a deal closing in the next 30 days",
            AND(VP, close_date("between", between("2026-11-01", "2026-12-01"))),
        ),
        (
            "VPs with deals next quarter",
            AND(VP, close_date("between", between("2027-01-01", "2027-03-31"))),
        ),
        (
            "contacts on deals expected to close this quarter",
            close_date("in_period", "this_quarter"),
        ),
        (
            "contacts who registered for the upcoming webinar",
            REL(
                "campaign_memberships",
                where=AND(
                    C("campaign.start_date", "after", "2026-11-01"),
                    C("campaign.type", "in", ["Webinar"]),
                    C("campaign_member.status", "in", ["Registered", "Attended"]),
                ),
            ),
        ),
        ("contacts likely to churn", REL("tags", where=C("tag.name", "in", ["churn-risk"]))),
        (
            "VPs who opened an email in the last 30 days",
            AND(
                VP,
                REL(
                    "email_events",
                    where=C("email_event.event_type", "in", ["open"]),
                    window=LAST(30),
                ),
            ),
        ),
        ("contacts owned by Will Turner", C("owner.name", "eq", "Will Turner")),
    ],
)
def test_planned_days_and_the_past_are_answered(text, expected):
    result = translate(text)
    assert result.error is None
    assert same(result.tree, expected)
    assert result.unparsed == []


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("next quarter", "between", (dt.date(2027, 1, 1), dt.date(2027, 3, 31))),
        ("next week", "between", (dt.date(2026, 11, 2), dt.date(2026, 11, 8))),
        ("in the next 30 days", "between", (dt.date(2026, 11, 1), dt.date(2026, 12, 1))),
        ("by next month", "between", (dt.date(2026, 11, 1), dt.date(2026, 12, 31))),
        ("later this year", "between", (dt.date(2026, 11, 2), dt.date(2026, 12, 31))),
        ("tomorrow", "on", dt.date(2026, 11, 2)),
        ("two weeks from now", "on", dt.date(2026, 11, 15)),
        ("the coming weeks", "after", dt.date(2026, 11, 1)),
        ("upcoming", "after", dt.date(2026, 11, 1)),
    ],
)
def test_future_windows_cover_the_days_ahead(text, op, value):
    tokens = tokenize(text)
    future = parse_future(tokens, 0, CLOCK.today)
    assert future is not None and future.kind == "window" and future.length == len(tokens)
    sense = future.senses[0]
    assert sense.op.value == op
    got = (sense.value.low, sense.value.high) if op == "between" else sense.value
    assert got == value


@pytest.mark.parametrize(
    "text", ["the following people", "people coming to the event", "in the last 30 days", "Will"]
)
def test_words_that_are_not_the_future(text):
    assert parse_future(tokenize(f"x {text}"), 1, CLOCK.today) is None


# --- 3. figures, not audiences -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("what's our average deal size?", "asks for a figure ('average deal size')"),
        ("show me the open rate for VPs in Germany", "asks for a figure ('open rate')"),
        ("total revenue from customers in France", "asks for a figure ('total revenue')"),
        ("churn rate of enterprise accounts", "asks for a figure ('churn rate')"),
        ("report on VPs in Germany", "asks for a figure ('report')"),
        ("VPs whose win rate is above 50%", "asks for a figure ('win rate')"),
        ("how many emails did we send last quarter?", "is a question ('how many emails"),
        ("how much pipeline do we have in EMEA", "is a question ('how much pipeline"),
        ("how many meetings did our reps book this month", "is a question ('how many meetings"),
        ("why did VPs stop opening our emails", "is a question ('why did …')"),
        ("what is the score of VPs in Germany", "is a question ('what is the score"),
    ],
)
def test_a_request_for_a_figure_is_an_error_never_a_tree(text, why):
    result = translate(text)
    assert result.tree is None
    assert why in result.error
    assert "not" in result.error and "audience" in result.error


@pytest.mark.parametrize(
    ("text", "expected", "unparsed"),
    [
        ("how many VPs are there in Germany?", AND(VP, GERMANY), []),
        (
            "how many people opened our last email?",
            REL("email_events", "all_of_last", 1, C("email_event.event_type", "in", ["open"])),
            [],
        ),
        ("how many of our contacts are in France", C("contact.country", "in", ["France"]), []),
        (
            "how many webinar attendees are in Spain",
            AND(
                REL(
                    "campaign_memberships",
                    where=AND(
                        C("campaign.type", "in", ["Webinar"]),
                        C("campaign_member.status", "in", ["Attended"]),
                    ),
                ),
                C("contact.country", "in", ["Spain"]),
            ),
            [],
        ),
        (
            "accounts with annual revenue over 10m",
            C("account.annual_revenue", "gt", 10_000_000),
            [],
        ),
        (
            "contacts whose job title contains 'Revenue Operations'",
            C("contact.title", "contains", "Revenue Operations"),
            [],
        ),
        ("VPs who downloaded the annual report", VP, ["downloaded the annual report"]),
    ],
)
def test_questions_about_people_and_metric_words_as_text_are_audiences(text, expected, unparsed):
    result = translate(text)
    assert result.error is None
    assert same(result.tree, expected)
    assert result.unparsed == unparsed


@pytest.mark.parametrize(
    ("turn", "error"),
    [
        ("what's their click rate?", "asks for a figure ('click rate')"),
        ("how much revenue did they bring?", "is a question ('how much revenue"),
        ("only those likely to buy", FORECAST),
    ],
)
def test_a_chat_turn_asking_for_a_figure_or_a_forecast_changes_nothing(turn, error):
    base = translate("VPs in Germany").tree
    result = translate(turn, base=base)
    assert result.tree is None
    assert error in result.error


def test_a_chat_turn_about_people_still_refines():
    base = translate("VPs in Germany").tree
    result = translate("how many of them opened emails", base=base)
    opened = REL("email_events", where=C("email_event.event_type", "in", ["open"]))
    assert same(result.tree, AND(VP, GERMANY, opened))


# --- vague references ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("VPs who attended the webinar", "webinar"),
        ("directors who opened the newsletter", "newsletter"),
        ("everyone who went to the event", "event"),
        ("VPs on the deal", "deal"),
        ("leads from that campaign", "campaign"),
    ],
)
def test_a_record_the_request_does_not_name_is_asked_about(text, noun):
    result = translate(text)
    assert result.tree is None and result.error is None
    assert result.question.startswith(f"Which {noun} do you mean")


def test_that_opening_a_relative_clause_is_no_reference():
    result = translate("people that attended a webinar")
    assert result.tree is not None and result.question is None


@pytest.mark.parametrize(
    "text",
    [
        "VPs who attended the webinar in March",
        "VPs who opened our last email",
        "VPs who attended webinars",
        "contacts with at least 2 meetings",
        "VPs who opened the 'Q3 launch' email",
    ],
)
def test_a_named_dated_or_counted_record_is_no_vague_reference(text):
    result = translate(text)
    assert result.tree is not None
    assert not any("does not say which one" in a.chosen for a in result.assumptions)


@pytest.fixture(scope="module")
def demo_catalog(tmp_path_factory):
    """The demo CRM's catalog, with its custom fields (Products Owned …)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    build_demo(engine, contacts=50, seed=42, as_of=dt.date(2026, 11, 1))
    yield load_catalog(engine)
    engine.dispose()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VPs who purchased a product", VP),
        ("directors who paid for a product", DIRECTOR),
    ],
)
def test_a_field_named_without_a_value_lists_the_values(demo_catalog, text, expected):
    result = TRANSLATOR.translate(text, catalog=demo_catalog, clock=CLOCK)
    assert result.unparsed == ["product"]
    won = REL("opportunities", where=C("opportunity.is_won", "is_true"))
    assert same(result.tree, AND(expected, won))  # no condition on Products Owned
    assert any(
        "'Products Owned' is named but no value is given for it (one of Analytics" in n
        for n in result.notices
    )


def test_a_field_named_as_one_without_its_value_is_asked_about(demo_catalog):
    result = TRANSLATOR.translate("directors who paid for the product", catalog=demo_catalog,
                                  clock=CLOCK)  # fmt: skip
    assert result.tree is None
    assert result.question.startswith("Which Products Owned do you mean? For example: “Analytics”")

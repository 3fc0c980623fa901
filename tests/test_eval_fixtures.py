"""The eval fixtures: the edge CRM tells readings apart; both fixtures are cached and alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import AND, DAYS, LAST, REL, C

from nlseg.catalog import DataType
from nlseg.evalsuite.fixtures import PARAMS, close_fixtures, load_segments, prepare_fixtures
from nlseg.evalsuite.fixtures import _key as fixture_key
from nlseg.evalsuite.gold import members_of
from nlseg.evaluate import parse_tree
from nlseg.segments import segment_resolver

SEGMENTS = Path(__file__).parent / "eval_cases" / "fixtures" / "segments.yaml"


@pytest.fixture(scope="session")
def eval_work_dir(tmp_path_factory) -> Path:
    # One directory per session (per xdist worker): fixture files are cached there by key.
    path = tmp_path_factory.getbasetemp() / "eval-work"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="module")
def fixtures(eval_work_dir):
    specs, problems = load_segments(SEGMENTS)
    assert problems == []
    prepared, problems = prepare_fixtures(eval_work_dir, specs)
    assert problems == []
    yield prepared
    close_fixtures(prepared)


def members(fixture, tree: dict) -> frozenset[int]:
    return members_of(fixture, parse_tree(tree, fixture.catalog), 10_000)


def OPENED(quantifier: str, count: int | None = None, kind: str = "open") -> dict:
    return REL("email_events", quantifier, count, where=C("email_event.event_type", "in", [kind]))


MEETINGS = C("activity.activity_type", "in", ["meeting"])
CREATED = "contact.created_at"

# (reading, tree, contacts it must select, contacts it must not): hand-placed edge rows.
READINGS = [
    (
        "created in the last 90 days",
        C(CREATED, "in_last", DAYS(90)),
        {231, 233, 234},
        {232, 235, 201},
    ),
    (
        "created more than 90 days ago",
        C(CREATED, "more_than_ago", DAYS(90)),
        {232},
        {231, 235, 201},
    ),
    (
        "created this month (starts today)",
        C(CREATED, "in_period", "this_month"),
        {233, 234, 235},
        {236, 244},
    ),
    ("created this quarter", C(CREATED, "in_period", "this_quarter"), {236, 233, 235}, {237}),
    ("created last quarter", C(CREATED, "in_period", "last_quarter"), {237}, {236}),
    ("created this year", C(CREATED, "in_period", "this_year"), {238, 236}, {239}),
    ("created this week", C(CREATED, "in_period", "this_week"), {240, 233, 234}, {241, 235}),
    ("created last week", C(CREATED, "in_period", "last_week"), {241, 242}, {240}),
    ("created in the last 6 months", C(CREATED, "in_last", DAYS(6, "month")), {245}, {246}),
    ("created in the last year", C(CREATED, "in_last", DAYS(1, "year")), {246}, {235}),
    (
        "opened each of the last 3 campaigns (tie: higher id)",
        OPENED("all_of_last", 3),
        {101, 105, 106, 107, 108},
        {102, 103, 104, 109},
    ),
    (
        "opened each of the last 2 campaigns",
        OPENED("all_of_last", 2),
        {101, 102, 103, 104, 109},
        {144, 175},
    ),
    (
        "clicked the last campaign",
        OPENED("all_of_last", 1, "click"),
        {171, 173, 174, 176},
        {172, 175, 177, 178},
    ),
    (
        "no account deal created in the last 90 days",
        REL("account_opportunities", "none", window=LAST(90)),
        {101, 106},
        {105},
    ),
    (
        "not contacted in the last 60 days",
        REL("activities", "none", window=LAST(60)),
        {112, 113, 116},
        {111, 115, 117, 114},
    ),
    (
        "no sales touch in the last 60 days",
        REL(
            "activities",
            "none",
            where=C("activity.activity_type", "in", ["call", "email", "meeting"]),
            window=LAST(60),
        ),
        {112, 113, 114, 116},
        {111, 115},
    ),
    ("no deal", REL("opportunities", "none"), {161, 164}, {165, 167}),
    ("no deal on the account", REL("account_opportunities", "none"), {161}, {164, 165}),
    (
        "no won deal",
        REL("opportunities", "none", where=C("opportunity.is_won", "is_true")),
        {174, 161},
        {173},
    ),
    (
        "at least 3 meetings",
        REL("activities", "at_least", 3, where=MEETINGS),
        {124, 125, 126},
        {121, 122, 123},
    ),
    ("exactly 2 meetings", REL("activities", "exactly", 2, where=MEETINGS), {123}, {122, 124}),
    (
        "at most 1 meeting (zero included)",
        REL("activities", "at_most", 1, where=MEETINGS),
        {121, 122, 113},
        {123, 126},
    ),
    ("at least 2 opens", OPENED("at_least", 2), {143, 144, 145}, {141, 142}),
    ("exactly 2 tags", REL("tags", "exactly", 2), {153}, {152, 154}),
    ("exactly 2 deals", REL("opportunities", "exactly", 2), {133}, {132, 134}),
    (
        "not in Germany (missing stays out)",
        C("contact.country", "not_in", ["Germany"]),
        {181},
        {201, 202, 203},
    ),
    (
        "not (in Germany) (missing comes in)",
        AND(C("contact.country", "in", ["Germany"]), negate=True),
        {181, 201, 202},
        {203},
    ),
    (
        "more than 100 employees",
        C("account.employee_count", "gt", 100),
        {182, 184},
        {181, 183, 204},
    ),
    ("account in France", C("account.country", "in", ["France"]), {181, 182, 185}, {184}),
    ("contact in France", C("contact.country", "in", ["France"]), {181, 182, 184}, {185}),
    ("tier Enterprise", C("account.tier", "in", ["Enterprise"]), {101, 108}, {107}),
    ("at least 1,000 employees", C("account.employee_count", "gte", 1000), {101, 107}, {108}),
    ("seniority VP", C("contact.seniority", "in", ["VP"]), {191}, {192, 193, 195}),
    ("title mentions VP", C("contact.title", "contains", "vp"), {191, 192, 193}, {194, 195}),
    ("lifecycle customer", C("contact.lifecycle_stage", "in", ["customer"]), {171}, {176}),
    ("customer account", C("account.type", "in", ["Customer"]), {171, 176, 173}, {174}),
    ("record type lead", C("contact.record_type", "in", ["lead"]), {161, 162}, {163}),
    ("lifecycle lead", C("contact.lifecycle_stage", "in", ["lead"]), {161, 163}, {162}),
    ("tagged partner", REL("tags", "any", where=C("tag.name", "in", ["partner"])), {251}, {252}),
    ("partner account", C("account.type", "in", ["Partner"]), {252}, {251}),
    ("prefers German", C("contact.custom.preferred_language", "in", ["German"]), {255, 101}, {256}),
    ("score at least 50", C("contact.behavior_score", "gte", 50), {211, 213, 215}, {212, 214, 201}),
    ("NPS 9 or more", C("contact.custom.nps", "gte", 9), {217, 218}, {219, 222}),
    (
        "trial started this quarter",
        C("contact.custom.trial_started", "in_period", "this_quarter"),
        {247, 249, 250},
        {248},
    ),
    ("owner has left", C("owner.is_active", "is_false"), {205}, {206, 201}),
    (
        "webinar attendees",
        REL(
            "campaign_memberships",
            "any",
            where=AND(
                C("campaign.type", "in", ["Webinar"]),
                C("campaign_member.status", "in", ["Attended"]),
            ),
        ),
        {261},
        {262, 263},
    ),
]


@pytest.mark.parametrize(
    ("reading", "tree", "inside", "outside"), READINGS, ids=[r[0] for r in READINGS]
)
def test_the_edge_fixture_tells_readings_apart(fixtures, reading, tree, inside, outside):
    got = members(fixtures["edge"], tree)
    assert inside <= got, f"{reading}: missing {sorted(inside - got)}"
    assert not outside & got, f"{reading}: should not select {sorted(outside & got)}"


def test_the_edge_fixture_is_small_and_the_demo_is_the_issue_s(fixtures):
    assert 60 <= fixtures["edge"].contacts <= 160
    assert fixtures["demo"].contacts == 5000
    assert fixtures["demo"].clock.today == fixtures["edge"].clock.today


def test_both_catalogs_know_the_same_fields_and_values(fixtures):
    demo, edge = fixtures["demo"].catalog, fixtures["edge"].catalog
    assert set(demo.fields) == set(edge.fields)
    for key, field in demo.fields.items():
        if field.data_type in (DataType.PICKLIST, DataType.MULTI_TEXT):
            assert set(field.values) == set(edge.fields[key].values), key


@pytest.mark.parametrize("name", ["demo", "edge"])
def test_the_saved_segments_are_in_both_fixtures(fixtures, name):
    fixture = fixtures[name]
    segment_id, tree = segment_resolver(fixture.engine, fixture.catalog)("recent openers")
    assert segment_id == 1 and tree.root.kind == "related"


def test_fixtures_are_cached_by_what_went_into_them(fixtures, eval_work_dir):
    specs, _ = load_segments(SEGMENTS)
    built = {name: f.path.stat().st_mtime_ns for name, f in fixtures.items()}
    again, _ = prepare_fixtures(eval_work_dir, specs)
    close_fixtures(again)
    assert {name: f.path for name, f in again.items()} == {n: f.path for n, f in fixtures.items()}
    assert {name: f.path.stat().st_mtime_ns for name, f in again.items()} == built
    for name in ("demo", "edge"):  # other segments, another file
        assert fixture_key(name, PARAMS[name], specs) != fixture_key(name, PARAMS[name], [])

"""Static lists (frozen snapshots) and CSV exports on both databases: exactly the members."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import update
from trees import AND, REL, SEG, C

from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import evaluate, parse_tree
from nlseg.export import CSV_HEADER, safe_cell, segment_csv, to_csv
from nlseg.segments import create_segment, delete_segment, update_segment
from nlseg.static_lists import (
    delete_static_list,
    freeze_segment,
    get_static_list,
    list_static_lists,
    member_count,
    static_list_csv,
)
from nlseg.store import schema
from nlseg.sync.demo import build_demo

AS_OF = dt.date(2026, 11, 1)
CLOCK = Clock.at(AS_OF)
DE = C("contact.country", "in", ["Germany"])
VP = C("contact.seniority", "in", ["VP"])
ENGAGED = REL("email_events", "at_least", 2, where=C("email_event.event_type", "in", ["open"]))


@pytest.fixture(scope="module")
def store(module_engine):
    build_demo(module_engine, contacts=400, seed=11, as_of=AS_OF)
    return module_engine, load_catalog(module_engine, refresh=True)


def member_ids(engine, catalog, root) -> list[int]:
    tree = parse_tree({"root": root}, catalog)
    return evaluate(engine, tree, clock=CLOCK, catalog=catalog, with_ids=True).contact_ids


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("root", [DE, AND(DE, ENGAGED), ENGAGED, AND(VP, DE, negate=True)])
def test_the_csv_is_exactly_the_segment_members(store, root):
    engine, catalog = store
    text = segment_csv(engine, parse_tree({"root": root}, catalog), catalog, CLOCK)
    rows = csv_rows(text)
    assert text.splitlines()[0] == ",".join(CSV_HEADER)
    assert [int(r["contact_id"]) for r in rows] == member_ids(engine, catalog, root)
    assert all(r["email"] for r in rows)


def test_the_csv_follows_live_segment_references(store):
    engine, catalog = store
    create_segment(engine, "CSV Germans", parse_tree({"root": DE}, catalog))
    text = segment_csv(
        engine, parse_tree({"root": AND(SEG("CSV Germans"), ENGAGED)}, catalog), catalog, CLOCK
    )
    assert [int(r["contact_id"]) for r in csv_rows(text)] == member_ids(
        engine, catalog, AND(DE, ENGAGED)
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\u200b=1+1", "'\u200b=1+1"),  # after a zero-width space
        ("\ufeff@SUM(A1)", "'\ufeff@SUM(A1)"),  # after a byte-order mark
        ("\uff1dHYPERLINK(1)", "'\uff1dHYPERLINK(1)"),  # a full-width equals sign
        ("\ufe62cmd", "'\ufe62cmd"),  # a small plus sign
        ("  =1", "'  =1"),  # after spaces
        ("\u00a0-1", "'\u00a0-1"),  # after a no-break space
        ("Anna", "Anna"),
        ("\u200bAnna", "\u200bAnna"),
        ("a=b", "a=b"),
        (42, 42),
    ],
)
def test_cells_a_spreadsheet_would_run_are_defused(value, expected):
    assert safe_cell(value) == expected


def test_to_csv_quotes_and_blanks():
    text = to_csv([(1, 'He said "hi", twice', None)], header=("a", "b", "c"))
    assert text == 'a,b,c\n1,"He said ""hi"", twice",\n'


def test_freezing_snapshots_todays_members_and_keeps_them(store):
    engine, catalog = store
    sid = create_segment(engine, "Frozen Germans", parse_tree({"root": DE}, catalog), author="ann")
    expected = member_ids(engine, catalog, DE)
    frozen = freeze_segment(engine, sid, catalog, CLOCK, author="ann")
    assert (frozen.segment_id, frozen.segment_name, frozen.segment_version) == (
        sid,
        "Frozen Germans",
        1,
    )
    assert (frozen.as_of, frozen.member_count, frozen.created_by) == (AS_OF, len(expected), "ann")
    assert frozen.name == "Frozen Germans — 2026-11-01"
    assert member_count(engine, frozen.id) == len(expected)
    assert [int(r["contact_id"]) for r in csv_rows(static_list_csv(engine, frozen.id))] == expected

    # The segment moves on; the list does not.
    update_segment(engine, sid, parse_tree({"root": AND(DE, VP)}, catalog), expected_version=1)
    assert member_count(engine, frozen.id) == len(expected)
    assert list_static_lists(engine, sid) == [get_static_list(engine, frozen.id)]

    # Deleting the segment keeps its snapshots.
    delete_segment(engine, sid)
    assert get_static_list(engine, frozen.id).segment_name == "Frozen Germans"
    delete_static_list(engine, frozen.id)
    assert member_count(engine, frozen.id) == 0
    assert list_static_lists(engine, sid) == []


def test_a_static_list_csv_shows_the_current_details_of_frozen_contacts(store):
    engine, catalog = store
    sid = create_segment(engine, "Frozen VPs", parse_tree({"root": VP}, catalog))
    frozen = freeze_segment(engine, sid, catalog, CLOCK, name="  VPs   on 1 Nov ")
    assert frozen.name == "VPs on 1 Nov"
    first = member_ids(engine, catalog, VP)[0]
    c = schema.contacts
    with engine.begin() as conn:  # the contact changes its email after the freeze
        conn.execute(update(c).where(c.c.id == first).values(email="changed@example.com"))
    rows = csv_rows(static_list_csv(engine, frozen.id))
    assert rows[0]["email"] == "changed@example.com"  # current details of frozen members
    assert len(rows) == frozen.member_count

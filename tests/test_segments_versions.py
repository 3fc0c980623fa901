"""Saved segments on both databases: versions, stale saves, history, restore, duplicate,
archive, delete while referenced, and reference cycles."""

from __future__ import annotations

import threading

import pytest
from trees import AND, SEG, C

from nlseg.catalog import standard_catalog
from nlseg.evaluate import parse_tree
from nlseg.segments import (
    ARCHIVED,
    SegmentError,
    SegmentInUse,
    StaleVersion,
    create_segment,
    delete_segment,
    duplicate_segment,
    get_segment,
    history,
    list_segments,
    restore_version,
    save_segment,
    segment_resolver,
    segments_revision,
    set_archived,
    update_segment,
    used_by,
    version_tree,
)
from nlseg.store import create_schema

CATALOG = standard_catalog()
DE = C("contact.country", "in", ["Germany"])
FR = C("contact.country", "in", ["France"])
VP = C("contact.seniority", "in", ["VP"])


def tree(root):
    return parse_tree({"root": root}, CATALOG)


@pytest.fixture
def store(engine):
    create_schema(engine)
    return engine


def test_create_then_update_keeps_every_version(store):
    sid = create_segment(store, "Germans", tree(DE), author="ann", description="d", source_text="t")
    assert update_segment(store, sid, tree(AND(DE, VP)), expected_version=1, author="bob") == 2
    info = get_segment(store, sid)
    assert (info.current_version, info.created_by, info.updated_by) == (2, "ann", "bob")
    assert (info.description, info.source_text) == ("d", "t")
    assert version_tree(store, sid, 1)["root"] == DE
    assert version_tree(store, sid)["root"]["kind"] == "group"
    assert segment_resolver(store, CATALOG)("germans")[1].to_json() == tree(AND(DE, VP)).to_json()


def test_a_save_against_a_stale_version_is_refused_and_writes_nothing(store):
    sid = create_segment(store, "Germans", tree(DE), author="ann")
    update_segment(store, sid, tree(AND(DE, VP)), expected_version=1, author="bob")
    with pytest.raises(
        StaleVersion, match=r"changed by bob at .* \(now version 2\) after you opened version 1"
    ):
        update_segment(store, sid, tree(FR), expected_version=1, author="cat")
    assert get_segment(store, sid).current_version == 2
    assert [v.version for v in history(store, sid, CATALOG)] == [2, 1]


def test_two_people_saving_the_same_version_at_once_cannot_both_win(store):
    sid = create_segment(store, "Germans", tree(DE))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(who: str, root) -> None:
        barrier.wait()
        try:
            update_segment(store, sid, tree(root), expected_version=1, author=who)
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=a) for a in (("ann", FR), ("bob", VP))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert get_segment(store, sid).current_version == 2
    assert len(history(store, sid, CATALOG)) == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  ", "needs a name"),
        ("1234", "only digits"),
        ("x" * 201, "at most 200"),
        ("GERMANS", "named 'Germans' already exists"),
    ],
)
def test_names_are_required_unique_ignoring_case_and_never_ids(store, name, message):
    create_segment(store, "Germans", tree(DE))
    with pytest.raises(SegmentError, match=message):
        create_segment(store, name, tree(FR))


def test_history_is_newest_first_with_readable_changes(store):
    sid = create_segment(store, "Germans", tree(DE), author="ann")
    update_segment(store, sid, tree(AND(DE, VP)), expected_version=1, author="bob", note="VPs")
    update_segment(store, sid, tree(AND(VP, DE)), expected_version=2, author="bob")
    versions = history(store, sid, CATALOG)
    assert [(v.version, v.author, v.note) for v in versions] == [
        (3, "bob", None),
        (2, "bob", "VPs"),
        (1, "ann", None),
    ]
    assert versions[0].changes == ["No change to the conditions."]
    assert versions[1].changes == ["Added: ALL of the following", "Added: Seniority is VP"]
    assert versions[2].changes == ["Created: Contacts where Country is Germany."]


def test_restore_makes_an_old_version_current_as_a_new_version(store):
    sid = create_segment(store, "Germans", tree(DE))
    update_segment(store, sid, tree(FR), expected_version=1)
    assert restore_version(store, sid, 1, CATALOG, expected_version=2, author="ann") == 3
    assert version_tree(store, sid)["root"] == DE
    assert history(store, sid, CATALOG)[0].note == "Restored version 1"
    with pytest.raises(StaleVersion):
        restore_version(store, sid, 2, CATALOG, expected_version=2, author="ann")


def test_duplicate_copies_the_current_tree_under_a_new_name(store):
    sid = create_segment(store, "Germans", tree(DE), description="d", source_text="people in DE")
    update_segment(store, sid, tree(AND(DE, VP)), expected_version=1)
    copy_id = duplicate_segment(store, sid, "German VPs", author="cat")
    copy = get_segment(store, copy_id)
    assert (copy.name, copy.current_version, copy.created_by) == ("German VPs", 1, "cat")
    assert (copy.description, copy.source_text) == ("d", "people in DE")
    assert version_tree(store, copy_id) == version_tree(store, sid)
    assert history(store, copy_id, CATALOG)[0].note == "Duplicated from 'Germans' version 2"
    with pytest.raises(SegmentError, match="already exists"):
        duplicate_segment(store, sid, "german vps", author="cat")


def test_archive_hides_from_the_default_list_and_unarchive_brings_it_back(store):
    sid = create_segment(store, "Germans", tree(DE))
    create_segment(store, "French", tree(FR))
    set_archived(store, sid, True)
    assert get_segment(store, sid).status == ARCHIVED
    assert [s.name for s in list_segments(store, include_archived=False)] == ["French"]
    assert {s.name for s in list_segments(store)} == {"Germans", "French"}
    # Segments that use an archived one keep evaluating it.
    assert segment_resolver(store, CATALOG)("Germans")[0] == sid
    set_archived(store, sid, False)
    assert len(list_segments(store, include_archived=False)) == 2


@pytest.mark.parametrize("reference", ["name", "id"])
def test_delete_is_refused_while_another_segment_uses_it(store, reference):
    sid = create_segment(store, "Germans", tree(DE))
    ref = "GERMANS" if reference == "name" else sid
    user = create_segment(store, "German VPs", tree(AND(SEG(ref), VP)))
    set_archived(store, user, True)
    assert [u.name for u in used_by(store, sid)] == ["German VPs"]
    with pytest.raises(SegmentInUse, match=r"'German VPs' \(archived\) use it"):
        delete_segment(store, sid)
    assert get_segment(store, sid).name == "Germans"
    update_segment(store, user, tree(VP), expected_version=1)  # no longer uses it
    delete_segment(store, sid)
    assert [s.name for s in list_segments(store)] == ["German VPs"]
    with pytest.raises(SegmentError, match="no saved segment"):
        get_segment(store, sid)


def test_a_reference_cycle_is_refused_on_save(store):
    a = create_segment(store, "A", tree(DE))
    create_segment(store, "B", tree(AND(SEG("A"), VP)))
    with pytest.raises(SegmentError, match="use itself: 'A' → 'B' → 'A'"):
        update_segment(store, a, tree(AND(SEG("b"), FR)), expected_version=1)
    with pytest.raises(SegmentError, match="use itself"):
        update_segment(store, a, tree(AND(SEG(a), FR)), expected_version=1)
    # A name cannot be referenced before it exists, so it cannot close a loop later.
    with pytest.raises(SegmentError, match="no saved segment 'd' to refer to"):
        create_segment(store, "C", tree(AND(SEG("D"), VP)))
    assert get_segment(store, a).current_version == 1


def test_save_segment_appends_a_version_for_scripts(store):
    first = save_segment(store, "Germans", tree(DE), author="fixture")
    again = save_segment(store, "Germans", tree(FR), author="fixture")
    assert first == again
    assert get_segment(store, first).current_version == 2


def test_the_revision_changes_whenever_a_segment_tree_can_have_changed(store):
    seen = [segments_revision(store)]
    a = create_segment(store, "A", tree(DE))
    seen.append(segments_revision(store))
    b = create_segment(store, "B", tree(FR))
    seen.append(segments_revision(store))
    update_segment(store, a, tree(FR), expected_version=1)
    seen.append(segments_revision(store))
    delete_segment(store, b)  # within the same second as the saves
    seen.append(segments_revision(store))
    assert len(set(seen)) == len(seen)


def test_a_reference_to_a_segment_that_does_not_exist_is_refused(engine):
    # it was saved, and bound to whichever segment took that name later
    from nlseg.catalog import load_catalog
    from nlseg.evaluate import parse_tree
    from nlseg.segments import SegmentError, create_segment, list_segments
    from nlseg.store import create_schema

    create_schema(engine)
    catalog = load_catalog(engine)
    later = parse_tree({"root": {"kind": "segment", "segment": "Later"}}, catalog)
    with pytest.raises(SegmentError, match="no saved segment 'later' to refer to"):
        create_segment(engine, "Uses later", later)
    assert list_segments(engine) == []
    base = parse_tree(
        {"root": {"kind": "condition", "field": "contact.country", "op": "is_set"}}, catalog
    )
    create_segment(engine, "Later", base)
    assert create_segment(engine, "Uses later", later) > 0  # once it exists

"""The Streamlit app, driven through ``streamlit.testing.v1.AppTest`` on a demo CRM: chat →
tree → count, assumptions, refinement and restore; editing (valid and invalid); live
preview; saving (new, new version, stale); managing segments; settings."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from trees import AND, SEG, C

from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import evaluate, parse_tree
from nlseg.segments import (
    create_segment,
    get_segment,
    list_segments,
    update_segment,
    version_tree,
)
from nlseg.static_lists import list_static_lists
from nlseg.store import make_engine
from nlseg.sync.demo import build_demo
from nlseg.tree import FilterTree

APP = str(Path(__file__).resolve().parents[1] / "app.py")
AS_OF = dt.date(2026, 11, 1)
CLOCK = Clock.at(AS_OF)
TIMEOUT = 60
SEGMENTS_PAGE = "nlseg/ui/pages/segments.py"
SETTINGS_PAGE = "nlseg/ui/pages/settings.py"


def shown(markdown: str) -> str:
    """Markdown as the reader sees it (the app escapes every punctuation character and puts
    an invisible zero-width space where a URL would become a link)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("app") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    build_demo(engine, contacts=600, seed=42, as_of=AS_OF)
    engine.dispose()
    return path


def _env(monkeypatch, url: str) -> None:
    monkeypatch.setenv("NLSEG_DATABASE_URL", url)
    monkeypatch.setenv("NLSEG_AS_OF", AS_OF.isoformat())
    monkeypatch.setenv("NLSEG_ENGINE", "offline")
    monkeypatch.setenv("NLSEG_USER", "ann")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture
def db(demo_file, tmp_path, monkeypatch) -> str:
    copy = tmp_path / "app.db"
    shutil.copy(demo_file, copy)
    url = f"sqlite:///{copy}"
    _env(monkeypatch, url)
    return url


@pytest.fixture
def app(db) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def ask(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def current_tree(at: AppTest) -> FilterTree:
    return at.session_state["tree"]


def count_of(url: str, tree: FilterTree) -> int:
    engine = make_engine(url)
    catalog = load_catalog(engine, refresh=True)
    parsed = parse_tree(tree.to_json(), catalog)
    return evaluate(engine, parsed, clock=CLOCK, catalog=catalog).count


def metric(at: AppTest) -> int:
    return int(at.metric[0].value.replace(",", ""))


def dump(node) -> str:
    """Everything the page sends to the browser, as text: every element's protobuf fields."""
    proto = getattr(node, "proto", None)
    parts = [str(v) for _, v in proto.ListFields()] if proto is not None else []
    parts += [dump(child) for child in getattr(node, "children", {}).values()]
    return "\n".join(parts)


def widget(elements, path: str, name: str):
    """The editor widget for ``name`` at ``path`` ("root", "1", "0.where.0") in this revision."""
    wanted = [e for e in elements if e.key and e.key.endswith(f":{path}:{name}")]
    assert len(wanted) == 1, [e.key for e in elements]
    return wanted[0]


def test_the_app_starts_with_an_empty_builder(app):
    assert [t.value for t in app.title] == ["Build a segment"]
    assert len(app.chat_input) == 1
    assert app.session_state["tree"] is None


def test_chat_gives_a_tree_its_sentence_and_the_live_count(app, db):
    ask(app, "VPs in Germany")
    tree = current_tree(app)
    assert tree is not None
    assert metric(app) == count_of(db, tree) > 0
    text = "\n".join(shown(m.value) for m in app.markdown)
    assert "Contacts where Country is Germany and Seniority is VP." in text
    assert app.dataframe  # the first contacts


def test_a_follow_up_refines_the_current_tree(app, db):
    ask(app, "VPs in Germany")
    first = metric(app)
    ask(app, "only those with a score over 50")
    fields = {c["field"] for c in current_tree(app).model_dump()["root"]["children"]}
    assert fields == {"contact.country", "contact.seniority", "contact.behavior_score"}
    assert metric(app) == count_of(db, current_tree(app)) <= first


def test_unparsed_words_are_highlighted_and_reported(app):
    ask(app, "customers zorblax in France")
    user_bubble = app.chat_message[0].markdown[0].value
    assert ":orange-background[zorblax]" in user_bubble
    assert any("Not understood: “zorblax”" in shown(w.value) for w in app.warning)


def test_an_answer_that_selects_nobody_is_shown_with_a_warning(app):
    ask(app, "VPs in Germany with a behavior score above 10000")
    errors = [shown(e.value) for e in app.chat_message[-1].error]
    assert any(
        "This selects nobody: “Overall Behavior Score is more than 10000” matches no contact" in e
        for e in errors
    ), errors
    assert metric(app) == 0


def test_switching_an_assumption_replaces_the_tree_and_the_count(app, db):
    ask(app, "enterprise accounts in Germany")
    before = current_tree(app).to_json()
    assert "account.tier" in before
    radio = next(r for r in app.radio if r.key and r.key.startswith("assume:0:0:"))
    radio.set_value(1).run()
    after = current_tree(app).to_json()
    assert "account.employee_count" in after and "account.tier" not in after
    assert metric(app) == count_of(db, current_tree(app))
    # and back
    next(r for r in app.radio if r.key and r.key.startswith("assume:0:0:")).set_value(0).run()
    assert current_tree(app).to_json() == before


def test_an_earlier_turn_can_be_restored(app):
    ask(app, "VPs in Germany")
    first = current_tree(app).to_json()
    ask(app, "only those tagged VIP")
    assert current_tree(app).to_json() != first
    app.button(key="restore:0").click().run()
    assert current_tree(app).to_json() == first


def test_an_unusable_request_keeps_the_tree_and_says_why(app):
    ask(app, "VPs in Germany")
    tree = current_tree(app).to_json()
    ask(app, "delete all contacts")
    assert current_tree(app).to_json() == tree
    assert app.chat_message[-1].error


def test_editing_a_value_updates_the_tree_and_the_count(app, db):
    ask(app, "VPs in Germany")
    country = widget(app.multiselect, "0", "value")
    assert country.value == ["Germany"]
    country.set_value(["France", "Spain"]).run()
    assert not app.exception
    children = current_tree(app).model_dump()["root"]["children"]
    assert children[0]["value"] == ["France", "Spain"]
    assert metric(app) == count_of(db, current_tree(app))


def test_an_invalid_edit_keeps_the_last_valid_tree_and_shows_the_message(app):
    ask(app, "VPs in Germany")
    before = current_tree(app).to_json()
    revision = app.session_state["tree_revision"]
    widget(app.multiselect, "0", "value").set_value([]).run()
    assert current_tree(app).to_json() == before
    assert app.session_state["tree_revision"] == revision
    (error,) = app.error
    assert "Country needs at least one value" in shown(error.value)
    assert "keeps its last valid version" in error.value
    # The next valid edit is applied and clears the message.
    widget(app.multiselect, "0", "value").set_value(["Spain"]).run()
    assert "Spain" in current_tree(app).to_json()
    assert not app.error


def test_changing_operator_then_value(app):
    ask(app, "VPs with a score over 50")
    score = next(
        i
        for i, c in enumerate(current_tree(app).model_dump()["root"]["children"])
        if c["field"] == "contact.behavior_score"
    )
    widget(app.selectbox, str(score), "op").set_value("between").run()
    node = current_tree(app).model_dump()["root"]["children"][score]
    assert node["op"] == "between"
    widget(app.number_input, str(score), "value:high").set_value(70).run()
    node = current_tree(app).model_dump()["root"]["children"][score]
    assert node["value"] == {"low": 50, "high": 70}


def test_changing_the_operator_of_free_text_asks_for_a_value(app):
    ask(app, "VPs in Germany")
    widget(app.selectbox, "root", "add").set_value("field:contact.title")
    widget(app.button, "root", "add_button").click().run()
    path = "2"
    assert current_tree(app).model_dump()["root"]["children"][2]["op"] == "is_set"
    before = current_tree(app).to_json()
    widget(app.selectbox, path, "op").set_value("contains").run()
    assert current_tree(app).to_json() == before  # no value yet: not applied
    assert "needs a text value" in shown(app.error[0].value)
    widget(app.text_input, path, "value").set_value("Marketing").run()
    node = current_tree(app).model_dump()["root"]["children"][2]
    assert (node["op"], node["value"]) == ("contains", "Marketing")


def test_groups_quantifiers_and_structure(app, db):
    ask(app, "VPs in Germany")
    widget(app.radio, "root", "logic").set_value("or").run()
    assert current_tree(app).root.logic == "or"
    widget(app.checkbox, "root", "negate").check().run()
    assert current_tree(app).root.negate is True
    widget(app.checkbox, "root", "negate").uncheck().run()
    widget(app.radio, "root", "logic").set_value("and").run()
    widget(app.selectbox, "root", "add").set_value("related:activities")
    widget(app.button, "root", "add_group").click().run()
    root = current_tree(app).model_dump()["root"]
    assert root["children"][2] == {
        "kind": "group",
        "logic": "or",
        "negate": False,
        "children": [
            {
                "kind": "related",
                "relation": "activities",
                "quantifier": "any",
                "count": None,
                "where": None,
                "window": None,
            }
        ],
    }
    widget(app.selectbox, "2.0", "quantifier").set_value("at_least").run()
    widget(app.number_input, "2.0", "count").set_value(3).run()
    widget(app.selectbox, "2.0", "when").set_value("in_last").run()
    related = current_tree(app).model_dump()["root"]["children"][2]["children"][0]
    assert (related["quantifier"], related["count"]) == ("at_least", 3)
    assert related["window"] == {"op": "in_last", "value": {"amount": 30, "unit": "day"}}
    widget(app.button, "2.0", "out").click().run()
    root = current_tree(app).model_dump()["root"]
    assert [c["kind"] for c in root["children"]] == ["condition", "condition", "related"]
    widget(app.button, "2", "up").click().run()
    kinds = [c["kind"] for c in current_tree(app).model_dump()["root"]["children"]]
    assert kinds == ["condition", "related", "condition"]
    assert metric(app) == count_of(db, current_tree(app))


def test_removing_the_last_condition_is_refused(app):
    ask(app, "VPs")
    before = current_tree(app).to_json()
    widget(app.button, "0", "remove").click().run()
    assert current_tree(app).to_json() == before
    assert "no conditions" in shown(app.error[0].value)


def test_the_waterfall_and_why_not(app, db):
    ask(app, "VPs in Germany with a score over 1000")
    assert any("No contact is left after" in shown(w.value) for w in app.warning)
    ask(app, "drop the score condition")
    engine = make_engine(db)
    catalog = load_catalog(engine)
    member = evaluate(
        engine,
        parse_tree(current_tree(app).to_json(), catalog),
        clock=CLOCK,
        catalog=catalog,
        preview=1,
    ).preview[0]
    app.text_input(key="why_email").set_value(member["email"].upper()).run()
    text = "\n".join(shown(m.value) for m in app.markdown)
    assert "is in the segment" in text
    assert ":green[✓]" in "\n".join(m.value for m in app.markdown)


def test_the_sql_is_shown_on_demand_with_bound_values(app):
    ask(app, "VPs in Germany")
    assert not app.code
    app.toggle(key="show_sql").set_value(True).run()
    sql = app.code[0].value
    assert "FROM contacts" in sql and "Germany" not in sql


def test_user_text_is_never_rendered_as_markup(app):
    text = "VPs <img src=x onerror=alert(1)> **bold** [link](http://evil.test) :red[x]"
    ask(app, text)
    raw = app.chat_message[0].markdown[0].value
    # Every markup character is escaped; the only live markup is the highlight of the
    # words that were not understood.
    body = raw.replace(":orange-background[", "")
    assert not re.search(r"(?<!\\)[<>*(\[:]", body)
    assert len(re.findall(r"(?<!\\)\]", body)) == raw.count(":orange-background[")
    assert shown(body).replace("]", "") == text.replace("]", "")  # shown exactly as typed


def test_save_then_save_a_new_version(app, db):
    ask(app, "VPs in Germany")
    app.text_input(key="save_name").set_value("German VPs")
    app.text_area(key="save_description").set_value("for the Q4 webinar")
    app.button(key="FormSubmitter:save_new-Save segment").click().run()
    assert not app.exception
    engine = make_engine(db)
    (saved,) = list_segments(engine)
    assert (saved.name, saved.current_version, saved.created_by) == ("German VPs", 1, "ann")
    assert saved.description == "for the Q4 webinar"
    assert saved.source_text == "VPs in Germany"
    assert version_tree(engine, saved.id) == current_tree(app).model_dump(
        mode="json", exclude_none=True
    )
    assert [t.value for t in app.title] == ["Edit “German VPs”"]
    widget(app.multiselect, "0", "value").set_value(["France"]).run()
    app.text_input(key="save_note:1").set_value("France instead")
    app.button(key="save_version").click().run()
    info = get_segment(engine, saved.id)
    assert info.current_version == 2
    assert "France" in str(version_tree(engine, saved.id))


def test_a_stale_save_is_refused_and_overwrites_nothing(app, db):
    ask(app, "VPs in Germany")
    app.text_input(key="save_name").set_value("German VPs")
    app.button(key="FormSubmitter:save_new-Save segment").click().run()
    engine = make_engine(db)
    catalog = load_catalog(engine)
    (saved,) = list_segments(engine)
    # Someone else saves version 2 meanwhile.
    theirs = parse_tree({"root": C("contact.country", "in", ["Spain"])}, catalog)
    update_segment(engine, saved.id, theirs, expected_version=1, author="bob")
    widget(app.multiselect, "0", "value").set_value(["France"]).run()
    app.button(key="save_version").click().run()
    assert any(
        "changed by bob" in shown(e.value) and "Nothing was overwritten" in shown(e.value)
        for e in app.error
    )
    assert get_segment(engine, saved.id).current_version == 2
    assert version_tree(engine, saved.id)["root"] == C("contact.country", "in", ["Spain"])


def test_a_duplicate_name_is_refused(app, db):
    engine = make_engine(db)
    create_segment(
        engine,
        "German VPs",
        parse_tree({"root": C("contact.seniority", "in", ["VP"])}, load_catalog(engine)),
    )
    ask(app, "VPs in Germany")
    app.text_input(key="save_name").set_value("german vps")
    app.button(key="FormSubmitter:save_new-Save segment").click().run()
    assert any("already exists" in shown(e.value) for e in app.error)
    assert len(list_segments(engine)) == 1


@pytest.fixture
def saved(db) -> dict[str, int]:
    engine = make_engine(db)
    catalog = load_catalog(engine, refresh=True)
    germans = create_segment(
        engine,
        "Germans",
        parse_tree({"root": C("contact.country", "in", ["Germany"])}, catalog),
        author="ann",
    )
    vps = create_segment(
        engine,
        "German VPs",
        parse_tree({"root": AND(SEG("Germans"), C("contact.seniority", "in", ["VP"]))}, catalog),
        author="bob",
    )
    return {"germans": germans, "vps": vps}


def open_segments(at: AppTest, segment_id: int | None = None) -> AppTest:
    at.switch_page(SEGMENTS_PAGE).run()
    assert not at.exception
    if segment_id is not None:
        at.selectbox(key="selected_segment").set_value(segment_id).run()
        assert not at.exception
    return at


def test_the_segment_list_shows_creator_update_and_count(app, db, saved):
    open_segments(app)
    table = app.dataframe[0].value
    assert list(table["Name"]) == ["German VPs", "Germans"]
    assert list(table["Created by"]) == ["bob", "ann"]
    engine = make_engine(db)
    catalog = load_catalog(engine)
    for name, n in zip(table["Name"], table["Contacts"], strict=True):
        tree = parse_tree(
            version_tree(engine, saved["vps" if name == "German VPs" else "germans"]), catalog
        )
        assert n == evaluate(engine, tree, clock=CLOCK, catalog=catalog).count


def test_delete_is_refused_while_used_and_archive_works(app, db, saved):
    open_segments(app, saved["germans"])
    app.checkbox(key="delete_sure").check().run()
    app.button(key="delete").click().run()
    assert any("cannot be deleted" in shown(e.value) for e in app.error)
    engine = make_engine(db)
    assert get_segment(engine, saved["germans"]).name == "Germans"
    app.button(key="archive").click().run()
    assert get_segment(engine, saved["germans"]).status == "archived"
    app.toggle(key="show_archived").set_value(True).run()
    app.button(key="unarchive").click().run()
    assert get_segment(engine, saved["germans"]).status == "active"


HOSTILE_NAME = "![t](http://tracker.example/p.png) [click](http://phish.example) **x**"


def test_a_hostile_segment_name_in_a_message_is_text(app, db):
    # archiving flashes a message with the name: it rendered as an image and a link
    engine = make_engine(db)
    catalog = load_catalog(engine)
    hostile = create_segment(
        engine, HOSTILE_NAME, parse_tree({"root": C("contact.country", "in", ["Spain"])}, catalog)
    )
    open_segments(app, hostile)
    app.button(key="archive").click().run()
    messages = [m.value for m in (*app.success, *app.info, *app.error)]
    assert any(HOSTILE_NAME in shown(m) for m in messages), messages
    for markdown in messages:
        assert "](" not in markdown.replace("\\]\\(", "") and "**" not in markdown


def test_duplicate_freeze_and_csv(app, db, saved):
    open_segments(app, saved["vps"])
    assert app.get("download_button")[0].label == "Download CSV of all members"
    app.text_input(key="dup_name").set_value("VPs copy")
    app.button(key="duplicate").click().run()
    engine = make_engine(db)
    assert "VPs copy" in {s.name for s in list_segments(engine)}
    app.button(key="freeze").click().run()
    (frozen,) = list_static_lists(engine, saved["vps"])
    catalog = load_catalog(engine)
    tree = parse_tree(version_tree(engine, saved["vps"]), catalog)
    assert frozen.member_count == evaluate(engine, tree, clock=CLOCK, catalog=catalog).count
    assert any(b.key == f"list_csv:{frozen.id}" for b in app.get("download_button"))


def test_history_restore_and_open_in_the_builder(app, db, saved):
    engine = make_engine(db)
    catalog = load_catalog(engine)
    update_segment(
        engine,
        saved["germans"],
        parse_tree({"root": C("contact.country", "in", ["France"])}, catalog),
        expected_version=1,
        author="bob",
    )
    open_segments(app, saved["germans"])
    text = "\n".join(shown(m.value) for m in app.markdown)
    assert "Changed: Country is Germany → Country is France" in text
    app.button(key="restore_v1").click().run()
    assert get_segment(engine, saved["germans"]).current_version == 3
    assert version_tree(engine, saved["germans"])["root"] == C("contact.country", "in", ["Germany"])
    app.button(key="open").click().run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Edit “Germans”"]
    assert app.session_state["editing"].version == 3
    assert "Germany" in current_tree(app).to_json()


def test_a_saved_segment_can_be_used_inside_another(app, db, saved):
    ask(app, "VPs")
    widget(app.selectbox, "root", "add").set_value("segment:Germans")
    widget(app.button, "root", "add_button").click().run()
    tree = current_tree(app)
    assert '"segment":"Germans"' in tree.to_json()
    assert metric(app) == count_of(db, tree)


def test_settings_show_translator_and_database_but_never_a_key(app, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRET-0123456789")
    app.switch_page(SETTINGS_PAGE).run()
    assert not app.exception
    text = "\n".join(shown(m.value) for m in app.markdown)
    assert "Active: offline" in text
    assert "OPENAI_API_KEY: set in the environment" in text
    assert "sqlite:" in text and "contacts" in text
    everything = dump(app.main) + dump(app.sidebar)
    assert "OPENAI_API_KEY" in shown(everything)
    assert "SECRET" not in everything


def test_an_empty_store_offers_the_demo(tmp_path, monkeypatch):
    _env(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert any("no CRM data yet" in shown(i.value) for i in at.info)
    at.button(key="load_demo").click().run()
    assert not at.exception
    assert any("Demo CRM loaded: 5,000 contacts" in shown(s.value) for s in at.success)


@pytest.mark.postgres
def test_chat_count_and_save_on_postgresql(postgres_engine, monkeypatch):
    build_demo(postgres_engine, contacts=300, seed=42, as_of=AS_OF)
    url = postgres_engine.url.render_as_string(hide_password=False)
    _env(monkeypatch, url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    ask(at, "VPs in Germany or France")
    assert metric(at) == count_of(url, current_tree(at))
    at.text_input(key="save_name").set_value("VPs DE FR")
    at.button(key="FormSubmitter:save_new-Save segment").click().run()
    assert [s.name for s in list_segments(postgres_engine)] == ["VPs DE FR"]


def test_settings_name_the_model_and_server_of_the_llm_but_never_the_key(db, monkeypatch):
    monkeypatch.setenv("NLSEG_ENGINE", "auto")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRET-0123456789")
    monkeypatch.setenv("NLSEG_LLM_MODEL", "qwen2.5:7b-instruct")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://user:SECRET2@127.0.0.1:9/v1?api-key=SECRET3")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(SETTINGS_PAGE).run()
    assert not at.exception
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert "Active: auto" in text
    assert "Model: qwen2.5:7b-instruct" in text
    assert "Server: http://127.0.0.1:9/v1" in text
    everything = dump(at.main) + dump(at.sidebar)
    assert "qwen2" in shown(everything)  # the dump holds what is shown…
    assert "SECRET" not in everything  # …and no key


def test_the_demo_is_loaded_only_into_an_empty_store(tmp_path):
    from nlseg.starter import ensure_demo
    from nlseg.store import has_crm_data

    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    first = ensure_demo(engine, as_of=AS_OF, contacts=50)
    assert first is not None and first.contacts == 50 and has_crm_data(engine)
    assert ensure_demo(engine, as_of=AS_OF, contacts=80) is None  # kept as it is
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM contacts").scalar_one() == 50


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "This is not valid JSON"),
        ("[1, 2]", "A filter tree is a JSON object"),
        (
            '{"root": {"kind": "condition", "field": "contact.contry", "op": "in", "value": ["Spain"]}}',
            "Did you mean 'contact.country'",
        ),
        ('{"root": {"kind": "group", "logic": "and", "children": []}}', "no conditions"),
    ],
)
def test_an_invalid_json_edit_keeps_the_tree_and_says_why(app, text, message):
    ask(app, "VPs in Germany")
    before = current_tree(app).to_json()
    revision = app.session_state["tree_revision"]
    app.text_area(key=f"ed:{revision}:json").set_value(text)
    app.button(key=f"ed:{revision}:json_apply").click().run()
    assert current_tree(app).to_json() == before
    assert any(message in shown(e.value) for e in app.error)


def test_a_valid_json_edit_replaces_the_tree(app, db):
    ask(app, "VPs in Germany")
    revision = app.session_state["tree_revision"]
    app.text_area(key=f"ed:{revision}:json").set_value(
        '{"root": {"kind": "condition", "field": "contact.country", "op": "in", "value": ["spain"]}}'
    )
    app.button(key=f"ed:{revision}:json_apply").click().run()
    assert current_tree(app).model_dump()["root"]["value"] == ["Spain"]
    assert metric(app) == count_of(db, current_tree(app))

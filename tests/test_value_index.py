"""The value index (nlseg/catalog/values.py, nlseg/translate/offline/names.py): names from
the store — accounts, campaigns, owners, cities — read with their counts on both databases,
recognised in requests (whole, a run of words, a first word), joined to the records they
belong to, never displacing the catalog's own words, and handed to the LLM prompt."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from nlseg.catalog import load_catalog
from nlseg.catalog.values import NAME_FIELDS, WORD_FIELDS, read_names
from nlseg.clock import Clock
from nlseg.evaluate import evaluate
from nlseg.store import schema
from nlseg.sync.demo import build_demo
from nlseg.translate.llm.prompt import user_message
from nlseg.translate.offline import OfflineTranslator

AS_OF = dt.date(2026, 11, 1)
CLOCK = Clock.at(AS_OF)
TRANSLATOR = OfflineTranslator()


@pytest.fixture(scope="module")
def store(module_engine):
    build_demo(module_engine, contacts=300, seed=11, as_of=AS_OF)
    return module_engine, load_catalog(module_engine, refresh=True)


def rows(engine, table) -> list:
    with engine.connect() as conn:
        return list(conn.execute(select(table)).mappings())


def test_names_and_counts_match_the_rows(store):
    engine, catalog = store
    assert set(catalog.names) == {*NAME_FIELDS, *WORD_FIELDS}
    for key, table, column in (
        ("account.name", schema.accounts, "name"),
        ("campaign.name", schema.campaigns, "name"),
        ("owner.name", schema.owners, "name"),
        ("contact.city", schema.contacts, "city"),
    ):
        expected = Counter(
            (r[column] or "").strip() for r in rows(engine, table) if (r[column] or "").strip()
        )
        got = dict(catalog.names[key])
        assert got == dict(expected), key
        counts = [n for _, n in catalog.names[key]]
        assert counts == sorted(counts, reverse=True)  # most frequent first


def test_an_empty_store_has_an_empty_index(tmp_path):
    from nlseg.store import create_schema, make_engine

    engine = make_engine(f"sqlite:///{tmp_path}/empty.db")
    create_schema(engine)
    with engine.connect() as conn:
        assert all(v == () for v in read_names(conn, load_catalog(engine, refresh=True)).values())


def members(engine, catalog, tree) -> set[int]:
    return set(evaluate(engine, tree, clock=CLOCK, catalog=catalog, with_ids=True).contact_ids)


def translate(catalog, text: str):
    return TRANSLATOR.translate(text, catalog=catalog, clock=CLOCK)


def test_an_account_name_typed_in_lower_case_selects_its_contacts(store):
    engine, catalog = store
    accounts = rows(engine, schema.accounts)
    account = next(a for a in accounts if len(a["name"].split()) >= 2)
    answer = translate(catalog, f"contacts at {account['name'].lower()}")
    assert answer.tree is not None, answer.error
    expected = {c["id"] for c in rows(engine, schema.contacts) if c["account_id"] == account["id"]}
    assert members(engine, catalog, answer.tree) == expected
    assert f"Account name is {account['name']}" in answer.explanation


def test_a_run_of_words_shared_by_several_campaigns_is_name_contains(store):
    engine, catalog = store
    campaigns = rows(engine, schema.campaigns)
    runs = Counter(" ".join(c["name"].split()[:2]) for c in campaigns if c["type"] == "Email")
    run, n = runs.most_common(1)[0]
    assert n > 1
    answer = translate(catalog, f"people who opened the {run.lower()} emails")
    assert answer.tree is not None, answer.error
    root = answer.tree.root.model_dump(mode="json", exclude_none=True)
    assert root["relation"] == "email_events"  # what those campaigns were used through
    held = {c["id"] for c in campaigns if run.casefold() in c["name"].casefold()}
    events = rows(engine, schema.email_events)
    expected = {
        e["contact_id"] for e in events if e["campaign_id"] in held and e["event_type"] == "open"
    }
    assert members(engine, catalog, answer.tree) == expected


def test_a_name_never_displaces_a_catalog_word(store):
    _, catalog = store
    assert "Singapore" in dict(catalog.names["contact.city"])  # a city and a country
    answer = translate(catalog, "contacts in singapore")
    assert "Country is Singapore" in answer.explanation


def test_the_llm_prompt_is_given_the_names_a_request_mentions(store):
    _, catalog = store
    account = next(
        v for v, _ in catalog.names["account.name"] if len(v.split()) >= 2 and v[-1].isalpha()
    )
    text = f"VPs at {account.lower()}"
    hints = TRANSLATOR.name_hints(text, catalog)
    assert hints == [f"\u201c{account.lower()}\u201d: Account name is {account}"]
    message = user_message(text, None, [], hints)
    assert f"Account name is {account}" in message
    assert message.endswith(text)  # the request stays last, as typed
    assert TRANSLATOR.name_hints("VPs in Germany", catalog) == []

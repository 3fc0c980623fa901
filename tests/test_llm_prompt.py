"""The prompt: versioned files, a compact catalog, examples that validate, user text as data."""

from __future__ import annotations

import json

import pytest
from llm_stub import answer

from nlseg.catalog import DataType, FieldDef, standard_catalog
from nlseg.clock import Clock
from nlseg.translate.llm import LLMTranslator
from nlseg.translate.llm.answer import (
    BoundedSegmentAnswer,
    OutlineSegmentAnswer,
    SegmentAnswer,
    answer_model,
    catalog_scope,
)
from nlseg.translate.llm.catalog_text import MAX_VALUES, render_catalog
from nlseg.translate.llm.prompt import (
    REQUEST_LINE,
    PromptError,
    answer_json,
    fill,
    load_prompt,
    messages,
    prompts_dir,
)
from nlseg.translate.llm.schema import has_refs_or_oneof
from nlseg.tree import FilterTree

CLOCK = Clock.at("2026-11-01")
PROMPT = load_prompt("v1")  # the whole catalog and every example
FOCUSED = load_prompt("v3")  # the catalog and the examples the request needs (the default)
EXAMPLES = [*PROMPT.examples, *load_prompt("v2").examples, *FOCUSED.examples]
TEMPLATE_TEXTS = [
    "contacts named {{ user.name }}",
    "{% for x in range(10) %}VIP{% endfor %}",
    "{{ 7*7 }} {# comment #} {% raw %}",
    "title contains '{{'",
    '  leading and trailing spaces, "quotes", back\\slash and ünïcödé  ',
    "[[catalog]] [[today]]",
]


def build(text: str, **kwargs):
    kwargs = {
        "catalog": standard_catalog(),
        "clock": CLOCK,
        "base": None,
        "history": (),
        "segments": (),
        **kwargs,
    }
    return messages(PROMPT, text, **kwargs)


@pytest.mark.parametrize("text", TEMPLATE_TEXTS)
def test_user_text_reaches_the_model_unchanged(text):
    system, user = build(text)
    assert user["content"].endswith("\n" + text)
    assert user["content"].split(REQUEST_LINE + "\n", 1)[1] == text
    assert text not in system["content"]


@pytest.mark.parametrize("text", TEMPLATE_TEXTS)
def test_earlier_turns_and_segment_names_are_data_too(text):
    system, user = build("only VPs", history=(text,), segments=(text,))
    assert json.dumps([text], ensure_ascii=False) in user["content"]
    assert json.dumps(text, ensure_ascii=False) in system["content"]
    assert "[[" not in system["content"].replace(json.dumps(text, ensure_ascii=False), "")


def test_refinement_carries_the_current_tree_and_the_turns():
    base = FilterTree.model_validate(
        {"kind": "condition", "field": "contact.country", "op": "in", "value": ["Germany"]},
        context={"catalog": standard_catalog()},
    )
    _, user = build("only VPs", base=base, history=("contacts in Germany",))
    assert '"field": "contact.country"' in user["content"]
    assert '["contacts in Germany"]' in user["content"]
    assert "answer with the whole new tree" in user["content"]


def test_the_system_prompt_has_today_the_catalog_and_the_examples():
    system = build("x")[0]["content"]
    assert "2026-11-01" in system
    assert '- contact.country "Country"' in system
    assert 'Request: "VPs and directors in Spain' in system
    assert "[[" not in system and "]]" not in system


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["request"][:40])
def test_every_example_answer_is_valid(example):
    with catalog_scope(standard_catalog()):
        parsed = BoundedSegmentAnswer.model_validate(answer(**example["answer"]))
        if example.get("current") is not None:
            FilterTree.model_validate(example["current"], context={"catalog": standard_catalog()})
    assert parsed.filter_tree is not None or parsed.refusal


def test_examples_are_not_eval_cases():
    import yaml

    texts = set()
    for path in (prompts_dir().parent / "eval" / "cases").rglob("*.yaml"):
        for case in yaml.safe_load(path.read_text()) or []:
            for key in ("text", "turns"):
                value = case.get(key)
                texts.update([value] if isinstance(value, str) else value or [])
    texts = {t.casefold() for t in texts}
    assert len(texts) > 250  # every split's cases were read
    assert [e["request"] for e in EXAMPLES if e["request"].casefold() in texts] == []


def test_custom_fields_and_many_values_in_the_catalog_text():
    values = tuple(f"Plan {i}" for i in range(MAX_VALUES + 5))
    custom = FieldDef(
        "contact.custom.plan",
        "contact",
        "Plan",
        DataType.PICKLIST,
        custom_key="plan",
        values=values,
    )
    text = render_catalog(standard_catalog().with_fields([custom]))
    assert '- contact.custom.plan "Plan": picklist [Plan 0,' in text
    assert f"Plan {MAX_VALUES - 1}, … 5 more]" in text
    assert "- tags: tags; where-fields of: tag; no window" in text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../etc", "not a prompt version name"),
        ("v999", "incomplete or missing"),
        ("", "not a prompt version name"),
    ],
)
def test_bad_prompt_versions(name, message):
    with pytest.raises(PromptError, match=message):
        load_prompt(name)


def test_markers_are_filled_once():
    assert fill("[[a]] [[b]]", {"a": "[[b]]", "b": "B"}) == "[[b]] B"
    with pytest.raises(PromptError, match=r"unknown marker \[\[c\]\]"):
        fill("[[c]]", {})


@pytest.mark.parametrize(
    ("mode", "model", "refs"),
    [
        ("tools", SegmentAnswer, True),
        ("json_schema", BoundedSegmentAnswer, False),
        ("json", OutlineSegmentAnswer, False),
        ("md_json", OutlineSegmentAnswer, False),
    ],
)
def test_each_mode_gets_a_schema_it_can_take(mode, model, refs):
    assert answer_model(mode) is model
    schema = model.model_json_schema()
    assert has_refs_or_oneof(schema) is refs
    assert schema["required"] == ["tree", "assumptions", "unsupported", "question", "refusal"]
    assert len(json.dumps(schema)) < 12_000  # local servers compile it into a grammar


@pytest.mark.parametrize("model", [BoundedSegmentAnswer, SegmentAnswer, OutlineSegmentAnswer])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["request"][:40])
def test_the_schemas_admit_every_example_answer_as_shown(model, example):
    jsonschema = pytest.importorskip("jsonschema")
    shown = json.loads(answer_json(example["answer"]))  # as rendered into the prompt
    jsonschema.validate(shown, model.model_json_schema())


# -- prompts/v3: what the request needs, after a system message that never changes ---------


def focused_messages(text: str, base=None) -> list[dict[str, str]]:
    catalog = standard_catalog()
    focus = LLMTranslator._focus(text, catalog, base)
    kwargs = {"catalog": catalog, "clock": CLOCK, "base": base, "history": (), "segments": ()}
    return messages(FOCUSED, text, focus=focus, **kwargs)


def focused(text: str, base=None) -> str:
    return "\n".join(m["content"] for m in focused_messages(text, base))


def test_the_system_message_is_the_same_for_every_request():
    # so a server that caches a prompt's prefix (llama.cpp, OpenAI) evaluates it once
    base = FilterTree.model_validate(
        {"root": {"kind": "condition", "field": "account.tier", "op": "in", "value": ["SMB"]}},
        context={"catalog": standard_catalog()},
    )
    first, second = focused_messages("VPs in Germany"), focused_messages("only deals", base)
    assert first[0] == second[0]
    assert "[[" not in first[0]["content"] and "Today is 2026-11-01." in first[1]["content"]
    assert first[1]["content"].endswith(REQUEST_LINE + "\nVPs in Germany")


def test_the_focused_catalog_has_what_the_request_names_and_not_the_rest():
    system = focused("leads in Germany with a score of at least 80")
    for line in (
        '- contact.country "Country"',
        "- contact.behavior_score",
        "- contact.record_type",
    ):
        assert line in system
    for absent in ("- contact.phone", "- opportunity.amount", "- tag.name"):
        assert absent not in system
    assert "Relations" not in system  # it names no related records
    assert "- multi_text:" not in system  # operators of the types shown only


def test_the_focused_catalog_lists_the_relations_the_request_needs():
    system = focused("opened our last 3 campaigns but no deal in the last 90 days")
    for line in ("- email_events: ", "- opportunities: ", "- email_event.event_type "):
        assert line in system
    assert "- tags: " not in system and "- activities: " not in system


def test_a_refinement_keeps_the_fields_of_the_current_tree():
    base = FilterTree.model_validate(
        {"root": {"kind": "condition", "field": "account.tier", "op": "in", "value": ["SMB"]}},
        context={"catalog": standard_catalog()},
    )
    assert "- account.tier" in focused("only those in Spain", base)


def test_a_request_that_names_nothing_known_gets_the_whole_catalog():
    assert "- contact.phone" in focused("hello there")


def test_the_nearest_examples_are_shown():
    system = focused("deals worth more than 50k closing this quarter")
    assert system.count("Request: ") == FOCUSED.max_examples == 2
    assert 'Request: "at least two open deals worth more than 20k, created this year"' in system


def test_a_request_sharing_no_word_with_an_example_gets_one():
    assert focused("hello there").count("Request: ") == 1


def test_the_focused_prompt_is_short():
    # Characters, not tokens (no tokenizer here): about 3.5 per token for this text. The
    # DESIGN's example took 13,562 characters with prompts/v1 (3,683 tokens of system prompt);
    # 1,740 tokens with prompts/v3 (Qwen2.5's tokenizer, system prompt 621 of them).
    text = (
        "enterprise accounts in Germany that opened our last 3 campaigns but have no deal "
        "created in the last 90 days"
    )
    assert len(focused(text)) < 6_500

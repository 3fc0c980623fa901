"""The JSON schemas the model is given, one per kind of server.

The tree is recursive (groups hold nodes); pydantic says so with ``$ref`` and a
discriminated ``oneOf``, which local servers that compile schemas into grammars mishandle
(ollama #7993 rejects self-references). So:

- :func:`recursive_schema` (``$defs``/``$ref``, ``anyOf``): OpenAI tool calling, compact;
- :func:`bounded_schema`: groups unrolled to :data:`GROUP_DEPTH` levels, everything inlined,
  node kinds told apart by one-value enums — for ``response_format`` json_schema on local
  servers;
- :func:`outline_schema`: the answer's keys only, the tree described in words — for plain
  JSON mode, where instructor pastes the schema into the prompt (the system prompt already
  documents the nodes), and for grammar mode, where the server is also given the
  catalog's own schema (nlseg.translate.llm.grammar) to constrain decoding.

Schemas only guide the model: every answer is validated against the catalog afterwards.
"""

from __future__ import annotations

from typing import Any

from nlseg.tree.models import Period, Quantifier, Unit

GROUP_DEPTH = 3  # a group, a group inside it, and one more: deeper trees are rare in speech
MAX_TEXT = 500
NULL = {"type": "null"}
VALUE_HELP = (
    "Values: text, number, boolean or null; a list for in, not_in, contains_any, "
    'contains_all; {"low", "high"} for between; {"amount", "unit": '
    + " | ".join(u.value for u in Unit)
    + "} for in_last and more_than_ago; for in_period one of "
    + ", ".join(p.value for p in Period)
    + "."
)
TREE_HELP = "The whole audience as one node (condition, group, related or segment), or null."


def _kind(name: str) -> dict[str, Any]:
    return {"type": "string", "enum": [name]}


def _obj(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    options = schema["anyOf"] if set(schema) == {"anyOf"} else [schema]
    return {"anyOf": [*options, NULL]}


def condition() -> dict[str, Any]:
    # "value" is unconstrained: a per-type union in every condition made the schema several
    # times larger, and the validator names the expected value on a reask.
    return _obj(
        {"kind": _kind("condition"), "field": {"type": "string"}, "op": {"type": "string"},
         "value": {}},
        ["kind", "field", "op", "value"],
    )  # fmt: skip


def group(children: dict[str, Any]) -> dict[str, Any]:
    return _obj(
        {
            "kind": _kind("group"),
            "logic": {"type": "string", "enum": ["and", "or"]},
            "negate": {"type": "boolean"},
            "children": {"type": "array", "items": children, "minItems": 1},
        },
        ["kind", "logic", "negate", "children"],
    )


def related(where: dict[str, Any]) -> dict[str, Any]:
    window = _obj({"op": {"type": "string"}, "value": {}}, ["op", "value"])
    return _obj(
        {
            "kind": _kind("related"),
            "relation": {"type": "string"},
            "quantifier": {"type": "string", "enum": [q.value for q in Quantifier]},
            "count": _nullable({"type": "integer", "minimum": 0}),
            "where": _nullable(where),
            "window": _nullable(window),
        },
        ["kind", "relation", "quantifier", "count", "where", "window"],
    )


def segment() -> dict[str, Any]:
    return _obj(
        {
            "kind": _kind("segment"),
            "segment": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "negate": {"type": "boolean"},
        },
        ["kind", "segment", "negate"],
    )


def bounded_node(depth: int = 1) -> dict[str, Any]:
    """A node whose groups nest at most ``GROUP_DEPTH - depth + 1`` more levels."""
    where = {"anyOf": [condition(), group(condition())]}
    leaves = [condition(), related(where), segment()]
    if depth > GROUP_DEPTH:
        return {"anyOf": leaves}
    return {"anyOf": [*leaves, group(bounded_node(depth + 1))]}


def _answer(tree: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    text = {"type": "string", "maxLength": MAX_TEXT}
    body = _obj(
        {
            "tree": {**tree, "description": TREE_HELP},
            "assumptions": {
                "type": "array",
                "items": _obj({"about": text, "chosen": text}, ["about", "chosen"]),
            },
            "unsupported": {"type": "array", "items": text},
            "question": _nullable(text),
            "refusal": _nullable(text),
        },
        ["tree", "assumptions", "unsupported", "question", "refusal"],
    )
    return {"title": title, "description": f"{description} {VALUE_HELP}", **body}


def bounded_schema(title: str, description: str) -> dict[str, Any]:
    return _answer(_nullable(bounded_node()), title, description)


def recursive_schema(title: str, description: str) -> dict[str, Any]:
    ref = {"$ref": "#/$defs/node"}
    where = {"anyOf": [{"$ref": "#/$defs/condition"}, group({"$ref": "#/$defs/condition"})]}
    defs = {
        "condition": condition(),
        "node": {"anyOf": [{"$ref": "#/$defs/condition"}, related(where), segment(), group(ref)]},
    }
    return {**_answer({"anyOf": [ref, NULL]}, title, description), "$defs": defs}


def outline_schema(title: str, description: str) -> dict[str, Any]:
    """The answer's keys, nothing more: instructor pastes this into the prompt (indented),
    and the system prompt says what each key holds and documents the nodes and values."""
    return {"title": title, "description": description, "type": "object",
            "required": ["tree", "assumptions", "unsupported", "question", "refusal"]}  # fmt: skip


def has_refs_or_oneof(schema: Any) -> bool:
    """True when ``$ref``, ``$defs``, ``oneOf`` or ``discriminator`` occur anywhere."""
    if isinstance(schema, dict):
        if {"$ref", "$defs", "oneOf", "discriminator"} & schema.keys():
            return True
        return any(has_refs_or_oneof(v) for v in schema.values())
    if isinstance(schema, list):
        return any(has_refs_or_oneof(v) for v in schema)
    return False

"""The openai client and the instructor wrapper for one server, with the mode that suits it."""

from __future__ import annotations

import logging

import instructor
import openai

from nlseg.translate.llm.settings import LLMSettings

# instructor logs every failed attempt at ERROR; we report failures ourselves, in words. A
# NullHandler keeps Python's last-resort handler from printing them on a bare CLI, while an
# application that configures logging still receives them.
logging.getLogger("instructor").addHandler(logging.NullHandler())

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "grammar": instructor.Mode.JSON,  # plus the catalog's schema for the server's grammar
    "md_json": instructor.Mode.MD_JSON,
}


def make_client(settings: LLMSettings) -> instructor.Instructor:
    # max_retries=0: tenacity (transport.py) owns retries, bounded by the deadline.
    raw = openai.OpenAI(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.request_timeout_s,
        max_retries=0,
    )
    return instructor.from_openai(raw, mode=MODES[settings.mode])

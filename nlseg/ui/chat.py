"""The conversation: describe an audience, read it back, switch assumptions, refine, restore.

Each turn is translated with the current tree as its base, so a follow-up ("only those in
EMEA") refines whatever is on screen, including edits made in the editor. Every answer
shows the tree as a sentence, the words that were not understood (highlighted in the
request), the clarifying question if any, and each assumption as a choice; switching a
choice replaces the tree with that reading. Any earlier turn's tree can be restored.
"""

from __future__ import annotations

import streamlit as st

from nlseg.review import review
from nlseg.segments import list_segments
from nlseg.translate import Translation
from nlseg.translate.diff import diff_lines
from nlseg.tree import FilterTree
from nlseg.tree.render import sentence
from nlseg.ui import resources, state
from nlseg.ui.markup import escape, highlight

CHAT_KEY = "chat_text"
MAX_CHARS = 2000


def _translate(text: str) -> Translation:
    engine, _notice = resources.translator()
    names = [s.name for s in list_segments(resources.engine(), include_archived=False)]
    try:
        answer = engine.translate(
            text,
            catalog=resources.catalog(),
            clock=resources.clock(),
            base=state.tree(),
            history=[t.text for t in state.turns()],
            segments=names,
        )
    except Exception as exc:  # a translator bug must not lose the conversation
        return Translation(error=f"The translator failed ({type(exc).__name__}); nothing changed.")
    try:  # contradiction and breadth warnings, shown above the count
        return review(
            answer, resources.engine(), resources.catalog(), resources.clock()
        ).translation
    except Exception as exc:  # a failed count is shown by the live preview; keep the answer
        note = f"The answer could not be checked for breadth ({type(exc).__name__})."
        return answer.model_copy(update={"notices": [*answer.notices, note]})


def _on_submit() -> None:
    text = (st.session_state.get(CHAT_KEY) or "").strip()
    if not text:
        return
    base = state.tree()
    answer = _translate(text)
    state.turns().append(state.Turn(text, answer, answer.tree, base))
    if answer.tree is not None:
        state.set_tree(answer.tree)


def turn_tree(turn: state.Turn) -> FilterTree | None:
    """The tree a turn stands for: its answer, or the alternative reading switched to."""
    if turn.choice is not None:
        assumption, alternative = turn.choice
        return turn.answer.assumptions[assumption].alternatives[alternative].tree
    return turn.tree


def _on_choice(index: int, assumption: int, key: str) -> None:
    turn = state.turns()[index]
    picked = st.session_state.get(key, 0)
    turn.choice = None if picked == 0 else (assumption, picked - 1)
    tree = turn_tree(turn)
    if tree is not None:
        state.set_tree(tree)


def _on_restore(index: int) -> None:
    tree = turn_tree(state.turns()[index])
    if tree is not None:
        state.set_tree(tree)
        state.flash("info", f"Restored the segment from turn {index + 1}.")


def _assumptions(index: int, turn: state.Turn, interactive: bool) -> None:
    for a, assumption in enumerate(turn.answer.assumptions):
        readable = [alt for alt in assumption.alternatives if alt.tree is not None]
        if not interactive or not readable:
            others = "; ".join(alt.label for alt in assumption.alternatives)
            st.caption(
                escape(f"Assumed “{assumption.about}” means {assumption.chosen}")
                + (escape(f" (could also be: {others})") if others else "")
            )
            continue
        options = [0, *range(1, len(assumption.alternatives) + 1)]
        labels = [assumption.chosen, *(alt.label for alt in assumption.alternatives)]
        picked = 0
        if turn.choice is not None and turn.choice[0] == a:
            picked = turn.choice[1] + 1
        usable = [i for i in options if i == 0 or assumption.alternatives[i - 1].tree is not None]
        key = f"assume:{index}:{a}:{state.revision()}"
        st.radio(
            escape(f"“{assumption.about}” means"),
            usable,
            index=usable.index(picked) if picked in usable else 0,
            format_func=lambda i, labels=labels: escape(labels[i]),
            key=key,
            on_change=_on_choice,
            args=(index, a, key),
            horizontal=True,
        )


def _count_line(tree: FilterTree) -> str:
    try:
        n = resources.count(tree)
    except Exception as exc:  # shown, not raised: the live preview reports failures in full
        return f"(count failed: {type(exc).__name__})"
    return f"**{n:,}** contact{'s' if n != 1 else ''}"


def _turn(index: int, turn: state.Turn, latest: bool) -> None:
    answer = turn.answer
    with st.chat_message("user"):
        st.markdown(highlight(turn.text, answer.unparsed))
    with st.chat_message("assistant"):
        tree = turn_tree(turn)
        if answer.error:
            st.error(escape(answer.error))
        for warning in answer.warnings:
            st.error(escape(warning), icon=":material/warning:")
        if tree is not None:
            text = sentence(tree, resources.catalog(), resources.clock())
            st.markdown(f"{escape(text)} {_count_line(tree)}")
            if turn.base is not None:
                changes = diff_lines(turn.base, tree, resources.catalog(), resources.clock())
                st.markdown("\n".join(f"- {escape(c)}" for c in changes) or "- No change.")
        if answer.unparsed:
            shown = ", ".join(f"“{u}”" for u in answer.unparsed)
            st.warning(escape(f"Not understood: {shown}. The highlighted words were left out."))
        if answer.question:
            st.info(escape(answer.question))
        for notice in answer.notices:
            st.caption(escape(notice))
        _assumptions(index, turn, interactive=latest)
        if tree is not None and not (latest and tree == state.tree()):
            st.button(
                "Restore this version",
                icon=":material/history:",
                key=f"restore:{index}",
                on_click=_on_restore,
                args=(index,),
                type="tertiary",
            )
        if answer.engine:
            st.caption(escape(f"Answered by {answer.engine}"))


def render() -> None:
    _engine, notice = resources.translator()
    if notice:
        st.warning(escape(notice))
    history = st.container(height=520, border=False)
    with history:
        if not state.turns():
            st.caption(
                "Describe who you want to reach, e.g. “enterprise accounts in Germany that "
                "opened our last 3 campaigns but have no deal created in the last 90 days”. "
                "Follow up to refine: “only VPs”, “drop the country condition”."
            )
        last = len(state.turns()) - 1
        for i, turn in enumerate(state.turns()):
            _turn(i, turn, latest=i == last)
    st.chat_input(
        "Describe who you want to reach…" if state.tree() is None else "Refine the segment…",
        key=CHAT_KEY,
        max_chars=MAX_CHARS,
        on_submit=_on_submit,
    )

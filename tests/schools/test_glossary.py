"""Glossary marking: terms explained in place, user text escaped, each text marked once."""

from __future__ import annotations

from pathways.engine.types import GlossaryTerm
from schools.glossary import WRAP_MEMO_SIZE, Glossary

TERMS = (GlossaryTerm("VTE", "Voltijds equivalent."), GlossaryTerm("IBO", "Opleiding."))


def test_a_term_is_wrapped_with_its_definition_and_other_text_is_escaped():
    html = Glossary(TERMS).wrap("<b>1,8 VTE</b> tekort")

    assert html == '&lt;b&gt;1,8 <abbr title="Voltijds equivalent.">VTE</abbr>&lt;/b&gt; tekort'


def test_a_text_is_marked_once_and_then_served_from_the_memo():
    glossary = Glossary(TERMS)

    first = glossary.wrap("Een IBO van 1 VTE")

    assert glossary.wrap("Een IBO van 1 VTE") is first


def test_the_memo_stays_bounded():
    glossary = Glossary(TERMS)
    for i in range(WRAP_MEMO_SIZE + 5):
        glossary.wrap(f"tekst {i}")

    assert len(glossary.__dict__["_wrapped"]) <= WRAP_MEMO_SIZE
    assert glossary.wrap("tekst 3") == "tekst 3"

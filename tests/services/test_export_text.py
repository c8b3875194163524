"""The export's JSON text is the standard library's, byte for byte, however it is written.

export_json writes each partner with portfolio_io.indented_json (orjson, for speed); the
reference is json.dumps(..., ensure_ascii=False, indent=2), what every export wrote before.
Any text (escapes, control characters, line and paragraph separators, astral characters,
broken surrogates), any whole number (beyond 64 bits too), nested lists and objects."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.model import Partner, Side, Stakeholder
from planner.services import portfolio_io
from planner.services.partners import add_partner
from planner.services.people import add_stakeholder

_TEXT = st.text(st.characters(codec=None), max_size=40) | st.sampled_from(
    ["", "\u2028\u2029", "\x7f\x1f\x00\b\f\n\r\t\"\\/", "\ud800", "e\u0301 😀 \U0010ffff"])
_SCALARS = (st.none() | st.booleans() | _TEXT
            | st.integers(min_value=-2**70, max_value=2**70))
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_indented_json_is_the_standard_librarys_text(value):
    assert portfolio_io.indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_an_export_of_awkward_text_is_the_documents_text(portfolio, tmp_path):
    acme = add_partner(portfolio.uow(), Partner(
        "Acme \u201cquoted\u201d \u2028 😀", notes='line\nbreak\ttab "quote" \\ \x7f',
        tags=("a/b", "\u00e9t\u00e9")))
    add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Zo\u00eb \u0635\u0641\u0627\u0621",
                                                 Side.THEIRS, role="\x1f control"))
    out = tmp_path / "export.json"
    assert portfolio_io.export_json(portfolio.uow(), out) == 1
    whole = portfolio_io.dump_document(portfolio_io.export_document(portfolio.uow()))
    assert out.read_bytes() == whole.encode("utf-8")

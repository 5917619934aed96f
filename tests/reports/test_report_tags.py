"""A web or e-mail address as the PDF prints it (reports.templatetags.report_tags)."""

from __future__ import annotations

from reports.templatetags.report_tags import printed_address


def test_a_url_keeps_its_scheme_with_its_host_and_may_break_in_its_path():
    assert printed_address("https://www.vdab.be/werkgevers/ibo") == (
        '<span class="address-head">https://www.vdab.be</span>/werkgevers/ibo'
    )
    assert printed_address("https://www.vdab.be") == (
        '<span class="address-head">https://www.vdab.be</span>'
    )


def test_an_e_mail_address_stays_in_one_piece():
    assert printed_address("werkgevers@vdab.be") == (
        '<span class="address-head">werkgevers@vdab.be</span>'
    )


def test_the_address_is_escaped_as_the_data_it_is():
    printed = printed_address('https://x.be/"><script>alert(1)</script>')
    assert "<script>" not in printed
    assert "&lt;script&gt;" in printed and "&quot;" in printed

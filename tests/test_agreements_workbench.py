"""The agreement workbench re-checks the draft as it is edited and keeps the user's text when something is wrong."""
from __future__ import annotations

import docx

from m4d.agreements import AgreementWorkbench, check_agreement_file


def test_editing_the_draft_updates_the_check():
    bench = AgreementWorkbench()
    assert bench.result.complete
    bench.draft.value = bench.draft.value.replace("## 12. Governance system", "## 12. Other matters")
    assert bench.result.missing == ["Governance system"]
    assert "Governance system" in bench.report.value


def test_bad_json_fields_show_a_message_and_keep_both_boxes():
    bench = AgreementWorkbench()
    draft = bench.draft.value
    bench.fields.value = '{"aim": "x",'
    bench.build()
    assert "not valid JSON" in bench.message.value
    assert bench.fields.value == '{"aim": "x",'
    assert bench.draft.value == draft


def test_switching_to_revision_mode_checks_against_the_revision_points():
    bench = AgreementWorkbench()
    bench.mode.value = "revision"
    assert len(bench.result.elements) == 11


def test_the_edited_draft_is_saved_as_word(tmp_path):
    bench = AgreementWorkbench()
    bench.save(str(tmp_path / "mou.docx"))
    assert check_agreement_file(tmp_path / "mou.docx").complete
    assert docx.Document(str(tmp_path / "mou.docx")).paragraphs[0].style.name == "Title"


def test_saving_without_the_docx_extension_is_refused_in_the_widget(tmp_path):
    bench = AgreementWorkbench()
    bench.save(str(tmp_path / "mou.pdf"))
    assert ".docx" in bench.message.value
    assert not (tmp_path / "mou.pdf").exists()

"""The Japanese edition: the English edition's code and outputs, with its own Japanese prose.

Its outputs are proven by equality with the English edition's, which the tests execute; its
numbers by equality, cell by cell and counted with their repeats, with the English prose's
numbers, which test_prose_numbers.py checks against the run; its named choices by
test_prose_numbers.py too.
"""

import re
from collections import Counter

from conftest import JAPANESE_NOTEBOOK, NOTEBOOK, ROOT
from notebook_outputs import code_cells
from test_prose_numbers import TOKEN, as_number, prose_of, without_non_results

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def markdown_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "markdown"]


def test_same_cells_in_the_same_order(committed, japanese):
    assert [c.cell_type for c in japanese.cells] == [c.cell_type for c in committed.cells]
    assert japanese.metadata == committed.metadata


def test_code_cells_are_the_english_editions_with_the_same_outputs(committed, japanese):
    for english, translated in zip(code_cells(committed), code_cells(japanese), strict=True):
        where = english.source.splitlines()[0]
        assert translated.source == english.source, where
        assert translated.metadata == english.metadata, where  # tags, folding, Colab's form
        assert translated.execution_count == english.execution_count, where
        assert translated.outputs == english.outputs, where


def test_every_paragraph_is_written_in_japanese(japanese):
    for cell in markdown_cells(japanese):
        text = re.sub(r"```.*?```", "", cell.source, flags=re.DOTALL)
        for paragraph in filter(str.strip, re.split(r"\n\s*\n", text)):
            if paragraph.startswith("*English edition"):
                continue  # the link to the English edition
            assert JAPANESE.search(paragraph), f"left in English: {paragraph[:80]!r}"


def numbers(text):
    """Every number in text, with how often it appears: a 7 changed to an 8 that the same cell
    also has elsewhere still shows."""
    return Counter(as_number(token.group()) for token in TOKEN.finditer(without_non_results(text)))


def test_every_number_is_the_english_editions(committed, japanese):
    english, translated = prose_of(committed), prose_of(japanese)
    assert len(english) == len(translated)
    for english_text, japanese_text in zip(english, translated, strict=True):
        assert numbers(japanese_text) == numbers(english_text), japanese_text[:80]


def test_the_posts_terms_are_used(japanese):
    text = "\n".join(cell.source for cell in markdown_cells(japanese))
    for term in ("主成分分析", "累積寄与率", "学習データ", "テストデータ", "ディープラーニング",
                 "学習ヒストリー", "混同行列", "混合マトリックス"):
        assert term in text, term


def test_each_edition_links_to_the_other(committed, japanese):
    assert f"]({JAPANESE_NOTEBOOK.name})" in committed.cells[0].source
    assert f"]({NOTEBOOK.name})" in japanese.cells[0].source
    # the README's first line, in Japanese, points to the Japanese page and edition, and the
    # Japanese edition to the Japanese page
    first_line = (ROOT / "README.md").read_text().splitlines()[0]
    assert JAPANESE.search(first_line)
    assert f"]({JAPANESE_NOTEBOOK.name})" in first_line and "](README.ja.md)" in first_line
    assert "](README.ja.md)" in japanese.cells[0].source


def test_in_page_links_reach_a_heading(japanese):
    text = "\n".join(cell.source for cell in markdown_cells(japanese))
    anchors = {heading.strip().replace(" ", "-")
               for heading in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links and set(links) <= anchors


def test_both_editions_name_overfitting_where_the_curves_show_it(committed, japanese):
    """The paragraph after the training curves names what they show, in each edition."""
    for nb, term in [(committed, "overfitting (過学習)"), (japanese, "過学習")]:
        curves = [i for i, cell in enumerate(nb.cells)
                  if 'show_and_save(fig, "training_history")' in cell.source]
        (after,) = [nb.cells[i + 1].source for i in curves]
        assert term in " ".join(after.split())

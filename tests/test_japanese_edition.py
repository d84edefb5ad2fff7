"""The Japanese edition: the English edition's code and outputs, with its own Japanese prose.

Its outputs are proven by equality with the English edition's, which the tests execute; its
numbers by value, cell by cell and counted with their repeats, against the English prose's
numbers, which test_prose_numbers.py checks against the run; its named choices by
test_prose_numbers.py too. Its words and style by the list in japanese_terms.py, which
README.ja.md follows as well.

Regressions tried for issue 39, each caught as listed:

- 十通り written for 10 通り in cell [68]: test_numerals_are_arabic_with_counters; and "ten"
  made "10" in the English of the same cell: nothing, as it should (numbers compare by value);
- a 7 made 8 in the Japanese of cell [64], and 0.035 made 0.036 in cell [68]:
  test_every_number_is_the_english_editions;
- 「補正後も 0.035 で、有意です」 put back in cell [68]:
  test_no_significance_where_the_english_names_no_level;
- 累積の割合 put back in cell [17], 付属 in README.ja.md, and 「残した数」 in cell [76]:
  test_one_term_for_each_idea and test_number_alone_names_no_idea;
- (p = 0.049、補正後は 0.147) in half-width parentheses:
  test_parentheses_around_japanese_are_full_width;
- 「次に試すなら：…を使う。」 in plain form in the summary's list: test_sentences_end_politely.
"""

import re
from collections import Counter

import japanese_terms
from conftest import JAPANESE_NOTEBOOK, NOTEBOOK, ROOT
from notebook_outputs import code_cells
from test_prose_numbers import TOKEN, as_number, prose_of, without_non_results

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
JAPANESE_README = ROOT / "README.ja.md"
# English number words, by value: the Japanese writes each as an Arabic numeral with a counter
ENGLISH_NUMBER_WORDS = {
    "zero": 0, "one": 1, "once": 1, "single": 1, "first": 1, "two": 2, "twice": 2, "both": 2,
    "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4, "five": 5, "fifth": 5, "six": 6,
    "seven": 7, "eight": 8, "eighth": 8, "nine": 9, "ten": 10, "tenth": 10}
NUMBER_WORD = re.compile(rf"\b({'|'.join(ENGLISH_NUMBER_WORDS)})\b", flags=re.IGNORECASE)
# a fraction, by value: the English "a tenth", the Japanese 「10 分の 1」
FRACTIONS = {"a tenth": 0.1, "a third": 1 / 3, "a quarter": 0.25, "half": 0.5}
JAPANESE_FRACTION = re.compile(r"(\d+) 分の (\d+)")


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
    """Every number written in digits in text, with how often it appears (a 7 changed to an 8
    that the same cell also has elsewhere still shows); a Japanese fraction as its value."""
    text = without_non_results(text)
    found = Counter(int(b) / int(a) for a, b in JAPANESE_FRACTION.findall(text))
    text = JAPANESE_FRACTION.sub(lambda match: " " * len(match.group()), text)
    return found + Counter(as_number(token.group()) for token in TOKEN.finditer(text))


def said_in_words(text):
    """The numbers an English text spells out, with how often: "ten seeds", "a tenth"."""
    found = Counter(value for phrase, value in FRACTIONS.items()
                    for _ in re.finditer(rf"\b{phrase}\b", text))
    words = NUMBER_WORD.findall(text)
    return found + Counter(ENGLISH_NUMBER_WORDS[word.lower()] for word in words)


def numbers_not_said_alike(english_text, japanese_text):
    """(the English digits the Japanese leaves out, the Japanese numbers the English does not
    say): the Japanese writes every number the English writes in digits, and no number that the
    English does not say in digits or in words, so that "ten" and 10 通り agree by value."""
    english, japanese = numbers(english_text), numbers(japanese_text)
    return english - japanese, japanese - (english + said_in_words(english_text))


def test_every_number_is_the_english_editions(committed, japanese):
    english, translated = prose_of(committed), prose_of(japanese)
    assert len(english) == len(translated)
    for english_text, japanese_text in zip(english, translated, strict=True):
        assert numbers_not_said_alike(english_text, japanese_text) == (Counter(), Counter()), (
            japanese_text[:80])


def test_numbers_compare_by_value_not_by_spelling():
    assert numbers_not_said_alike("over ten seeds, 15 to 9 mistakes",
                                  "10 通りのシードで、間違いは 15 枚から 9 枚") == (
        Counter(), Counter())
    assert numbers_not_said_alike("under a tenth of the range", "幅の 10 分の 1 未満") == (
        Counter(), Counter())
    assert numbers_not_said_alike("7 of them are 8s", "そのうち 8 枚は 8 で") == (
        Counter({7: 1}), Counter({8: 1}))
    assert numbers_not_said_alike("two numbers", "3 つの数") == (Counter(), Counter({3: 1}))


def japanese_texts(japanese):
    """{where: text} of the Japanese prose a reader reads: each markdown cell and README.ja.md,
    fenced code left out."""
    texts = {f"cell [{i}]": cell.source for i, cell in enumerate(japanese.cells)
             if cell.cell_type == "markdown"}
    texts[JAPANESE_README.name] = JAPANESE_README.read_text()
    return {where: re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
            for where, text in texts.items()}


def test_the_posts_terms_are_used(japanese):
    text = "\n".join(cell.source for cell in markdown_cells(japanese))
    for term in japanese_terms.POST_TERMS:
        assert term in text, term


def test_one_term_for_each_idea(japanese):
    found = [f"{where}: {match.group()!r} where the edition says {term}"
             for where, text in japanese_texts(japanese).items()
             for term, variants in japanese_terms.PREFERRED.items() for variant in variants
             for match in re.finditer(variant, text)]
    assert found == []


def test_number_alone_names_no_idea(japanese):
    allowed = "|".join(map(re.escape, japanese_terms.NUMBER_WORDS))
    found = []
    for where, text in japanese_texts(japanese).items():
        words = re.sub(allowed, "", text)
        found += [f"{where}: ...{words[max(0, m.start() - 12):m.end() + 4]}..."
                  for m in re.finditer("数", words)]
    assert found == [], "数 alone: say 主成分の数, 画素値 or 特徴量, or 枚数"


def test_numerals_are_arabic_with_counters(japanese):
    found = [f"{where}: {match.group()}" for where, text in japanese_texts(japanese).items()
             for match in re.finditer(japanese_terms.KANJI_COUNT, text)]
    assert found == []


def test_parentheses_around_japanese_are_full_width(japanese):
    found = []
    for where, text in japanese_texts(japanese).items():
        text = re.sub(r"\]\([^)\s]*\)", "]", text)  # a markdown link's target is no parenthesis
        found += [f"{where}: {match.group()}" for match in re.finditer(r"\([^()]*\)", text)
                  if re.search(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]", match.group())]
    assert found == []


def test_sentences_end_politely(japanese):
    """です・ます throughout, list items too: each sentence of the notebook's Japanese prose."""
    ending = re.compile(rf"{japanese_terms.POLITE_ENDING}(?:\*\*)?\s?(?:（[^（）]*）|\([^()]*\))?"
                        r"[）)]?$")  # bold, a parenthesis, or the close of one around it
    plain = []
    for i, cell in enumerate(japanese.cells):
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"```.*?```", " ", cell.source, flags=re.DOTALL)
        lines = [line for line in text.splitlines() if not line.startswith(("#", "*English"))]
        for sentence in re.split(r"(?<=。)", " ".join(lines)):
            sentence = sentence.strip().removesuffix("。")
            if JAPANESE.search(sentence) and not ending.search(sentence):
                plain.append(f"cell [{i}]: ...{sentence[-30:]}")
    assert plain == []


# The English names a significance level where it says "significant" or sets p against 0.05
SIGNIFICANCE_LEVEL = re.compile(r"significan|\b0\.05\b")


def test_no_significance_where_the_english_names_no_level(committed, japanese):
    """有意 only in a cell whose English twin names a level, and in README.ja.md only if
    README.md does: the Japanese claims no more than the English."""
    english, translated = prose_of(committed), prose_of(japanese)
    claims = [japanese_text[:60] for english_text, japanese_text in
              zip(english, translated, strict=True)
              if "有意" in japanese_text and not SIGNIFICANCE_LEVEL.search(english_text)]
    if "有意" in JAPANESE_README.read_text() and not SIGNIFICANCE_LEVEL.search(
            (ROOT / "README.md").read_text()):
        claims.append(JAPANESE_README.name)
    assert claims == []


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

"""The reader's pages and the reference: their links, their commands and their papermill example.

Their numbers are checked in test_prose_numbers.py, against the run; here, that every relative
link in a markdown file or in a notebook's markdown reaches a file of the project (a link to
GitHub's new-issue page, an issue form of the project), and every #anchor a heading of its
target, as GitHub (markdown) or JupyterLab (notebooks) makes them; that both READMEs open the
issue form itself; that README.ja.md gives README.md's two commands, and .ci/run reads them as
the tests do; and that the papermill example is the same wherever it is shown
(test_parameters.py runs it).

Regressions tried in a scratch checkout, together with those of the READMEs' numbers and the
reference's pins (test_prose_numbers.py), each caught as listed:

- README.md's link to REPRODUCIBILITY.md misspelt, and its #not-verified anchor:
  test_every_relative_link_reaches_a_file_and_a_heading[README.md], naming both;
- `pytest` made `pytest -x` in README.ja.md's test command:
  test_the_japanese_readme_gives_the_same_two_commands[test-command];
- the test accuracy in README.ja.md's key results made 0.9741:
  test_every_number_in_the_readme_is_checked[README.ja.md];
- REPRODUCIBILITY.md naming oneDNN's kernels for TensorFlow's products and Eigen's as the ones
  not used, and, on its own, its table giving `TF_NUM_INTRAOP_THREADS` as `2`:
  test_the_pins_the_reference_names_are_in_force;
- README.md linking the issue form's YAML again instead of the form (issue 38):
  test_the_readme_opens_the_issue_form_itself[README.md].
"""

import re
import shlex
import subprocess
from collections import Counter
from urllib.parse import unquote

import pytest
from conftest import JAPANESE_NOTEBOOK, NOTEBOOK, ROOT, project_files
from notebook_outputs import read_notebook
from papermill.cli import _resolve_type
from test_python_support import readme_command

MARKDOWN_FILES = sorted(name for name in project_files() if name.endswith(".md"))
NOTEBOOKS = [NOTEBOOK, JAPANESE_NOTEBOOK]
READMES = [ROOT / "README.md", ROOT / "README.ja.md"]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCED = re.compile(r"^```.*?^```", flags=re.DOTALL | re.MULTILINE)
HEADING = re.compile(r"^#{1,6} (.+?)\s*$", flags=re.MULTILINE)
COMMAND_MARKERS = ("notebook-command", "test-command", "notebook-command-windows",
                   "test-command-windows")


def markdown_of(path):
    """A markdown file's text, or a notebook's markdown cells joined, without fenced code."""
    if path.suffix == ".ipynb":
        text = "\n\n".join(c.source for c in read_notebook(path).cells if c.cell_type == "markdown")
    else:
        text = path.read_text()
    return FENCED.sub("", text)


def github_anchor(heading):
    """The anchor GitHub gives a markdown heading: lower case, punctuation dropped (letters of
    any script, digits, hyphens and underscores kept), each space a hyphen."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def jupyter_anchor(heading):
    """The anchor JupyterLab gives a notebook heading: the text, each space a hyphen."""
    return heading.strip().replace(" ", "-")


def anchors(path):
    headings = HEADING.findall(markdown_of(path))
    if path.suffix == ".ipynb":
        return {jupyter_anchor(heading) for heading in headings}
    found, seen = set(), Counter()
    for heading in headings:  # a repeated heading gets -1, -2, ... as on GitHub
        anchor = github_anchor(heading)
        found.add(anchor if not seen[anchor] else f"{anchor}-{seen[anchor]}")
        seen[anchor] += 1
    return found


def broken_links(path, text=None):
    """Each relative link in path (or in text, as if path held it) whose file is missing, or
    whose #anchor names no heading."""
    broken = []
    for target in LINK.findall(markdown_of(path) if text is None else text):
        if re.match(r"[a-z]+:", target):  # https:, mailto:: not the project's
            continue
        form = re.fullmatch(r"\.\./\.\./issues/new\?template=([\w.-]+)", target)
        if form:  # GitHub's page that opens an issue form, from a page at the repository's top
            if path.parent != ROOT or not (ROOT / ".github" / "ISSUE_TEMPLATE" / form[1]).is_file():
                broken.append(f"{target}: no such issue form")
            continue
        file_part, _, anchor = unquote(target).partition("#")
        destination = (path.parent / file_part).resolve() if file_part else path
        if not destination.exists() or ROOT not in (destination, *destination.parents):
            broken.append(f"{target}: no such file in the project")
        elif anchor and (destination.is_dir() or anchor not in anchors(destination)):
            broken.append(f"{target}: no heading with that anchor")
    return broken


@pytest.mark.parametrize("path", [ROOT / name for name in MARKDOWN_FILES] + NOTEBOOKS,
                         ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_reaches_a_file_and_a_heading(path):
    assert LINK.search(markdown_of(path)), "no link at all: the page is not read"
    assert broken_links(path) == []


def test_the_link_check_finds_a_dead_link_and_a_dead_anchor():
    text = ("[ok](README.md) [gone](NOPE.md) [there](README.md#nope) [here](#quick-start) "
            "[form](../../issues/new?template=reproduction.yml) "
            "[no form](../../issues/new?template=nope.yml)\n")
    assert broken_links(ROOT / "README.md", text) == [
        "NOPE.md: no such file in the project", "README.md#nope: no heading with that anchor",
        "../../issues/new?template=nope.yml: no such issue form"]
    assert github_anchor("The lock, and how to upgrade one package") == (
        "the-lock-and-how-to-upgrade-one-package")
    assert github_anchor("主な結果") == "主な結果"


@pytest.mark.parametrize("readme", READMES, ids=lambda path: path.name)
def test_the_readme_opens_the_issue_form_itself(readme):
    """GitHub opens the form from this link; a link to the form's YAML shows its source."""
    links = LINK.findall(markdown_of(readme))
    assert "../../issues/new?template=reproduction.yml" in links
    assert not [link for link in links if "ISSUE_TEMPLATE" in link]


@pytest.mark.parametrize("marker", COMMAND_MARKERS)
def test_the_japanese_readme_gives_the_same_two_commands(marker):
    english, japanese = (readme_command(marker, path) for path in READMES)
    assert japanese == english


@pytest.mark.parametrize("marker", COMMAND_MARKERS)
def test_ci_reads_the_commands_the_readme_shows(marker):
    """.ci/run finds the README's commands by their markers, with its own awk function."""
    script = (ROOT / ".ci" / "run").read_text()
    function = re.search(r"^readme_command\(\) \{.*?^\}$", script, flags=re.DOTALL | re.MULTILINE)
    assert function, ".ci/run has no readme_command function"
    result = subprocess.run(["bash", "-c", f"{function.group()}\nreadme_command {marker}"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == readme_command(marker)


def papermill_examples(text):
    """[(notebook, {name: value})] of each papermill command line shown in a text, the values
    as papermill's command line reads them."""
    examples = []
    for line in re.findall(r"^\S*papermill .+$", text, flags=re.MULTILINE):
        words = shlex.split(line)
        pairs = [words[i + 1:i + 3] for i, word in enumerate(words) if word == "-p"]
        examples.append((words[1], {name: _resolve_type(value) for name, value in pairs}))
    return examples


def documented_papermill_parameters():
    """The parameters of the papermill example, which the README, its Japanese page and both
    editions show, each for its own notebook: one example, the same everywhere."""
    shown = {}
    for path in READMES + NOTEBOOKS:
        text = path.read_text() if path.suffix == ".md" else "\n".join(
            c.source for c in read_notebook(path).cells if c.cell_type == "markdown")
        for notebook, parameters in papermill_examples(text):
            shown[(path.name, notebook)] = parameters
    assert {notebook for _, notebook in shown} == {NOTEBOOK.name, JAPANESE_NOTEBOOK.name}
    assert len(shown) == 4, shown
    (parameters,) = {tuple(sorted(p.items())) for p in shown.values()}
    return dict(parameters)


def test_the_papermill_example_is_one_and_the_same():
    parameters = documented_papermill_parameters()
    assert "IMAGES_DIR" in parameters and parameters["IMAGES_DIR"] != "images"  # keeps images/


def test_the_readers_page_stays_short():
    # what a reader needs on one screen or two; the rest is one link away
    assert len((ROOT / "README.md").read_text()) <= 8000

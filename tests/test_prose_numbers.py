"""Every number in the prose and every named choice, in both editions, checked against what the
executed kernel built (conftest.executed, kernel_probe.py). The figures are tests/test_figures.py's.

One mechanism for the prose: find every number in the markdown, then require each to sit inside
a CLAIM, whose numbers must equal the facts read from the kernel (to the decimals the prose
gives), or inside a NOT_A_RESULT, which says why it is not checked. A number in neither fails,
so new prose cannot quote an unchecked number; a claim that no longer matches fails too.

Regressions tried, each made consistently (code edited, notebook and images/ regenerated with
the README's command, or the prose alone edited), and the test that caught each:

- RMSprop swapped for Adam: test_named_choices_are_the_ones_that_ran (the optimizer) and
  test_every_number_in_the_prose_is_checked (the final validation loss, the epochs quoted);
- the last hidden layer of 128 units made 64: test_every_number_in_the_prose_is_checked (the
  layer sizes and weight counts the prose quotes);
- the model's PCA fitted on all 1797 images: test_named_choices_are_the_ones_that_ran, and
  test_every_number_in_the_prose_is_checked (the accuracy and mistakes it moves);
- the diagonal's count edited in the prose alone, and then the recall of the 8s:
  test_every_number_in_the_prose_is_checked;
- a sentence with a number that no claim covers added to the prose:
  test_every_number_in_the_prose_is_checked;
- in the sentence on the rewrite that the seeding line turns off, RMSprop named as Adam, in
  both editions: test_named_choices_are_the_ones_that_ran[English] and [Japanese] (before the
  pins moved to REPRODUCIBILITY.md, the same in the paragraph that named them, and there the
  Eigen and oneDNN kernels swapped, "one thread" made "two threads", "two emulated ARM CPUs"
  made "three" and ARMv8 made ARMv7, each caught; REPRODUCIBILITY.md's regressions are listed in
  tests/test_docs.py);
- 学習データだけで made すべてのデータで in the Japanese exploration paragraph (cell 14):
  test_named_choices_are_the_ones_that_ran;
- the mistakes gallery drawing only its first 8 tiles, the rest left empty, and the
  training-history legend showing the first epoch's values: caught then by a figure test that
  tests/test_figures.py now replaces (test_gallery_shows_each_mistake_once_in_order,
  test_training_curves_are_the_quantities_their_legends_name);
- (issue 39) README.md's headline back to McNemar's uncorrected p = 0.012: README.md's number
  check and test_headlines_quote_the_strongest_evidence_first; the English summary giving
  McNemar before the split sweep, and the Japanese one without 「学習済みのこの 2 つのモデル」:
  test_headlines_quote_the_strongest_evidence_first; the counts the folds separate written as
  5, 10 and 15 in cell [76], and as 2, 5 and 15 in README.md, and the sign of -0.0040 dropped:
  test_every_number_in_the_prose_is_checked and the README's check; split 0's difference put
  back to +0.0129 (rounded accuracies subtracted), the plain t to 6.04 and p to 0.028 in
  benchmarks/README.md: readme_split_sweep, which every test here then errors on.
"""

import math
import re
import statistics
from collections import Counter

import pytest
from check_emulated_cpus import MODELS as emulated_models
from conftest import ROOT
from test_seed_sweep import assert_corrected_t_test, assert_shared_test_images, counted

NUMBER = r"[-−]?\d+(?:,\d{3})*(?:\.\d+)?%?"  # a sign only where it touches the digits
TOKEN = re.compile(rf"(?<![A-Za-z0-9_.]){NUMBER}")  # next to kana or kanji too

# Numbers that are not results of the run, each with the reason it is not checked
NOT_A_RESULT = [
    (r"QEUR22_EXAMPLE01: 事例\(1\)", "the post's title"),
    (r"2 December 2022|2022 年 12 月 2 日", "the post's date"),
    (r"MNIST's 28x28|MNIST の 28x28", "another data set's image size, named as a next step"),
    (r"x86-64", "the name of a CPU architecture"),
    (r"A run took \S+ s on a 2-core CPU \(median\), \S+ times the post's own code"
     r"|2 コアの CPU では 1 回の実行に \S+ 秒（中央値）かかり、記事のコードの \S+ 倍",
     "the notebook's run time, from the benchmark's table (test_benchmarks.py compares them)"),
    (r"a probability near 1|確率が 1 に近くても", "a remark on what any probability means"),
    (r"capped at 1|上限は 1", "the largest a probability can be, where Bonferroni's p stops"),
    (r"`verbose=0`", "Keras' argument for a silent fit, shown as code"),
    (r"[Aa] fraction below 1|1 未満の小数", "how PCA's argument reads: below 1 means a share"),
    (r"not below 0\.05|0\.05 を下回りません", "the usual significance level, named as a threshold"),
    (r"Nadeau and Bengio 2003|Nadeau と Bengio \(2003\)", "the year the test was published"),
    (r"some 1s and 8s|1 と 8 のいくつか", "a reading of the picture that leads into the model"),
    (r'says 8, how often is it an 8\?", recall asks "of the real 8s'
     r"|「8 と答えたうち本当に 8 だったのはどれだけか」|「本物の 8 のうちどれだけを見つけたか」",
     "an example question, about one digit, that explains precision and recall"),
]


def slope(errors, fewer, more):
    """Grey levels of reconstruction error removed per extra component."""
    return (errors[str(fewer)] - errors[str(more)]) / (more - fewer)


def hardest(f):
    return max(range(f["n_classes"]), key=lambda digit: f["missed_per_digit"][digit])


def misread_as(f, digit):
    row = f["confusions"][digit]
    return [other for other, count in enumerate(row) if count and other != digit]


def most_confident(f, true, predicted):
    return max(f["wrong_probabilities"][f"{int(true)}->{int(predicted)}"])


def hardest_digit_claim(f):
    """The hardest digit, its misses, its test count, itself, its most frequent misreading's
    count and that misreading: the numbers of the sentence about it, in order."""
    digit = hardest(f)
    row = f["confusions"][digit]
    misread = max(misread_as(f, digit), key=row.__getitem__)
    return [digit, f["missed_per_digit"][digit], f["test_per_digit"][digit], digit, row[misread],
            misread]


def paired(f, name):
    """[only it right, only the network right, McNemar's p, Bonferroni's p] for a classic model."""
    return f["paired"][name]


def summary(values):
    """[mean, sd, min, max] of values."""
    return [statistics.mean(values), statistics.stdev(values), min(values), max(values)]


def other_splits(f):
    """The SVC over the notebook's other splits: [mean, sd, min, max]."""
    return summary(f["other_splits"])


def cut(f, n, column=0):
    """The cross-validated accuracy (column 0) or its sd over the folds (1) at n components."""
    return f["cut"][str(int(n))][column]


def kept_cut(f):
    """The kept count, the share it keeps, its cross-validated accuracy (only if the highest of
    the counts tried), and the accuracy with every component."""
    means = {int(count): mean for count, (mean, *_) in f["cut"].items()}
    kept = f["n_components"]
    best = means[kept] if means[kept] == max(means.values()) else NAN
    return [kept, f["parameters"]["VARIANCE_TO_KEEP"], best, f["n_pixels"], means[f["n_pixels"]]]


def svc_inside_split_range(f):
    _, _, lowest, highest = other_splits(f)
    svc = f["comparison"]["RBF SVC"][0]
    return [svc] if lowest < svc < highest else [NAN]


def split_sweep_lead(f):
    """The split sweep's count of splits (only if the SVC led on all) and the two means."""
    sweep = f["split_sweep"]
    return [sweep["splits"] if sweep["ahead"] == sweep["splits"] else NAN, sweep["svc_mean"],
            sweep["network_mean"]]


def first_epoch_inversion(f):
    history = f["history"]
    validation, training = history["val_accuracy"][0], history["accuracy"][0]
    return [1, validation, training] if validation > training else [NAN] * 3


def lowest_validation_loss(f):
    losses = f["history"]["val_loss"]
    return [min(losses)] if losses.index(min(losses)) == len(losses) - 1 else [NAN]


def sweep_mistakes(f):
    """Each swept seed's test mistakes, from its accuracy on the same test images."""
    return [round((1 - accuracy) * f["n_test"]) for accuracy in f["sweep"]["accuracies"]]


def best_case_reach(f, column):
    """For the best case's uncorrected (column 0) or corrected (1) p: the most network mistakes
    against which it stays at 0.05 or more, how many of the swept seeds make no more, and that
    p."""
    best = {int(m): ps[column] for m, ps in f["best_case"].items()}
    most = max(m for m, p in best.items() if p >= 0.05)
    return [most, sum(mistakes <= most for mistakes in sweep_mistakes(f)), best[most]]


def lowest_seed_accuracy(f):
    """The run's test accuracy, only if no swept seed scores lower (to the 4 decimals shown)."""
    return f["test_accuracy"] if round(f["test_accuracy"], 4) <= f["sweep"]["min"] else NAN


def fold_differences(f, n):
    """n components against the kept count, fold by fold: [mean difference, its standard error,
    folds above, folds below]."""
    kept = f["cut"][str(f["n_components"])][2]
    differences = [a - b for a, b in zip(f["cut"][str(int(n))][2], kept, strict=True)]
    return [statistics.mean(differences),
            statistics.stdev(differences) / math.sqrt(len(differences)),
            sum(d > 0 for d in differences), sum(d < 0 for d in differences)]


def trails_kept(f, n):
    """The prose's "n trails on k of the folds and never leads (d ± se SE)", d signed."""
    mean, error, above, below = fold_differences(f, n[0])
    return [n[0], below, f["n_folds"], mean, error] if above == 0 else [NAN] * 5


def differ_from_kept(f, n):
    """The prose's "a and b differ from the kept count on only i and j folds (d ± se and d ± se)",
    d signed; "only" while each differs on fewer than half the folds."""
    first, second = (fold_differences(f, count) for count in n[:2])
    folds = [first[2] + first[3], second[2] + second[3]]
    if max(folds) >= f["n_folds"] / 2:
        return [NAN] * 9
    return [n[0], n[1], f["n_components"], *folds, first[0], first[1], second[0], second[1]]


def separated_counts(f):
    """The counts of components that trail the kept count on every fold, the kept count and the
    number of folds: the prose's "the folds tell a, b and c components from k: each trails on
    all n folds". Recomputed fold by fold from the probe's own cross-validation."""
    trailing = [int(count) for count in f["cut"] if int(count) != f["n_components"]
                and fold_differences(f, count)[3] == f["n_folds"]]
    return [*sorted(trailing), f["n_components"], f["n_folds"]]


def plateau(f, n):
    """From n[0] components on, the lowest and the highest mean accuracy."""
    means = [mean for count, (mean, *_) in f["cut"].items() if int(count) >= n[0]]
    return [n[0], min(means), max(means)]


NAN = math.nan
# (template, expected): {} in a template stands for a number; a space for any white space or
# none (Japanese sets none). expected(facts, numbers) gives the values the numbers must equal.
CLAIMS = [
    ("{}x{}", lambda f, n: f["image_shape"]),
    ("compress each {}-pixel image to about {} numbers",
     lambda f, n: [f["n_pixels"], f["n_components"]]),
    ("`random_state` of {} is the blog's", lambda f, n: [f["parameters"]["SPLIT_RANDOM_STATE"]]),
    ("`random_state={}`", lambda f, n: [f["parameters"]["SPLIT_RANDOM_STATE"]]),
    ("Each of the {} images is", lambda f, n: [f["n_images"]]),
    ("grey levels from {} to {}", lambda f, n: [f["pixel_min"], f["pixel_max"]]),
    ("a row of {} numbers", lambda f, n: [f["n_pixels"]]),
    ("Draw the first {} digits",
     lambda f, n: [sum(len(ax["images"]) for ax in f["figures"]["digits_sample"]["axes"])]),
    ("the first {} rows run through {} to {} in order",
     lambda f, n: [f["first_rows_in_order"], 0, f["n_classes"] - 1]),
    ("the directions in the {}-pixel space", lambda f, n: [f["n_pixels"]]),
    ("with all {} components on all {} images", lambda f, n: [f["n_pixels"], f["n_images"]]),
    ("label, two numbers out of {}", lambda f, n: [f["n_pixels"]]),
    ("the {}s sit lowest", lambda f, n: [f["lowest_digit"]]),
    ("the {}s and then the {}s furthest right", lambda f, n: f["rightmost_digits"]),
    ("the {}s furthest left", lambda f, n: [f["leftmost_digit"]]),
    ("the {}s and {}s sit closest to the middle", lambda f, n: f["central_digits"]),
    ("Two components keep {} of", lambda f, n: [f["cumulative_variance"][1]]),
    ("`PCA({})`", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("share exceeds {}", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("{} components already hold {} of the variance",
     lambda f, n: [n[0], f["cumulative_variance"][int(n[0]) - 1]]),
    ("{} of the {} are enough for {}", lambda f, n: [
        f["components_needed"], f["n_pixels"], f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("From {} components on the curve stays above {}", lambda f, n: [
        next(k + 1 for k, share in enumerate(f["cumulative_variance"]) if share > n[1] / 100),
        n[1] / 100]),
    ("({} of them are blank in all {} images)",
     lambda f, n: [f["blank_in_every_image"], f["n_images"]]),
    ("Hold out {} of the images", lambda f, n: [1 - f["parameters"]["TRAIN_FRACTION"]]),
    ("so the {} test images", lambda f, n: [f["n_test"]]),
    ("with {} images the classes", lambda f, n: [f["n_images"]]),
    ("vectors of length {}", lambda f, n: [f["n_classes"]]),
    ("hidden layers of {}, {} and {} ReLU units, and a softmax layer of {}",
     lambda f, n: [layer[1] for layer in f["layers"]]),
    ("With {} inputs, {} of the {} weights sit in the connections between the hidden layers "
     "({} x {} and {} x {},", lambda f, n: [
         f["input_dim"], f["layers"][1][3] + f["layers"][2][3], f["total_params"],
         f["layers"][0][1], f["layers"][1][1], f["layers"][1][1], f["layers"][2][1]]),
    ("Train for {} epochs in batches of {}",
     lambda f, n: [f["parameters"]["EPOCHS"], f["parameters"]["BATCH_SIZE"]]),
    ("Training accuracy reaches {} by epoch {}", lambda f, n: [1, f["first_perfect_epoch"]]),
    ("fits its {} training images", lambda f, n: [f["n_train"]]),
    ("validation loss is at its lowest, {}, in the last epoch",
     lambda f, n: lowest_validation_loss(f)),
    ("settles at {} from epoch {} on",
     lambda f, n: [f["history"]["val_accuracy"][-1], f["val_accuracy_settled_from"]]),
    ("about {} points of accuracy", lambda f, n: [
        100 * (f["history"]["accuracy"][-1] - f["history"]["val_accuracy"][-1])]),
    ("In epoch {}, validation accuracy ({}) is above training accuracy ({})",
     lambda f, n: first_epoch_inversion(f)),
    ("the share of all {} test images", lambda f, n: [f["n_test"]]),
    ("Predict all {} test images in one batch", lambda f, n: [f["n_test"]]),
    ("its recall ({}) differs slightly from the accuracy ({})", lambda f, n: [
        f["macro_recall"], f["test_accuracy"]] if round(f["macro_recall"], 4) != round(
        f["test_accuracy"], 4) else [NAN, NAN]),
    ("The diagonal holds {} of the {} test digits", lambda f, n: [f["diagonal"], f["n_test"]]),
    ("misses the {} most often on this split: {} of the {} test {}s are misread, {} of them as {},",
     lambda f, n: hardest_digit_claim(f)),
    ("hence its recall of only {}", lambda f, n: [f["recall_per_digit"][hardest(f)]]),
    ("The {}s, {}s and {}s are never missed", lambda f, n: [
        d for d, missed in enumerate(f["missed_per_digit"]) if missed == 0]),
    ("turns the {} scores back into {} pixels", lambda f, n: [f["n_components"], f["n_pixels"]]),
    ("score {} × component {} + … + score {} × component {}",
     lambda f, n: [1, 1, f["n_components"], f["n_components"]]),
    ("The other {} components carry {} of the training images' variance",
     lambda f, n: [f["n_pixels"] - f["n_components"], 1 - f["kept_variance_share"]]),
    ("the {} cut", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("on the {} to {} scale", lambda f, n: [f["pixel_min"], f["pixel_max"]]),
    ("The error falls from {} grey levels with {} components to {} with the {} kept",
     lambda f, n: [f["reconstruction_errors"][str(int(n[1]))], n[1],
                   f["reconstruction_errors"][str(f["n_components"])], f["n_components"]]),
    ("(under a tenth of the {} to {} range)", lambda f, n: [f["pixel_min"], f["pixel_max"]] if
     f["reconstruction_errors"][str(f["n_components"])] < f["pixel_max"] / 10 else [NAN, NAN]),
    ("and {} with {}:", lambda f, n: [f["reconstruction_errors"][str(int(n[1]))], n[1]]),
    ("going from {} to {} components removes about {} grey levels per component, going from {} "
     "to {} about {}", lambda f, n: [
         n[0], n[1], slope(f["reconstruction_errors"], int(n[0]), int(n[1])),
         f["n_components"], n[4], slope(f["reconstruction_errors"], f["n_components"], int(n[4]))]),
    ("All {} mistakes are here", lambda f, n: [f["n_wrong"]]),
    ("{} of them are {}s, thin or with a squeezed loop, read as {}, {}, {}, {} or {}",
     lambda f, n: [f["missed_per_digit"][int(n[1])], n[1], *misread_as(f, int(n[1]))]),
    ("({} for an {} read as {},", lambda f, n: [most_confident(f, n[1], n[2]), n[1], n[2]]),
    ("{} for a {} read as {})", lambda f, n: [most_confident(f, n[1], n[2]), n[1], n[2]]),
    ("the same {} PCA features", lambda f, n: [f["n_components"]]),
    ("{}-nearest neighbours", lambda f, n: [f["knn_k"]]),
    ("On the {} test images the RBF", lambda f, n: [f["n_test"]]),
    ("machine scores {} ({} mistakes)", lambda f, n: f["comparison"]["RBF SVC"]),
    ("neighbours {} ({} mistakes)", lambda f, n: f["comparison"]["5-nearest neighbours"]),
    ("the network's {}", lambda f, n: [f["test_accuracy"]]),
    ("scores lower ({})", lambda f, n: [f["comparison"]["logistic regression"][0]]),
    ("multiplies each p by {}", lambda f, n: [f["n_baselines"]]),
    ("The SVC is right on {} images the network misses and wrong on only {} that it gets right: "
     "p = {}, or {} after the correction", lambda f, n: paired(f, "RBF SVC")),
    ("its {} disagreements favour", lambda f, n: [sum(paired(f, "RBF SVC")[:2])]),
    ("neighbours is right on {} images the network misses and wrong on {} it gets right (p = {})",
     lambda f, n: paired(f, "5-nearest neighbours")[:3]),
    ("Logistic regression is right on {} images the network misses and wrong on {} that it gets "
     "right (p = {}, but {} after the correction)", lambda f, n: paired(f, "logistic regression")),
    ("(C = {} and", lambda f, n: [f["svc_parameters"]["C"]]),
    ("over seeds {} to {} the test accuracy ranged from {} to {} (mean {}, standard deviation {}), "
     "{} to {} mistakes", lambda f, n: [
         f["sweep"]["first_seed"], f["sweep"]["last_seed"], f["sweep"]["min"], f["sweep"]["max"],
         f["sweep"]["mean"], f["sweep"]["sd"], max(sweep_mistakes(f)), min(sweep_mistakes(f))]),
    ("Seed {} gives {}, as low as the lowest",
     lambda f, n: [f["parameters"]["SEED"], lowest_seed_accuracy(f)]),
    ("PCA on all {} images", lambda f, n: [f["n_images"]]),
    ("all its {} mistakes are also the network's", lambda f, n: [
        f["comparison"]["RBF SVC"][1]]),
    ("loses all m - {} disagreements", lambda f, n: [f["comparison"]["RBF SVC"][1]]),
    ("Against {} or fewer mistakes, as {} of the {} seeds make, even this best case gives a "
     "corrected p of {} or more", lambda f, n: [
         *best_case_reach(f, 1)[:2], len(f["sweep"]["accuracies"]), best_case_reach(f, 1)[2]]),
    ("against {} or fewer ({} seeds), an uncorrected {} or more",
     lambda f, n: best_case_reach(f, 0)),
    ("on {} other random {}/{} splits", lambda f, n: [len(f["other_splits"]), *post_split(f)]),
    ("the SVC scores between {} and {} (standard deviation {})",
     lambda f, n: [*other_splits(f)[2:], other_splits(f)[1]]),
    ("where it scores {}, is neither its best nor its worst",
     lambda f, n: svc_inside_split_range(f)),
    ("Any two test sets share {} of {} images on average",
     lambda f, n: [statistics.mean(f["shared_test_images"]), f["n_test"]]),
    ("trains both models on {} other splits, random states {} to {} with the network's seed {}",
     lambda f, n: [f["split_sweep"][key] for key in ("splits", "first", "last")] + [
         f["parameters"]["SEED"]]),
    ("The SVC scored higher on all {}, with a mean accuracy of {} against {} for the network, by "
     "{} on average (standard deviation {})",
     lambda f, n: [*split_sweep_lead(f), *f["split_sweep"]["difference"][:2]]),
    ("Two of these test sets share {} of {} images on average",
     lambda f, n: [f["split_sweep"]["shared"][0], f["n_test"]]),
    ("by {}/{} + {}/{} instead of {}/{}", lambda f, n: [
        1, f["split_sweep"]["splits"], f["n_test"], f["n_train"], 1, f["split_sweep"]["splits"]]),
    ("t = {}, {} degrees of freedom, p = {}",
     lambda f, n: [f["split_sweep"][key] for key in ("t", "df", "p")]),
    ("Is {} the right cut for classifying", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("The {} rule is about variance", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("on the {} training images alone", lambda f, n: [f["n_train"]]),
    ("in {} folds (in order", lambda f, n: [f["n_folds"]]),
    ("on {} folds and score the fifth", lambda f, n: [f["n_folds"] - 1]),
    ("climbs steeply up to {} components ({} with {}, {} with {})",
     lambda f, n: [n[4], cut(f, n[2]), n[2], cut(f, n[4]), n[4]]),
    ("from {} components on, the means lie between {} and {}", lambda f, n: plateau(f, n)),
    ("that count scored lower than {})", lambda f, n: [f["n_components"]]),
    ("The folds tell {}, {} and {} components from {}: each trails on all {} folds",
     lambda f, n: separated_counts(f)),
    ("{} trails on {} of {} folds and never leads ({} ± {} SE)", lambda f, n: trails_kept(f, n)),
    ("{} and {} differ from {} on only {} and {} folds ({} ± {} and {} ± {})",
     lambda f, n: differ_from_kept(f, n)),
    ("The {} kept components sit on the plateau, with the highest mean tried, {}, against {} with "
     "all {}", lambda f, n: [kept_cut(f)[i] for i in (0, 2, 4, 3)]),
    ("which count from {} on is best", lambda f, n: [plateau(f, n)[0]]),
    ("compressed each {}-pixel digit to {} numbers that keep {} of the variance",
     lambda f, n: [f["n_pixels"], f["n_components"], f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("trained for {} epochs", lambda f, n: [f["parameters"]["EPOCHS"]]),
    ("test accuracy of {}** on the post's {} test images, with {} mistakes",
     lambda f, n: [f["test_accuracy"], f["n_test"], f["n_wrong"]]),
    ("an untuned RBF support vector machine scored higher than the network on all {} splits of "
     "the split sweep (corrected resampled t-test, p = {})",
     lambda f, n: [split_sweep_lead(f)[0], f["split_sweep"]["p"]]),
    ("On the post's split it scored {}, right on {} images the network missed and wrong on {} it "
     "got right: McNemar's p = {} after the Bonferroni correction",
     lambda f, n: svc_on_posts_split(f)[:4]),
    ("a fixed {} epochs", lambda f, n: [f["parameters"]["EPOCHS"]]),
]


def claim_pattern(template):
    pieces = [re.escape(piece).replace(r"\ ", r"\s*") for piece in template.split("{}")]
    return re.compile(f"({NUMBER})".join(pieces))


def as_number(token):
    return float(token.rstrip("%").replace(",", "").replace("−", "-"))


def agrees(token, value):
    """Whether the number as the prose writes it is value, to the decimals the prose gives."""
    text = token.replace(",", "").replace("−", "-")
    if text.endswith("%"):
        text, value = text[:-1], value * 100
    decimals = len(text.partition(".")[2])
    return round(float(value), decimals) == float(text)


def prose_of(nb):
    """Each markdown cell's text, fenced code blocks left out, white space folded."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"```.*?```", " ", cell.source, flags=re.DOTALL)
            cells.append(" ".join(text.split()))
    return cells


def without_non_results(text, non_results=NOT_A_RESULT):
    """text with every non-result blanked out, its length and positions kept."""
    for pattern, _ in non_results:
        text = re.sub(pattern, lambda match: " " * len(match.group()), text)
    return text


def checked_numbers(text, facts, claims=CLAIMS, non_results=NOT_A_RESULT):
    """(checked numbers, problems) for one cell's text: every number must be covered."""
    text = without_non_results(text, non_results)
    covered, problems, found = {}, [], []
    for template, expected in claims:
        for match in claim_pattern(template).finditer(text):
            numbers = [as_number(token) for token in match.groups()]
            try:
                values = list(expected(facts, numbers))
            except (KeyError, IndexError, ValueError, StopIteration) as error:
                values = [f"no such fact ({error!r})"]
            tokens = match.groups()
            if len(values) != len(tokens) or not all(
                    isinstance(v, int | float) and agrees(t, v) for t, v in zip(tokens, values,
                                                                              strict=False)):
                problems.append(f"{match.group()!r}: the run gives {values}")
            covered.update({match.start(i): match.group(i) for i in range(1, len(tokens) + 1)})
            found.append(template)
    for token in TOKEN.finditer(text):
        if token.start() not in covered:
            context = text[max(0, token.start() - 40):token.end() + 40]
            problems.append(f"{token.group()!r} is checked by no claim: ...{context}...")
    return [covered[start] for start in sorted(covered)], problems, found


BENCHMARKS_README = ROOT / "benchmarks" / "README.md"  # where the sweeps' last results stand
SWEEP_TABLE_ROW = re.compile(r"^\| (\d+) \| (\d\.\d{4}) \|", flags=re.MULTILINE)
SPLIT_TABLE_ROW = re.compile(r"^\| (\d+) \| (\d\.\d{4}) \| (\d\.\d{4}) \| ([+-]\d\.\d{4}) \|",
                             flags=re.MULTILINE)
SPLIT_COUNTS = re.compile(r"^RBF SVC ahead on (\d+) of (\d+) splits, behind on (\d+), level on "
                          r"(\d+)$", flags=re.MULTILINE)


def benchmarks_section(heading):
    """The text of one section of benchmarks/README.md, from its heading to the next."""
    text = BENCHMARKS_README.read_text()
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def summary_of(values):
    """summary(values), each to the 4 decimals that the sweeps and the notebook print."""
    return [round(value, 4) for value in summary(values)]


def summary_line(text, name):
    """(mean, sd, min, max) of a sweep's summary line for name."""
    pattern = rf"^{re.escape(name)}: mean (\S+) ± (\S+) \(sd\), min (\S+), max (\S+)$"
    return [float(value) for value in re.search(pattern, text, flags=re.MULTILINE).groups()]


def readme_sweep():
    """The seed sweep's last result, as benchmarks/README.md gives it: its summary line, which
    must be the summary of its table's rows."""
    text = benchmarks_section("How much is luck: the seed sweep")
    mean, sd, lowest, highest = summary_line(text, "test accuracy")
    rows = [(int(seed), counted(float(accuracy)))
            for seed, accuracy in SWEEP_TABLE_ROW.findall(text)]
    accuracies = [accuracy for _, accuracy in rows]
    assert summary_of(accuracies) == [mean, sd, lowest, highest], "sweep summary"
    return {"mean": mean, "sd": sd, "min": lowest, "max": highest,
            "first_seed": rows[0][0], "last_seed": rows[-1][0], "accuracies": accuracies}


def readme_split_sweep():
    """The split sweep's last result, as benchmarks/README.md gives it: the network and the SVC
    on each split, whose differences and summary lines must follow from its rows, each accuracy
    taken as the count of correct images over 540 that it rounds."""
    text = benchmarks_section("Across splits: the split sweep")
    rows = [(int(split), counted(float(network)), counted(float(svc)), float(difference))
            for split, network, svc, difference in SPLIT_TABLE_ROW.findall(text)]
    assert rows, "no split sweep table"
    for split, network, svc, difference in rows:
        assert round(svc - network, 4) == difference, f"split {split}: the difference of counts"
    networks, svcs = [row[1] for row in rows], [row[2] for row in rows]
    assert summary_line(text, "network") == summary_of(networks), "the network's summary"
    assert summary_line(text, "RBF SVC") == summary_of(svcs), "the SVC's summary"
    ahead = sum(svc > network for _, network, svc, _ in rows)
    behind = sum(svc < network for _, network, svc, _ in rows)
    counts = [int(count) for count in SPLIT_COUNTS.search(text).groups()]
    assert counts == [ahead, len(rows), behind, len(rows) - ahead - behind], "the counts"
    differences = [svc - network for _, network, svc, _ in rows]
    assert summary_line(text, "SVC - network") == summary_of(differences), "the differences"
    t, df, p = assert_corrected_t_test(text, differences)
    plain_t = statistics.mean(differences) / (statistics.stdev(differences) / len(rows) ** 0.5)
    assert f"the plain paired t-test would give t = {plain_t:.2f} here" in " ".join(text.split())
    shared, fewest, most = assert_shared_test_images(text, [row[0] for row in rows])
    return {"first": rows[0][0], "last": rows[-1][0], "splits": len(rows), "ahead": ahead,
            "behind": behind, "network_mean": statistics.mean(networks),
            "svc_mean": statistics.mean(svcs),
            "difference": summary(differences), "t": t, "df": df, "p": p,
            "shared": [shared, fewest, most]}


@pytest.fixture(scope="module")
def facts(executed):
    # the sweeps run outside the notebook: their numbers are benchmarks/README.md's tables
    return {**executed.facts, "sweep": readme_sweep(), "split_sweep": readme_split_sweep()}


def test_every_number_in_the_prose_is_checked(executed, facts):
    problems, used = [], Counter()
    for text in prose_of(executed.nb):
        _, cell_problems, found = checked_numbers(text, facts)
        problems += cell_problems
        used.update(found)
    assert problems == [], "\n".join(problems)
    unused = [template for template, _ in CLAIMS if not used[template]]
    assert unused == [], "claims that no longer match any prose"


def test_a_number_no_claim_covers_fails(facts):
    # the mechanism itself: a made-up sentence and a wrong number are both reported
    _, problems, _ = checked_numbers("It took 42 attempts. The diagonal holds 500 of the 540 "
                                     "test digits.", facts)
    assert len(problems) == 2
    assert "'42' is checked by no claim" in problems[1]
    assert "The diagonal holds 500" in problems[0]


# How each edition names the model's choices: optimizer and loss, the hidden layers' and the
# output layer's activations, that the model's PCA is fitted on the training images only (said
# twice), and the optimizer whose rewrite the seeding line prevents (the optimizer is off)
NAMED_CHOICES = {
    "English": [r"compiled with (?P<optimizer>\w+) and (?P<loss>categorical cross-entropy)",
                r"(?P<hidden>\w+) units, and a (?P<output>\w+) layer of \d+",
                r"(?P<pca>fit the model's PCA on the training images only)",
                r"(?P<pca_ahead>the model's PCA is fitted on the training images alone)",
                r"turns TensorFlow's graph optimizer off: faster on a network this small, and it "
                r"cannot rewrite (?P<rsqrt_optimizer>\w+)'s `x / sqrt\(y\)` as `x \* rsqrt\(y\)`"],
    "Japanese": [r"(?P<optimizer>\w+) と (?P<loss>categorical cross-entropy) でコンパイル",
                 r"\((?P<hidden>\w+)\) の 3 つあり、最後に \d+ ユニットの (?P<output>\w+) 層",
                 r"(?P<pca>モデルに使う PCA を学習データだけで当てはめ)",
                 r"(?P<pca_ahead>モデルに使う PCA は、このあと学習データだけで当てはめ)",
                 r"TensorFlow のグラフ最適化を止めます。これほど小さなネットワークでは速くなり、"
                 r"(?P<rsqrt_optimizer>\w+) の `x / sqrt\(y\)` が、近似で値を求める CPU 命令を使う "
                 r"`x \* rsqrt\(y\)` に書き換えられることもありません"],
}
# How the maintainer's reference names the pins that decide the order of the sums: the thread
# counts, whose kernels do TensorFlow's matrix products, OpenBLAS's kernels on x86-64 and on ARM64,
# the optimizer whose rewrite is turned off, and on how many emulated ARM CPUs the bytes were
# checked; and its table of the settings, each with the value the plumbing sets
REFERENCE = ROOT / "REPRODUCIBILITY.md"
REFERENCE_PINS = [
    r"(?P<threads>\w+) thread per TensorFlow operation and for OpenBLAS",
    r"TensorFlow's matrix products in the (?P<matmul>\w+) kernels compiled into its wheel instead "
    r"of (?P<not_matmul>\w+)'s",
    r"OpenBLAS's (?P<openblas>\w+) kernels, which every recent x86-64 CPU has, or on ARM64 its "
    r"generic (?P<openblas_arm>\w+) kernels",
    r"turn TensorFlow's graph optimizer off, so that it cannot rewrite (?P<rsqrt_optimizer>\w+)'s "
    r"`x / sqrt\(y\)`",
    r"checked on (?P<arm_models>\w+) emulated ARM CPUs",
]
SETTING_ROW = re.compile(r"^\| `(?P<name>[A-Z_]+)` \| (?P<value>[^|]+) \|", flags=re.MULTILINE)
COUNT_WORDS = {"one": 1, "two": 2, "three": 3}
# the OpenBLAS kernels that the plumbing pins by machine: threadpoolctl's name, the prose's
OPENBLAS_KERNELS = {"x86_64": ("Haswell", "AVX2"), "aarch64": ("armv8", "ARMv8")}


def markdown_prose(text):
    """A markdown text with its fenced code blocks left out and its white space folded."""
    return " ".join(re.sub(r"```.*?```", " ", text, flags=re.DOTALL).split())


def said_in(text, patterns):
    """{name: word}: what a text names, by the named groups of patterns; each must match."""
    said = {}
    for pattern in patterns:
        match = re.search(pattern, text)
        assert match, f"the text no longer says {pattern!r}"
        said.update(match.groupdict())
    return said


def named_choices(nb, patterns):
    """{optimizer, loss, hidden, output, pca, ...}: what an edition's prose says the model uses."""
    return said_in(" ".join(prose_of(nb)), patterns)


@pytest.mark.parametrize("edition", NAMED_CHOICES)
def test_named_choices_are_the_ones_that_ran(edition, executed, japanese, facts):
    said = named_choices(executed.nb if edition == "English" else japanese,
                         NAMED_CHOICES[edition])
    assert facts["optimizer"] == said["optimizer"]
    assert facts["loss"] == said["loss"].replace(" cross-entropy", "_crossentropy")
    activations = [layer[2] for layer in facts["layers"]]
    assert activations == [said["hidden"].lower()] * 3 + [said["output"].lower()]
    assert {layer[0] for layer in facts["layers"]} == {"Dense"}
    assert facts["pca_fitted_on_training_split"], "the model's PCA saw more than the training split"
    assert facts["n_train"] + facts["n_test"] == facts["n_images"]
    assert facts["n_test"] == math.ceil(facts["n_images"] * 0.3)  # the post's 70/30 split
    assert facts["epochs_run"] == facts["parameters"]["EPOCHS"]
    assert said["rsqrt_optimizer"] == facts["optimizer"]
    assert facts["pins"]["graph_rewrites"]["disable_meta_optimizer"] is True  # issue 41


def test_the_pins_the_reference_names_are_in_force(facts):
    text = REFERENCE.read_text()
    said = said_in(markdown_prose(text), REFERENCE_PINS)
    pins, threads = facts["pins"], COUNT_WORDS[said["threads"]]
    environment = pins["environment"]
    assert environment["TF_NUM_INTRAOP_THREADS"] == environment["OPENBLAS_NUM_THREADS"] == (
        str(threads))
    assert {library[2] for library in pins["blas"]} == {threads}
    matmul = {"false": "Eigen", "true": "oneDNN"}
    assert matmul[environment["TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL"]] == said["matmul"]
    assert (said["not_matmul"], environment["TF_ENABLE_ONEDNN_OPTS"]) == ("oneDNN", "0")
    # the other machine's word can only be read; this machine's kernel is the one in force
    assert [said["openblas"], said["openblas_arm"]] == [
        OPENBLAS_KERNELS[machine][1] for machine in ("x86_64", "aarch64")]
    if pins["machine"] in OPENBLAS_KERNELS and "OPENBLAS_CORETYPE" in environment:
        kernel, _ = OPENBLAS_KERNELS[pins["machine"]]
        assert {library[1] for library in pins["blas"]} == {kernel}
    assert said["rsqrt_optimizer"] == facts["optimizer"]
    assert facts["pins"]["graph_rewrites"]["disable_meta_optimizer"] is True  # issue 41
    assert COUNT_WORDS[said["arm_models"]] == len(emulated_models["aarch64"])
    # the table of settings: a row for each, showing the value the plumbing set here
    rows = {row["name"]: row["value"].strip() for row in SETTING_ROW.finditer(text)}
    assert set(environment) <= set(rows)
    assert set(rows) - set(environment) <= {"OPENBLAS_CORETYPE"}  # not pinned on every CPU
    for name, value in environment.items():
        shown = re.findall(r"`([^`]*)`", rows[name]) or ([""] if rows[name] == "empty" else [])
        assert value in shown, f"{name}: the plumbing sets {value!r}, the table says {rows[name]}"


# The reader's pages: every number that the run or the seed sweep produces is checked against
# them, as the notebook's prose is; the numbers that are not the run's are named, with why
READMES = [ROOT / "README.md", ROOT / "README.ja.md"]
README_NOT_A_RESULT = [
    (r"QEUR22_EXAMPLE01: 事例\(1\)", "the post's title"),
    (r"2 December 2022|2022 年 12 月 2 日|2022-12-02", "the post's date"),
    (r"x86-64", "the name of a CPU architecture"),
    (r"`py -3`", "the Windows Python launcher's choice of Python 3, shown as code"),
    (r"\(2-D projection|（2 次元への射影", "a kind of figure, named in a source"),
    (r"第 1・第 2 主成分", "the first two principal components, named by their order"),
    (r"2 つの `python3`|2 つのコマンド", "the commands, and their two python3s, as the page shows"),
    (r"1 行で示します", "the one line of the Python check's refusal"),
    (r"1 回の通しの実行", "the one run that the committed notebooks keep"),
    (r"学習済みのこの 2 つのモデル", "the two trained models that McNemar's test speaks for"),
    (r"実機の CPU 4 種類", "the real CPUs the bytes were proven on (REPRODUCIBILITY.md)"),
    (r"CPython 3\.11, 3\.12 or 3\.13|CPython 3\.11、3\.12、3\.13",
     "the supported Pythons, which tools/check_python.py enforces"),
    (r"TensorFlow 2\.21", "the pinned TensorFlow's release, named for the wheels it publishes"),
    (r"about 2\.2 GB, a minute or two|約 2\.2 GB、1、2 分", "the install's size and time"),
    (r"\(2 to 3 minutes\)|（2、3 分かかります）", "the tests' time, measured"),
    (r"\| the whole notebook, `nbconvert --execute`, 2-core CPU \|[^|]*\|"
     r"|\| ノートブック全体（`nbconvert --execute`、2 コアの CPU） \|[^|]*\|",
     "timings from the benchmark (benchmarks/README.md), not from the run"),
    (r"is 3\.14,|が 3\.14 を指す",
     "Python's newest release, which the Windows command passes by (test_python_support.py)"),
]


def refusal_numbers(f, name):
    """The numbers of the parameter check's message about name, as the run printed it."""
    (message,) = [message for message in f["refusals"] if f" {name} " in message]
    return [as_number(token) for token in re.findall(r"\d+(?:\.\d+)?", message)]


def project_pins():
    """How many pins requirements.in, the project's own list, holds."""
    lines = (ROOT / "requirements.in").read_text().splitlines()
    return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


def svc_on_posts_split(f):
    """The SVC's accuracy on the post's split, the images only it and only the network get right,
    McNemar's Bonferroni-corrected p and the number of models it corrects for."""
    return [f["comparison"]["RBF SVC"][0], *paired(f, "RBF SVC")[:2], paired(f, "RBF SVC")[3],
            f["n_baselines"]]


def post_split(f):
    share = f["parameters"]["TRAIN_FRACTION"]
    return [100 * share, 100 * (1 - share)]


README_CLAIMS = [
    ("{}x{}", lambda f, n: f["image_shape"]),
    ("the components that keep {} of the variance",
     lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("累積寄与率 {} を保つ主成分", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("The {} digits projected", lambda f, n: [f["n_images"]]),
    ("![{} 枚の数字を", lambda f, n: [f["n_images"]]),
    ("`random_state={}`", lambda f, n: [f["parameters"]["SPLIT_RANDOM_STATE"]]),
    ("PCA keeps for {} of the variance | **{} of {}**, fitted on the {} training images",
     lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"], f["n_components"], f["n_pixels"],
                   f["n_train"]]),
    ("累積寄与率 {} に必要な主成分の数 | **{} 次元のうち {}**（{} 枚の学習データで当てはめ）",
     lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"], f["n_pixels"], f["n_components"],
                   f["n_train"]]),
    ("seed {} | **{}** on the {} test images ({} mistakes), as low as the lowest seed",
     lambda f, n: [f["parameters"]["SEED"], lowest_seed_accuracy(f), f["n_test"], f["n_wrong"]]),
    ("（シード {}） | {} 枚のテストデータで **{}**（間違い {} 枚、", lambda f, n: [
        f["parameters"]["SEED"], f["n_test"], f["test_accuracy"], f["n_wrong"]]),
    ("over seeds {} to {} | mean {} ± {} (sd), min {}, max {}", lambda f, n: [
        f["sweep"][key] for key in ("first_seed", "last_seed", "mean", "sd", "min", "max")]),
    ("シード {} から {} で学習したとき | 平均 {} ± {}（標準偏差）、最小 {}、最大 {}", lambda f, n: [
        f["sweep"][key] for key in ("first_seed", "last_seed", "mean", "sd", "min", "max")]),
    ("SVC **{}**: right on {} test images the network misses, wrong on {} it gets (McNemar's "
     "exact p = {} after the Bonferroni correction for {} models,",
     lambda f, n: svc_on_posts_split(f)),
    ("SVC は **{}**：ネットワークが間違えた画像のうち {} 枚で正解し、"
     "ネットワークが正解した画像のうち {} 枚を間違えました。"
     "マクネマー検定（正確検定）の p 値は、{} つのモデルについての"
     "ボンフェローニ補正後で {}", lambda f, n: [
         *svc_on_posts_split(f)[:3], f["n_baselines"], paired(f, "RBF SVC")[3]]),
    ("the SVC alone on {} `ShuffleSplit` splits | {} to {} (sd {})",
     lambda f, n: [len(f["other_splits"]), *other_splits(f)[2:], other_splits(f)[1]]),
    ("SVC だけを `ShuffleSplit` の {} 通りの分割で | {} から {}（標準偏差 {}）",
     lambda f, n: [len(f["other_splits"]), *other_splits(f)[2:], other_splits(f)[1]]),
    ("on the same {} features, over {} other splits",
     lambda f, n: [f["n_components"], f["split_sweep"]["splits"]]),
    ("同じ {} 個の特徴量でのネットワークと RBF サポートベクターマシン (SVC)、別の {} 通りの分割で",
     lambda f, n: [f["n_components"], f["split_sweep"]["splits"]]),
    ("**SVC higher on all {}** (mean {} against {}; corrected resampled t-test, **p = {}**)",
     lambda f, n: [*split_sweep_lead(f), f["split_sweep"]["p"]]),
    ("**{} 通りすべてで SVC が上**（平均 {} 対 {}。補正つきリサンプリング t 検定の **p 値 {}**）",
     lambda f, n: [*split_sweep_lead(f), f["split_sweep"]["p"]]),
    ("level from {} components on ({} to {}; {} kept: {}, all {}: {})", lambda f, n: [
        *plateau(f, n), *[kept_cut(f)[i] for i in (0, 2, 3, 4)]]),
    ("{} 個から先は平ら（{} から {}。残した {} 個で {}、{} 個すべてで {}）", lambda f, n: [
        *plateau(f, n), *[kept_cut(f)[i] for i in (0, 2, 3, 4)]]),
    ("the folds tell {}, {} and {} components from {} (lower on all {} folds), no count from {} on",
     lambda f, n: [*separated_counts(f), plateau(f, n[5:])[0]]),
    ("フォールドで {} 個と見分けられるのは {} 個、{} 個、{} 個"
     "（{} つのフォールドすべてで下回る）で、{} 個から先",
     lambda f, n: [separated_counts(f)[3], *separated_counts(f)[:3], separated_counts(f)[4],
                   plateau(f, n[5:])[0]]),
    ("CPU {} 種類）と、aarch64 の Linux（エミュレートした ARM64 の CPU {} 種類）",
     lambda f, n: [len(emulated_models["x86_64"]), len(emulated_models["aarch64"])]),
    ("その実行で保存した {} 個の図", lambda f, n: [len(f["figures"])]),
    ("whether {} of the variance is the right cut", lambda f, n: [
        f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("分散の {} という区切り", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("`ValueError: VARIANCE_TO_KEEP must be a number in ({}, {}], got {}`",
     lambda f, n: refusal_numbers(f, "VARIANCE_TO_KEEP")),
    ("the project's {} pins", lambda f, n: [project_pins()]),
    ("固定する {} 個のパッケージ", lambda f, n: [project_pins()]),
    ("split {}/{} with", lambda f, n: post_split(f)),
    ("で {}/{} に分割", lambda f, n: post_split(f)),
    ("PCA at {}", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("累積寄与率 {} の PCA", lambda f, n: [f["parameters"]["VARIANCE_TO_KEEP"]]),
    ("Dense {}-{}-{}-{}", lambda f, n: [layer[1] for layer in f["layers"]]),
    ("{} epochs, batch {}",
     lambda f, n: [f["parameters"]["EPOCHS"], f["parameters"]["BATCH_SIZE"]]),
    ("{} エポック、バッチサイズ {}",
     lambda f, n: [f["parameters"]["EPOCHS"], f["parameters"]["BATCH_SIZE"]]),
]


@pytest.mark.parametrize("readme", READMES, ids=lambda path: path.name)
def test_every_number_in_the_readme_is_checked(readme, facts):
    _, problems, _ = checked_numbers(markdown_prose(readme.read_text()), facts, README_CLAIMS,
                                     README_NOT_A_RESULT)
    assert problems == [], "\n".join(problems)


def test_every_readme_claim_is_used():
    used = Counter()
    for readme in READMES:
        text = without_non_results(markdown_prose(readme.read_text()), README_NOT_A_RESULT)
        used.update(template for template, _ in README_CLAIMS
                    if claim_pattern(template).search(text))
    assert [template for template, _ in README_CLAIMS if not used[template]] == []


def headlines(committed, japanese):
    """{where: text} of the four headlines: each README's key results and each edition's
    summary, white space folded."""
    found = {}
    for readme, heading in zip(READMES, ("Key results", "主な結果"), strict=True):
        text = readme.read_text()
        start = text.index(f"\n## {heading}\n")
        found[readme.name] = text[start:text.index("\n## ", start + 1)]
    for nb, heading in [(committed, "## Summary"), (japanese, "## まとめ")]:
        (summary,) = [cell.source for cell in nb.cells if cell.source.startswith(heading)]
        found[heading] = summary
    return {where: " ".join(text.split()) for where, text in found.items()}


def test_headlines_quote_the_strongest_evidence_first(facts, committed, japanese):
    """Issue 39: each headline leads with the split sweep's corrected resampled t-test, and gives
    the post's split as the worked example with McNemar's Bonferroni-corrected p, not the
    uncorrected one, and the two trained models it speaks for."""
    sweep_p = f"{facts['split_sweep']['p']:.3f}"
    _, _, uncorrected, corrected = (f"{value:.3f}" for value in paired(facts, "RBF SVC"))
    for where, text in headlines(committed, japanese).items():
        assert re.search(rf"(split sweep|分割を変えた)((?!McNemar|マクネマー).)*{sweep_p}", text), (
            f"{where}: the sweep's p, named as the sweep's")
        assert sweep_p in text and corrected in text, where
        assert text.index(sweep_p) < text.index(corrected), f"{where}: the sweep comes first"
        assert re.search(r"Bonferroni|ボンフェローニ", text), where
        assert uncorrected not in text, f"{where}: the uncorrected p as the headline"
        assert re.search(r"these two trained models|学習済みのこの 2 つのモデル", text), where

"""The Japanese edition's words, kept in one list: the term this project uses for each idea, with
the variants that it replaced and that the next edit must not bring back. test_japanese_edition.py
checks the Japanese notebook's prose and README.ja.md against it.

A module rather than a data file, so that each pattern sits beside the reason for it and a
mistyped pattern fails as Python does, at import.
"""

# The post's own words (BLOG_OUTLINE.md), each of which the edition must use
POST_TERMS = ("主成分分析", "累積寄与率", "学習データ", "テストデータ", "ディープラーニング",
              "学習ヒストリー", "混同行列", "混合マトリックス")

# preferred term: [regular expressions of the variants it replaces]
PREFERRED = {
    "累積寄与率": [r"累積の割合"],  # the post's term for the cumulative explained variance
    "不正な値": [r"おかしな値"],  # a parameter value the check refuses
    "同梱": [r"付属"],  # the digits that ship inside scikit-learn
    "画素値": [r"ピクセル値", r"ピクセルの値"],  # a pixel's value; ピクセル is the pixel
    "特徴量": [r"\d+ 個の数(?![字値])"],  # what PCA turns an image into, not "21 numbers"
    "信頼区間": [r"\d+% 区間"],  # a confidence interval, named as one
    "ノートブック": [r"コンパニオン"],  # a loan word the post's readers do not use
}

# 数 on its own stands for three ideas (values, how many components, the matrix's counts): it is
# allowed only inside these words, and each idea gets its own term: 画素値 or 特徴量, 主成分の数,
# 枚数 (the confusion matrix counts test images)
NUMBER_WORDS = ("数字", "数値", "数え", "数ミリ", "小数", "関数", "乱数", "係数", "変数", "枚数",
                "個数", "件数", "エポック数", "主成分の数", "スレッドの数")

# Arabic numerals with counters throughout: a kanji numeral before a counter is the old spelling
KANJI_COUNT = (r"(?:第[一二三四五六七八九十]"
               r"|[一二三四五六七八九十]+(?:つ|個|枚|回|通り|種類|行|分の|倍|本|点|番目|次元))")

# The endings of a です・ます sentence (a parenthesis may follow them)
POLITE_ENDING = r"(?:です|ます|ました|でした|ません|でしょう|でしょうか|ましょう|ください)"

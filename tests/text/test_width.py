from text.width import cjk_ratio, normalize_width


def test_fullwidth_numbers_become_halfwidth_one_for_one():
    for raw, want in [
        ("７％", "7%"),
        ("7．5%", "7.5%"),
        ("２０１２年３月", "2012年3月"),
        ("6．5%－7%", "6.5%-7%"),
    ]:
        assert normalize_width(raw) == want
        assert len(normalize_width(raw)) == len(raw)


def test_chinese_punctuation_is_kept():
    assert normalize_width("增长，达到。") == "增长，达到。"


def test_cjk_ratio():
    assert cjk_ratio("两委交叉") == 1.0
    assert cjk_ratio("abc") == 0.0
    assert cjk_ratio("  ") == 0.0

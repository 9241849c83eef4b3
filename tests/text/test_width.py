from text.width import cjk_ratio, normalize_width, to_simplified


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


def test_traditional_characters_are_matched_as_simplified_one_for_one():
    text = "臺北市政府辦理醫療補助，總額３．５億元"
    folded = normalize_width(text)
    assert folded == "台北市政府办理医疗补助，总额3.5亿元" and len(folded) == len(text)
    assert normalize_width("乾隆年间") == "乾隆年间"  # a phrase OpenCC keeps
    assert to_simplified("已是简体") == "已是简体"

from text.tokens import tokenize


def test_tokens_keep_policy_terms_and_whole_numbers():
    assert {"两委", "交叉任职", "比例"} <= set(tokenize("两委交叉任职比例是多少"))
    assert "一人兼" in tokenize("实行村干部一人兼的比例达87.7%")
    assert {"87.7%", "87.7"} <= set(tokenize("比例达87.7%"))
    # Full-width forms are the same tokens as half-width ones.
    assert tokenize("涨幅控制在３％左右") == tokenize("涨幅控制在3%左右")
    assert "7.5%" in tokenize("增长7．5%左右")
    assert "多少" not in tokenize("是多少") and "的" not in tokenize("我们的目标")

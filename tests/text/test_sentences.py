from text.sentences import sentence_spans, split_sentences


def test_sentences_cover_the_text_and_keep_closing_quotes():
    text = "他说：“要发展。”我们同意！真的吗？是的；好"
    spans = split_sentences(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert text[spans[0][0] : spans[0][1]] == "他说：“要发展。”"


def test_overlong_sentence_is_cut_at_commas_only():
    text = "，".join(["加快发展现代服务业"] * 100) + "。"
    spans = split_sentences(text, max_len=100)
    assert all(e - s <= 100 for s, e in spans)
    assert all(text[e - 1] in "，。" for s, e in spans)


def test_points_end_sentences_in_converted_text_but_not_in_numbers_or_abbreviations():
    text = "全年接待游客12.6万人次.旅游收入增长9.5%!明年怎么办?继续办好U.S.A.商会交流活动．第3.2.1条照旧执行."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "全年接待游客12.6万人次.",
        "旅游收入增长9.5%!",
        "明年怎么办?",
        "继续办好U.S.A.商会交流活动．",
        "第3.2.1条照旧执行.",
    ]


def test_a_long_run_without_sentence_ends_is_cut_at_clause_marks_for_quotes():
    run = "，".join(f"第{n}村完成道路硬化{n}公里" for n in range(1, 30))
    spans = sentence_spans(run)
    assert len(spans) > 1 and all(len(s) <= 150 for _, s in spans)
    assert "".join(s for _, s in spans) == run
    assert all(run.startswith(s, offset) for offset, s in spans)  # offsets stay true

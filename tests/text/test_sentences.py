from text.sentences import split_sentences


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

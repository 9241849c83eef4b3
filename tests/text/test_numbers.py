from text.numbers import figures, states_quantity, ungrounded, with_qualifier


def test_figures_match_across_widths_units_and_ranges():
    assert [f.text for f in figures("比例达到８７．７％，总人口2.81万，增长6.5%－7%")] == [
        "87.7%",
        "2.81万",
        "6.5%-7%",
    ]
    assert ungrounded("比例为87.7%，共28100人", ["比例达到８７．７％，总人口2.81万"]) == []
    assert ungrounded("比例为88%", ["比例达到87.7%"]) == ["88%"]
    assert ungrounded("目标是7%", ["增长6.5%－7%"]) == []  # one end of a stated range
    text = "城镇新增就业1300万人以上，登记失业率4.5%以内"
    assert [with_qualifier(text, f)[0] for f in figures(text)] == ["1300万人以上", "4.5%以内"]


def test_quantities_in_figures_or_chinese_numerals():
    assert states_quantity("两委成员交叉任职达到87.7%")
    assert states_quantity("将新能源汽车车辆购置税优惠政策再延长三年")
    assert states_quantity("成熟一家，批准一家，不设限额")
    assert not states_quantity("一是加强学习，十三五规划")
    assert not states_quantity("2016年要抓好以下工作")  # a bare year is no quantity
    assert states_quantity("2016年要抓好以下工作", years=True)  # ... unless years count (retrieval)
    assert states_quantity("新建一百二十座光伏电站", years=True)


def test_a_duo_before_the_scale_belongs_to_the_figure_so_an_answer_without_the_scale_is_caught():
    source = "贫困人口减少6800多万，省级财政投入1000余亿元"
    assert [(f.text, f.low) for f in figures(source)] == [("6800多万", 6.8e7), ("1000余亿", 1e11)]
    assert ungrounded("减少6800多", [source]) == ["6800"]
    assert ungrounded("6800多万人，1000余亿元", [source]) == []
    assert [f.text for f in figures("全长300多千米")] == ["300"]  # 千米 is a unit, not a scale


def test_a_time_in_words_is_no_quantity():
    assert not states_quantity("过去一年，国防和军队建设取得显著成效。", words_only=True)  # the case
    assert not states_quantity("近两年来，全县新建村级活动场所", words_only=True)
    assert not states_quantity("三年来，我们始终坚持", words_only=True)
    assert states_quantity("计划用两三年的时间完成改造", words_only=True)  # how long: a quantity


def test_a_figure_of_two_scales_is_one_figure():
    # the cases: "2万5千公里" had been read as 2万 (and 5千), "1亿3千多万" as 1亿
    got = figures("高速铁路运营里程从9000多公里增加到2万5千公里，出境旅游人次由8300万增加到1亿3千多万")
    assert [(f.text, f.low) for f in got] == [
        ("9000", 9e3),
        ("2万5千", 2.5e4),
        ("8300万", 8.3e7),
        ("1亿3千多万", 1.3e8),
    ]
    assert [(f.text, f.low) for f in figures("全县常住人口3万2千人，财政收入1千多万元")] == [
        ("3万2千", 3.2e4),
        ("1千多万", 1e7),
    ]
    assert ungrounded("2万公里", ["里程达到2万5千公里"]) == ["2万"]  # a cut figure is caught
    assert [f.text for f in figures("装机容量5千瓦，2万5千")] == ["5", "2万5千"]

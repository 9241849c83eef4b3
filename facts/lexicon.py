"""The words the fact rules read, as data: each list names what its words mean in a report or a
question. The rules (facts/extract.py, facts/question.py) are small functions over these lists."""

from __future__ import annotations

import re

# Words that make what follows a plan: "预期目标是：", "力争", "计划新建".
PLAN_WORDS = ("目标", "预期", "计划", "力争", "确保", "争取", "拟", "安排", "规划", "预计", "要求")
# Nouns that hold a plan word and plan nothing: 人均预期寿命.
NOT_PLANS = re.compile(r"预期寿命")
# A target set in a sentence: its plan words, or a figure to be held to, in the figure's own clause
# ("把…涨幅控制在3.5%左右"); not a figure held to, told in a list of last year's results ("过去一年…
# 国内生产总值增长10.3%，居民消费价格涨幅控制在3.3%，城镇新增就业1168万人").
TARGET_VERBS = re.compile("|".join(PLAN_WORDS) + r"|(?:把|将|要|力争|努力|必须)[^，,；;。]*控制在\s*$")
# Words that make a figure an achieved one, even inside a plan part: "2023年完成…".
ACTUAL_WORDS = ("完成", "实现", "达到", "累计", "已", "全年共", "比上年", "同比", "较上年")
# Before a figure: it is a change rate (with %), or an increase (with an amount).
GROWTH_WORDS = ("增长", "增速", "增幅", "涨幅", "上涨", "下降", "回落", "提高", "降低", "减少")
INCREASE_WORDS = ("增加", "多", "提高", "减少", "下降", "新增")
TOTAL_WORDS = ("累计", "五年来", "过去五年", "五年", "近五年", "三年来", "两年来", "共计", "总计")
# "两年来", "过去三年", "近五年": a span of the years before the report's (the number of years).
YEARS_BEFORE = re.compile(r"(?:过去|近|这)?([两二三四五六七八九十])年(?:来|间|中|里)?")
CHINESE_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# An indicator ending so is a share or a rate: 城镇化率, 赤字率, 占…比重.
SHARE_ENDINGS = ("率", "比重", "比例", "占比", "覆盖率", "强度")
SHARE_WORDS = ("比重", "比例", "占比", "占")
# The place a scope word means: 全县 = the report's own county.
SCOPE_WORDS = (
    "全国",
    "全省",
    "全区",
    "全市",
    "全州",
    "全县",
    "全旗",
    "全乡",
    "全镇",
    "全街道",
    "全村",
    "全年",
    "本县",
    "本市",
    "我省",
    "我市",
    "我县",
    "我区",
    "我乡",
    "我镇",
    "我国",
)
# Verbs and linking words between an indicator and its figure; cut off its end.
LINK_WORDS = (
    "预期目标是",
    "预期目标",
    "主要目标",
    "目标是",
    "目标为",
    "计划",
    "力争",
    "确保",
    "争取",
    "达到",
    "实现",
    "完成",
    "突破",
    "超过",
    "提高到",
    "提高",
    "提升到",
    "提升",
    "增长到",
    "增长",
    "增速",
    "增幅",
    "涨幅",
    "下降到",
    "下降",
    "降低到",
    "降低",
    "减少",
    "增加到",
    "增加",
    "控制在",
    "稳定在",
    "保持在",
    "保持",
    "分别为",
    "分别",
    "为",
    "是",
    "达",
    "约",
    "近",
    "共",
    "累计",
    "比上年",
    "同比",
    "较上年",
    "左右",
    "以上",
    "年均",
    "平均",
    "全年",
    "其中",
    "总计",
    "合计",
    "从",
    "由",
    "拟按",
    "按",
    "拟",
    "预计",
    "上升到",
    "上升",
    "实际",
    "分别实际",
    "首次",
    "拟安排",
    "安排",
    "每年",
    "平均每年",
    "再",
    "扩大到",
    "扩大",
    "增产",
    "减产",
    "不低于",
    "不超过",
    "不少于",
    "不高于",
    "低于",
    "高于",
    "少于",
    "每人每年",
    "每人每月",
    "每月",
    "降到",
    "降至",
    "回落到",
    "回落",
    "上涨到",
    "上涨",
    "升至",
    "提高至",
    "增长至",
    "下降至",
    "一直",
)
LEADING_WORDS = (
    *SCOPE_WORDS,
    *("其中", "同时", "并", "另外", "此外", "全年", "当年", "今年", "去年", "上年", "但", "而"),
)
# Plan verbs before an indicator: "拟安排中央预算内投资7000亿元" is about 中央预算内投资; 把 of
# "把居民消费价格涨幅控制在3.5%左右" too; 已 of "已撤并薄弱学校46个" (the same figure as a later
# report's "撤并薄弱学校5所").
LEADING_VERBS = (
    *("已经", "已", "拟安排", "安排", "拟", "将", "把", "要", "再", "继续", "进一步"),
    *("共有", "现有", "拥有", "共", "累计", "完成", "实现"),
)
# Words that make two indicators of one ending different ones: 城镇居民 vs 全体居民 …收入,
# 登记 vs 调查 失业率, 第一档 vs 第三档.
QUALIFIERS = (
    *("城镇", "农村", "城乡", "全体", "城市", "乡村", "中央", "地方", "国有", "民营", "外资"),
    *("登记", "调查", "常住", "户籍", "规模以上", "一般", "基本", "重点", "职工", "居民", "男", "女"),
)
# Words of action at either end of an indicator that do not change what it counts:
# 发行长期建设国债 and 长期建设国债发行 (规模) are one indicator.
ACTION_ENDS = re.compile(
    r"^(发行|安排|投入|完成|实现|落实|下达|拨付)|(发行|安排|投入|完成|实现|落实|下达|拨付)$"
)
ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+")
# A subject that only points back at the one before: "财政收入…增加1501亿元，总额…达到11377亿元".
GENERIC_SUBJECTS = ("总额", "总量", "规模", "总计", "合计", "其中", "全年", "数量", "人数")
# Words joining the indicators of "A和B分别达到x和y".
JOINING = re.compile(r"和|、|与|及|以及")
# A figure's qualifier, after it or before it.
QUALIFIER_AFTER = re.compile(r"^(左右|以上|以下|以内|上下|多|余|之内)")
QUALIFIER_BEFORE = re.compile(r"(约|近|超过|突破|不低于|不超过|不少于|不高于|低于|高于|少于|逾)$")
# Units after a figure; a scale (万, 亿) may stand between figure and unit when figures() left it.
UNIT = re.compile(
    r"^(?:多|余)?(万亿|亿|万|千)?(个百分点|百分点|元|美元|人次|人|吨|公斤|斤|公里|千米|米|亩|公顷|平方米|平方公里|千瓦时|千瓦|户|个|家|所|座|项|"
    r"套|辆|台|张|条|批|次|岁|天|小时|立方米|标准箱|件|处|名|位|间|床|册|场|头|只|栋|艘|架|部|片|盏|"
    r"倍|篇|株|棵|年)"
)
# The unit a thing is counted in, by the head noun that names it: "农民人均能支配多少收入" asks
# for 元, so "农民合作社100家" does not answer it.
HEAD_UNITS = (
    (
        re.compile(
            r"(收入|投资|资金|补贴|补助|经费|产值|总值|增加值|税收|债券|国债|赤字|存款|贷款|工资|费用|金额|预算|支出|津贴|养老金)$"
        ),
        "元",
    ),
    (re.compile(r"(面积|耕地|林地|造林)$"), "亩"),
    (re.compile(r"(产量|总产量)$"), "吨"),
    (re.compile(r"(里程|公路|铁路)$"), "公里"),
)
SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
# A place named in a report's title or issuer: 上海市, 四川省, 东湖县, 柳林乡.
PLACE = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:自治区|省|市|自治州|州|盟|自治县|县|区|旗|乡|镇|街道))")
# ... and inside a sentence, where 区/乡/镇 name parts of the report's own place (棚户区, 示范区).
OTHER_PLACE = re.compile(
    r"([\u4e00-\u9fff]{2,5}?(?:自治区|省|市|自治州|县))(?!场|民|值|面|域|级|委|长|直|属|情|内|外|区|城|里|中)"
)
# In a question: what is asked.
# "要降低多少" asks what is to be reached (a plan); "需要交多少" does not.
ASK_PLAN = re.compile(
    r"目标|计划|预期|打算|安排|拟|力争|要求|控制在|确保"
    r"|(?<![需只还])要(?:降低|下降|减少|提高|达到|增长|增加|控制|实现|新增|建成|突破)"
)
# a value at a year's end ("2017年末城镇登记失业率") is what it came to: a result, not a target
ASK_ACTUAL = re.compile(r"实际|完成|实现|达到|增长了|下降了|结果|取得|回顾|成效|过去|年末|年底")
ASK_ACTUAL_STRONG = re.compile(r"实际|完成了|完成得|结果|回顾|成效|过去|最后")
ASK_GROWTH = re.compile(
    r"增速|增长率|增幅|涨幅|增长的?(?:分别|各自?)?(多少|了多少|[是为有]多少|几|目标|预期|速度|最快|最慢)|增长百分之|速度|同比|比上年增长|"
    r"增长$|经济增长|"
    r"[涨长增]得(更|最)?(快|慢|多)"
)
ASK_SHARE = re.compile(r"比重|比例|占比|占.{0,12}多少|率")
ASK_INCREASE = re.compile(
    r"增加(了)?多少|多了多少|比上年多|新增了多少|提高(了)?多少个百分点|[增减多]产(了)?多少"
)
# "最低标准", "最高限额": 最 naming a thing, not asking which is highest (that asks 哪 or 最高的是).
ASK_WHICH = re.compile(r"哪|最(高|低|快|慢|多|少|大|小)的是|谁")
# "减少了多少", "降低多少": a change, told as a rate or as an amount.
ASK_CHANGE = re.compile(r"(减少|下降|降低|压减|减负|缩减|降|提高|上调|涨)(了)?(多少|几)(?!个百分点)")
ASK_TOTAL = re.compile(r"累计|总共|一共|合计")
ASK_SPAN = re.compile(r"五年来|过去五年|近五年|五年间|这五年|十[一二三四五]五(时期|期间)?|今后五年|未来五年")
ASK_NUMBER = re.compile(
    r"多少|几[个项次年倍万亿成岁天家所座户名人]|百分之几|比例|比重|占比|(?<![利效频汇])率(是|为|有|$)|目标|增速|增幅|"
    r"涨幅|增长率|增长了|增长$|哪一年|哪年|最高|最低|最快|最慢|变化|趋势|分别"
)
ASK_PHRASE = re.compile(r"哪些|什么|怎么|怎样|如何|为什么|是否|有没有|能不能|可以|吗[？?]?$|涵盖|包括|指的是")
ASK_MAX = re.compile(r"最高|最快|最多|最大|更高|更快|更多|最好")
ASK_MIN = re.compile(r"最低|最慢|最少|最小|更低|更慢|更少")
ASK_TREND = re.compile(r"变化|趋势|走势|历年|逐年|每年|增加还是减少|上升还是下降|是升是降|怎么变")
ASK_EACH = re.compile(r"分别|各是|各为|以及|和|与|及|、")
ASK_EACH_PART = re.compile(r"分别|各是|各为|各有|各多少|[？?].+[？?]|呢[？?]?.*多少")
QUESTION_WORDS = re.compile(
    r"是多少|有多少|多少|几|哪一年|哪年|哪个|哪些|什么|怎样|如何|吗|呢|请问|请|一下|是否|的数字|情况"
)

"""A generated draft with the faults real drafts carry and the project's samples mostly do not:
a doubled word (W101, so the tokenizer is loaded), unfilled slots, stray spaces, web debris and
owner-led measures. Written for the benchmarks from fragments of their own; deterministic.
"""

from __future__ import annotations

import random

_TOPICS = ("基层党建", "营商环境", "安全生产", "乡村振兴", "生态环境", "民生保障", "意识形态",
           "干部队伍", "项目建设", "社会治理", "文化惠民", "作风建设")
_VERBS = ("扎实推进", "持续深化", "全面加强", "着力抓好", "统筹推进", "不断完善")
_NOUNS = ("工作", "机制建设", "重点任务", "体制改革", "能力提升")
_UNITS = ("县委办公室", "县政府办公室", "县发展改革局", "县财政局", "县农业农村局", "县住房城乡建设局",
          "县应急管理局", "县市场监管局", "县文化广电旅游局", "县生态环境分局", "各乡镇人民政府")
_DONE = (
    "全年召开{t}专题会议{n}次，研究解决突出问题{m}个。",
    "累计开展{t}督查检查{n}轮，发现并整改问题{m}条。",
    "组织{t}集中培训{n}期，培训干部职工{m}人次。",
    "完成{t}项目投资{n}亿元，同比增长{p}%。",
    "新建{t}服务点{n}个，覆盖群众{m}万人。",
    "围绕{t}走访企业和群众{m}户，收集意见建议{n}条。",
)
_FLAWS = (
    "全年召开{t}工作推进会*次，",  # an unfilled count
    "在XX镇开展{t}试点，",  # an unfilled place
    "2025 年以来，",  # a stray space
    "坚持把{t}工作摆在突出位置位置，",  # a doubled word
    "县委县委常委会专题研究{t}工作，",  # a doubled word
    "一是 完善{t}工作机制，",  # a stray space
)
_PLAN = (
    "由{u}牵头，{c}配合，{y}年{mo}月底前完成{t}专项整治。",
    "{u}要每季度开展一次{t}督导检查，确保问题整改到位。",
    "力争{y}年{t}工作取得明显成效，由{u}负责。",
    "进一步健全{t}长效机制，推动各项任务落地见效。",
)
_DEBRIS = ("来源：本站整理", "更新时间：2025-12-01", "最新推荐", "此处隐藏1268字，下载后查看")
_CN = "一二三四五六七八九十"


def _paragraph(rng: random.Random, topic: str, plan: bool) -> str:
    parts = []
    numbered = rng.random() < 0.6  # 一是…二是… through the paragraph, or no enumeration
    for i in range(rng.randint(3, 6)):
        lead = f"{_CN[i]}是" if numbered else ""
        if plan:
            fmt = rng.choice(_PLAN)
            sentence = fmt.format(u=rng.choice(_UNITS), c=rng.choice(_UNITS), y=2026,
                                  mo=rng.randint(3, 12), t=topic)
        else:
            flaw = rng.choice(_FLAWS).format(t=topic) if rng.random() < 0.25 else ""
            # One figure per fact and topic, as a draft that restates a figure keeps it.
            k = rng.randrange(len(_DONE)) * 31 + _TOPICS.index(topic) * 17
            sentence = flaw + _DONE[k // 31 % len(_DONE)].format(t=topic, n=2 + k % 58,
                                                                m=10 + k * 7 % 890, p=1 + k % 29)
        parts.append(lead + sentence)
    return "　　" + "".join(parts)


def _numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens - 1]) + "十" if tens else "") + (_CN[ones - 1] if ones else "")


def real_like_draft(chars: int, seed: int = 7) -> str:
    """A work summary of exactly `chars` characters (up to about 300,000): achievements,
    problems and next year's plan, each a third of the text, in numbered sub-sections."""
    rng = random.Random(seed)
    lines = ["某县2025年工作总结", "",
             "　　2025年，在县委、县政府的坚强领导下，全县上下认真落实上级决策部署，现将有关情况报告如下。"]
    heads = (("一、2025年主要工作", False), ("二、存在的问题和不足", False), ("三、2026年工作打算", True))
    for i, (head, plan) in enumerate(heads):
        lines.append(head)
        budget = chars * (i + 1) // len(heads) + 200
        k = 0
        while sum(len(x) + 1 for x in lines) < budget:
            k += 1
            topic = rng.choice(_TOPICS)
            lines.append(f"（{_numeral(k)}）{rng.choice(_VERBS)}{topic}{rng.choice(_NOUNS)}")
            for _ in range(rng.randint(1, 3)):
                lines.append(_paragraph(rng, topic, plan))
            if rng.random() < 0.08:
                lines.append(rng.choice(_DEBRIS))
    return ("\n".join(lines) + "\n")[:chars]

"""A generated library for the keyword and year tests: 2021, 2023 and 2024 (no 2022), a
footer repeated in every report, a term planted in 2024 only (钙钛矿电池) and one that fades
after 2021 (元宇宙). Written in the test's tmp folder; no real document is copied."""

from __future__ import annotations

import random
from pathlib import Path

FOOTER = "欢迎订阅本刊，转发请注明出处，商务合作请联系编辑部。"
TOPICS = ["量子计算", "基因编辑", "商业航天", "储能电站", "脑机接口", "合成生物", "低空经济"]
TEMPLATES = [
    "很多公司在{b}上投入了{n}亿元，{a}同样值得关注。",
    "今年{a}领域出现了{n}项突破，{a}的成本继续下降。",
    "有人认为{b}会改变行业，也有人觉得{a}更有前景，调查了{n}位专家。",
    "我们走访了{n}家做{a}的工厂，{a}产线已经开始量产。",
]
RISING = "钙钛矿电池"
FADING = "区块链"
YEARS = {2021: 8, 2023: 8, 2024: 8}


#: A filler paragraph of random characters from this pool keeps the reports apart: without
#: it, reports written from the same templates would be taken for editions of one article.
FILLER = "山水风云花草鱼鸟春秋江河湖海林木石田桥路城村灯火书画琴棋茶酒米面衣帽钟鼓"


def _paragraphs(rng: random.Random, year: int, n: int) -> list[str]:
    out = ["".join(rng.choice(FILLER) for _ in range(500)) + "。"]
    for k in range(12):
        a, b = rng.sample(TOPICS, 2)
        out.append(rng.choice(TEMPLATES).format(a=a, b=b, n=n * 100 + k))
    if year == 2024 and n % 2:  # traditional: 鈣鈦礦電池 is 钙钛矿电池, counted once
        out.append(f"鈣鈦礦電池的轉換效率達到{n}%，鈣鈦礦電池的產線也在建設。")
    elif year == 2024:
        out.append(f"{RISING}的转换效率达到{n}%，{RISING}的产线也在建设。")
    if year == 2021:
        out.append(f"{FADING}的热度达到{n}度，很多公司宣布进军{FADING}。")
    return out


def write_planted(folder: Path) -> Path:
    rng = random.Random(18)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for year, count in YEARS.items():
        for i in range(count):
            n += 1
            body = _paragraphs(rng, year, n)
            text = "\n\n".join([f"第{n}期观察", f"{year}-{i % 12 + 1:02d}-15", *body, FOOTER])
            (folder / f"r{n:03d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder

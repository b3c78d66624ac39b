"""The rates offices publish, defined once (pure: no database code). Each is numerator ÷ denominator
with the percentage to one decimal, half up, as Henan's bulletins print it.

Populations (the selectors in `rate_selectors.py` count them):
- 年度跟踪项目: projects with an annual plan for the year, not 终止. 前期手续办结率, 资金到位率, 资金支付率,
  年度投资完成率 and 序时进度 are over these.
- 前期手续办结率 = items 已办结 by the month's end ÷ items to be done (required, not 不涉及).
- 资金到位率 = the year's 到位 to the month ÷ the year's 计划/下达 (all sources).
- 资金支付率 = the year's 支付 to the month ÷ the year's 累计完成投资 (the monthly reports' 自年初累计).
- 开工率 (履约项目开工率) = of the projects signed by the month's end whose planned start falls in the
  year up to the month's end (due to start), those started by the month's end.
- 投产率 = of the projects whose planned 投产 (the year's annual plan's, else the project's) falls in the
  year up to the month's end, those 投产 by then.
- 达效率 = of the projects whose planned 达产 (达效) falls in the year up to the month's end, those 达产 by then.
- 年度投资完成率 = 自年初累计完成投资 ÷ 年度计划投资.
- 序时进度 = the plan to date (monthly cumulative plans where set, else plan × months ÷ 12) ÷ 年度计划投资.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# key, label, numerator, denominator, unit of numerator and denominator
DEFINITIONS = (
    ("approvals", "前期手续办结率", "已办结事项", "应办事项", "项"),
    ("funds_arrival", "资金到位率", "累计到位", "计划/下达", "万元"),
    ("funds_payment", "资金支付率", "累计支付", "累计完成投资", "万元"),
    ("start", "开工率（履约项目开工率）", "已开工", "已签约且应开工", "个"),
    ("production", "投产率", "已投产", "应投产", "个"),
    ("capacity", "达效率", "已达效", "应达效", "个"),
    ("investment", "年度投资完成率", "自年初累计完成投资", "年度计划投资", "万元"),
    ("benchmark", "序时进度", "序时计划投资", "年度计划投资", "万元"),
)
KEYS = tuple(d[0] for d in DEFINITIONS)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: Decimal
    denominator: Decimal
    unit: str
    numerator_label: str
    denominator_label: str

    @property
    def percent(self) -> Decimal | None:
        """One decimal, half up; None without a denominator."""
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(TENTH, rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict:
        def plain(value):
            value = Decimal(value)
            return int(value) if self.unit != "万元" else format(value.quantize(Decimal("0.01")), "f")

        percent = self.percent
        return {"key": self.key, "label": self.label, "numerator": plain(self.numerator),
                "denominator": plain(self.denominator), "unit": self.unit,
                "numerator_label": self.numerator_label, "denominator_label": self.denominator_label,
                "percent": None if percent is None else format(percent, "f"),
                "text": "—" if percent is None else f"{percent}%"}


def rates_from(figures: dict[str, tuple[Decimal, Decimal]]) -> list[Rate]:
    """{key: (numerator, denominator)} → the rates in the published order (missing keys count 0 ÷ 0)."""
    zero = (Decimal(0), Decimal(0))
    return [Rate(key, label, Decimal(figures.get(key, zero)[0]), Decimal(figures.get(key, zero)[1]), unit, num, den)
            for key, label, num, den, unit in DEFINITIONS]


def add(a: dict[str, tuple], b: dict[str, tuple]) -> dict[str, tuple]:
    """Figures of two regions summed (a region's rates are over the sums of its parts, never an
    average of their rates)."""
    zero = (Decimal(0), Decimal(0))
    return {k: (a.get(k, zero)[0] + b.get(k, zero)[0], a.get(k, zero)[1] + b.get(k, zero)[1]) for k in {*a, *b}}

"""Pictures of the review report's summary, drawn on the server as SVG.

Each chart is laid out here from the summary's *published* values (after
disclosure control), so it shows exactly what its table shows: a hidden count is
drawn as a hatched bar labelled "fewer than 5" or "hidden", never as zero. The
template (``reviews/_report_chart.html``) draws it with no script and no inline
style, and the table stays beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from outcomes.vocabulary import CATEGORY_GROUPS, SHORT_GROUP
from reviews.models import PROCESS_ITEMS, Experience
from reviews.report import CHANGES, FEWER_THAN_5, HIDDEN, Summary, change_label

WIDTH = 640
COLUMNS_HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 24, 44
ROW = 46  # a horizontal bar with its label above it
LABEL_GAP = 18


@dataclass
class Bar:
    label: str
    value: float | int | None  # None: hidden
    text: str  # what the table shows
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    label_x: float = 0
    label_y: float = 0
    text_x: float = 0
    text_y: float = 0

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass
class Chart:
    name: str  # the table it pictures
    title: str
    summary: str
    kind: str  # "columns" (upright, over an axis) or "bars" (across, one a row)
    bars: list[Bar]
    width: int = WIDTH
    height: int = COLUMNS_HEIGHT
    ticks: list[tuple[str, float]] = field(default_factory=list)
    x_labels: list[tuple[str, float]] = field(default_factory=list)
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    plot_top: float = TOP
    plot_bottom: float = COLUMNS_HEIGHT - BOTTOM
    axis_label: str = ""

    @property
    def has_hidden(self) -> bool:
        return any(bar.hidden for bar in self.bars)


def _bar(summary: Summary, key: tuple, label: str) -> Bar:
    return Bar(label=label, value=summary.value(key), text=str(summary.text(key)))


def _columns(chart: Chart, top: float) -> Chart:
    plot_w = chart.plot_right - chart.plot_left
    plot_h = chart.plot_bottom - chart.plot_top
    top = max(top, 1)
    slot = plot_w / max(len(chart.bars), 1)
    for i, bar in enumerate(chart.bars):
        bar.w = round(slot * 0.8, 1)
        bar.x = round(chart.plot_left + slot * i + slot * 0.1, 1)
        share = 1 if bar.hidden else (bar.value or 0) / top
        bar.h = round(plot_h * share, 1)
        bar.y = round(chart.plot_bottom - bar.h, 1)
        bar.text_x = round(bar.x + bar.w / 2, 1)
        bar.text_y = round(bar.y - 4, 1)
    chart.ticks = [
        (
            str(round(top * i / 4, 1)).removesuffix(".0"),
            round(chart.plot_bottom - plot_h * i / 4, 1),
        )
        for i in range(5)
    ]
    return chart


def _bars(chart: Chart) -> Chart:
    chart.height = TOP + ROW * len(chart.bars) + 8
    plot_w = chart.plot_right - LEFT - 120  # room for the figure after the bar
    top = max([bar.value for bar in chart.bars if not bar.hidden] + [1])
    for i, bar in enumerate(chart.bars):
        bar.label_x, bar.label_y = LEFT, TOP + ROW * i
        bar.x, bar.y, bar.h = LEFT, TOP + ROW * i + 8, 20
        bar.w = round(plot_w if bar.hidden else plot_w * (bar.value or 0) / top, 1)
        bar.text_x, bar.text_y = round(bar.x + bar.w + 8, 1), bar.y + 15
    return chart


def _said(bar: Bar) -> str:
    return bar.text if bar.text in (FEWER_THAN_5, HIDDEN) else str(bar.value)


def change_chart(summary: Summary) -> Chart:
    bars = [_bar(summary, ("change", c), change_label(c)) for c in CHANGES]
    chart = Chart(
        name="change",
        title="Spread of change in the person's own rating",
        summary=(
            f"Of the outcomes included ({summary.text(('distance', 'included'))}), "
            f"{summary.text(('distance', 'improved'))} improved, "
            f"{summary.text(('change', 0))} stayed the same and "
            f"{summary.text(('distance', 'worse'))} got worse; left out: "
            f"{summary.text(('distance', 'no_baseline'))} with no starting rating and "
            f"{summary.text(('distance', 'not_reviewed'))} not reviewed in the period."
        ),
        kind="columns",
        bars=bars,
        axis_label="Change in points, from −10 to +10",
    )
    shown = [bar.value for bar in bars if not bar.hidden]
    _columns(chart, max(shown + [1]))
    chart.x_labels = [
        (bar.label, bar.text_x)
        for bar in bars
        if bar.label in ("\u221210", "\u22125", "0", "5", "10")
    ]
    return chart


def quarters_chart(summary: Summary) -> Chart:
    table = summary.tables["quarters"]
    bars = []
    for row in table.rows:
        median = row[2]
        hidden = not isinstance(median, int | float)
        bars.append(Bar(label=row[0], value=None if hidden else median, text=str(median)))
    chart = Chart(
        name="quarters",
        title="Median person's rating by quarter",
        summary=(
            "The median of the person's rating at reviews, quarter by quarter: "
            + "; ".join(f"{bar.label}, {_said(bar)}" for bar in bars)
            + "."
            if bars
            else "No reviews in the period."
        ),
        kind="columns",
        bars=bars,
        axis_label="Median rating, 0 to 10",
    )
    _columns(chart, 10)
    chart.x_labels = [(bar.label.split(" to ")[0], bar.text_x) for bar in bars]
    return chart


def ratings_chart(summary: Summary) -> Chart:
    bars = [
        _bar(summary, ("ratings", "person_higher"), "The person rated higher"),
        _bar(summary, ("ratings", "same"), "Both gave the same rating"),
        _bar(summary, ("ratings", "practitioner_higher"), "The practitioner rated higher"),
    ]
    chart = Chart(
        name="ratings",
        title="The person's rating beside the practitioner's",
        summary=(
            f"Of {summary.text(('ratings', 'both'))} reviews with both ratings: "
            + ", ".join(f"{bar.label.lower()} {_said(bar)}" for bar in bars)
            + "."
        ),
        kind="bars",
        bars=bars,
    )
    return _bars(chart)


def experience_chart(summary: Summary) -> Chart:
    bars = [
        _bar(summary, ("experience", name, answer), f"{label}: {answer_label.lower()}")
        for name, label in PROCESS_ITEMS
        for answer, answer_label in Experience.choices
    ]
    chart = Chart(
        name="experience",
        title="How people experience support",
        summary="Answers at reviews in the period: "
        + "; ".join(f"{bar.label} {_said(bar)}" for bar in bars)
        + ".",
        kind="bars",
        bars=bars,
    )
    return _bars(chart)


def categories_chart(summary: Summary) -> Chart:
    bars = [
        _bar(summary, ("categories", "group", SHORT_GROUP[group]), group)
        for group, _ in CATEGORY_GROUPS
    ]
    chart = Chart(
        name="categories",
        title="Outcomes by category group",
        summary="Outcomes recorded by the end of the period: "
        + "; ".join(f"{bar.label} {_said(bar)}" for bar in bars)
        + ".",
        kind="bars",
        bars=bars,
    )
    return _bars(chart)


def report_charts(summary: Summary) -> dict[str, Chart]:
    """The charts, by the name of the table each stands beside."""
    charts = [
        quarters_chart(summary),
        categories_chart(summary),
        change_chart(summary),
        ratings_chart(summary),
        experience_chart(summary),
    ]
    return {chart.name: chart for chart in charts}

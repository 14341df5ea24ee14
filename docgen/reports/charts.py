"""Charts of a monitoring report as PNG: the same figures always give the same bytes.

Printed reports are often copied in black and white, so nothing here means something by
colour alone: reached targets are solid dark grey bars, missed ones white with hatching, the
district value light grey, the target a dashed line named in the legend. Every number on a
chart is written as the text writes it (decimal comma, rounded half up once).

Reproducible bytes: matplotlib's Agg canvas without pyplot (no global state), a fixed size
and resolution, no "Software" text chunk in the PNG, and the DejaVu Sans files shipped
inside matplotlib set on every text, so that a system font of the same name (or its
absence) never changes a pixel.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, Final

from docgen.grammar.numerals import decimal
from docgen.reports.figures import IndicatorFigures, Mark, digits_for, exact
from docgen.reports.monitoring import Better, Indicator, Period, School

WIDTH_IN: Final = 6.3  # the text width of an A4 page with ГОСТ margins (165 mm)
DPI: Final = 200
ACHIEVED: Final = "#4d4d4d"
MISSED: Final = "#ffffff"
DISTRICT: Final = "#c8c8c8"
OWN: Final = "#000000"
_FONT_FILES: Final = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}
DISTRICT_LABEL: Final = "Среднее значение"


@cache
def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _fix_fonts(figure: Any) -> None:
    """Every text of the figure in matplotlib's own DejaVu Sans, by file, keeping its size."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

    for text in figure.findobj(Text):
        weight = "bold" if text.get_weight() in ("bold", 700, "heavy") else "normal"
        style = "italic" if text.get_style() in ("italic", "oblique") else "normal"
        path = _font_dir() / _FONT_FILES[(weight, style)]
        text.set_fontproperties(FontProperties(fname=path, size=text.get_fontsize()))


def _png(figure: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    _fix_fonts(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _number(value: Fraction, digits: int = 1) -> str:
    return decimal(exact(value), digits)


def _shown(value: Fraction, indicator: Indicator) -> str:
    return _number(value, digits_for(value, indicator.target))


def _unit_label(indicator: Indicator) -> str:
    return f"Значение, {indicator.unit}" if indicator.unit else "Значение"


def _ticks(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda x, _: decimal(float(x), 2)))


def indicator_chart(figures: IndicatorFigures, school: School | None = None) -> bytes:
    """Horizontal bars of every school's value, best first, the district's last; target line.

    In a school's report its own bar is black and its name bold.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    indicator = figures.indicator
    reverse = indicator.better is Better.MORE
    with_data = sorted(
        ((s, f) for s, f in figures.schools if f.value is not None),
        key=lambda item: item[1].value or 0,
        reverse=reverse,
    )
    rows = [*with_data, *((s, f) for s, f in figures.schools if f.value is None)]
    labels = [s.short for s, _ in rows] + [DISTRICT_LABEL]
    values = [f.value for _, f in rows] + [figures.district.value]
    height = 1.0 + 0.22 * len(labels)
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    top = max([indicator.target, *(v for v in values if v is not None)])
    limit = float(top) * 1.16 or 1.0
    for index, ((item, fig), value) in enumerate(
        zip([*rows, (None, figures.district)], values, strict=True)
    ):
        own = school is not None and item == school
        if item is None:
            face, hatch = DISTRICT, ""
        elif own:
            face, hatch = OWN, ""
        elif fig.mark is Mark.ACHIEVED:
            face, hatch = ACHIEVED, ""
        else:
            face, hatch = MISSED, "////"
        if value is None:
            axes.text(
                limit * 0.01,
                index,
                "нет данных",
                va="center",
                ha="left",
                fontsize=7.5,
                style="italic",
            )
            continue
        axes.barh(
            index,
            float(value),
            height=0.66,
            color=face,
            edgecolor="black",
            linewidth=0.6,
            hatch=hatch,
        )
        axes.text(
            float(value) + limit * 0.01,
            index,
            _shown(value, indicator),
            va="center",
            ha="left",
            fontsize=7.5,
            weight="bold" if own or item is None else "normal",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
            zorder=3,
        )
    axes.axvline(float(indicator.target), color="black", linestyle=(0, (5, 3)), linewidth=1.1)
    axes.set_yticks(range(len(labels)), labels=labels, fontsize=7.5)
    for index, tick in enumerate(axes.get_yticklabels()):
        if index == len(labels) - 1 or (school is not None and labels[index] == school.short):
            tick.set_fontweight("bold")
    axes.set_ylim(len(labels) - 0.4, -0.6)
    axes.set_xlim(0, limit)
    axes.set_xlabel(_unit_label(indicator), fontsize=8)
    _ticks(axes.xaxis)
    axes.tick_params(axis="x", labelsize=7.5)
    axes.grid(axis="x", color="#b0b0b0", linewidth=0.4, linestyle=":")
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    target = f"целевое значение ({_number(indicator.target, 2)}"
    target += f"{chr(160)}{indicator.unit})" if indicator.unit else ")"
    handles: list[Any] = [
        Patch(facecolor=ACHIEVED, edgecolor="black", linewidth=0.6, label="достигнут"),
        Patch(
            facecolor=MISSED, edgecolor="black", linewidth=0.6, hatch="////", label="не достигнут"
        ),
        Patch(facecolor=DISTRICT, edgecolor="black", linewidth=0.6, label="среднее значение"),
    ]
    if school is not None:
        handles.append(Patch(facecolor=OWN, edgecolor="black", label=school.short))
    from matplotlib.lines import Line2D

    handles.append(
        Line2D([0], [0], color="black", linestyle=(0, (5, 3)), linewidth=1.1, label=target)
    )
    figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=3 if school is None else 2,
        fontsize=7.5,
        frameon=False,
    )
    return _png(figure)


def trend_chart(
    all_figures: Sequence[IndicatorFigures],
    periods: Sequence[Period],
    school_values: Sequence[Sequence[Fraction | None]] | None = None,
    school: School | None = None,
) -> bytes:
    """The district value of every indicator period by period, one small chart each.

    ``school_values`` (for a school's report) adds the school's own line, dashed grey.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    count = len(all_figures)
    columns = 2 if count > 1 else 1
    rows = -(-count // columns)
    figure = Figure(figsize=(WIDTH_IN, 0.6 + 2.25 * rows), dpi=DPI, layout="constrained")
    grid = figure.subplots(rows, columns, squeeze=False)
    positions = list(range(len(periods)))
    names = [p.key for p in periods]
    for index, figures in enumerate(all_figures):
        axes = grid[index // columns][index % columns]
        indicator = figures.indicator
        lines = [([value for _, value in figures.trend], "black", "o", "-", 0.0)]
        if school_values is not None:
            lines.append((list(school_values[index]), "#7a7a7a", "s", "--", 1.0))
        found = [v for series, *_ in lines for v in series if v is not None]
        top = max([indicator.target, *found]) if found else indicator.target
        for series, colour, marker, style, offset in lines:
            xs = [x for x, v in zip(positions, series, strict=True) if v is not None]
            ys = [float(v) for v in series if v is not None]
            axes.plot(
                xs, ys, color=colour, marker=marker, linestyle=style, linewidth=1.3, markersize=4.5
            )
            for x, value in zip(xs, (v for v in series if v is not None), strict=True):
                place = -1 if offset else 1
                axes.annotate(
                    _shown(value, indicator),
                    (x, float(value)),
                    textcoords="offset points",
                    xytext=(0, 6 * place),
                    va="bottom" if place > 0 else "top",
                    ha="center",
                    fontsize=7,
                    color=colour,
                )
        axes.axhline(float(indicator.target), color="black", linestyle=(0, (5, 3)), linewidth=0.9)
        axes.set_xticks(positions, labels=names, fontsize=7)
        axes.set_xlim(-0.4, len(periods) - 0.6)
        axes.set_ylim(0, float(top) * 1.25 or 1.0)
        _ticks(axes.yaxis)
        axes.tick_params(axis="y", labelsize=7)
        axes.set_ylabel(indicator.unit or "", fontsize=7)
        axes.set_title("\n".join(textwrap.wrap(indicator.name, 44)), fontsize=7, loc="left")
        axes.grid(axis="y", color="#b0b0b0", linewidth=0.4, linestyle=":")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    for index in range(count, rows * columns):
        grid[index // columns][index % columns].set_visible(False)
    handles = [
        Line2D(
            [0],
            [0],
            color="black",
            marker="o",
            linewidth=1.3,
            markersize=4.5,
            label="среднее значение по организациям",
        )
    ]
    if school is not None:
        handles.append(
            Line2D(
                [0],
                [0],
                color="#7a7a7a",
                marker="s",
                linestyle="--",
                linewidth=1.3,
                markersize=4.5,
                label=school.short,
            )
        )
    handles.append(
        Line2D(
            [0],
            [0],
            color="black",
            linestyle=(0, (5, 3)),
            linewidth=0.9,
            label="целевое значение на отчетный период",
        )
    )
    figure.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7, frameon=False
    )
    return _png(figure)

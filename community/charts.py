"""Result indicators drawn server-side: progress towards the target and a small line chart as SVG.

No JavaScript, no external library: the template draws the coordinates computed here, and the table of
measurements beside the chart is its accessible twin.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


def progress_towards_target(baseline, target, latest) -> int | None:
    """How far the latest value has gone from the baseline towards the target, in percent (0-100).

    Works both ways (a target below the baseline means "bring it down"); None when it cannot be said.
    """
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    share = (Decimal(latest) - baseline) / (target - baseline) * 100
    return int(max(Decimal(0), min(Decimal(100), share)).to_integral_value())


@dataclass(frozen=True)
class Chart:
    """An indicator's line chart as SVG coordinates, computed here so the template only draws."""

    width: int
    height: int
    points: str  # the polyline's "x,y x,y"
    dots: list[tuple[float, float]]
    baseline_y: float
    target_y: float
    top_label: Decimal
    bottom_label: Decimal


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 120, 10


def indicator_chart(*, baseline, target, measurements) -> Chart | None:
    """The measurements over time between the baseline and target lines; None without values to draw."""
    if baseline is None or target is None or not measurements:
        return None
    values = [m.value for m in measurements]
    top, bottom = max([*values, baseline, target]), min([*values, baseline, target])
    span = (top - bottom) or Decimal(1)
    first, last = measurements[0].measured_on, measurements[-1].measured_on
    days = (last - first).days or 1
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD

    def y(value) -> float:
        return round(CHART_PAD + float((top - value) / span) * inner_h, 1)

    def x(day: date) -> float:
        if len(measurements) == 1:
            return CHART_WIDTH / 2
        return round(CHART_PAD + (day - first).days / days * inner_w, 1)

    dots = [(x(m.measured_on), y(m.value)) for m in measurements]
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        points=" ".join(f"{px},{py}" for px, py in dots),
        dots=dots,
        baseline_y=y(baseline),
        target_y=y(target),
        top_label=top,
        bottom_label=bottom,
    )

"""Months and quarters of a reporting period."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, (self.number - 1) * 3 + 1, 1)

    @property
    def last_day(self) -> date:
        return add_months(self.first_day, 3) - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter.of(add_months(self.first_day, 3))

    def __str__(self) -> str:
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def last_year(cls, today: date | None = None) -> "Period":
        """The current quarter and the three before it."""
        today = today or timezone.localdate()
        current = Quarter.of(today)
        return cls(add_months(current.first_day, -9), current.last_day)

    @property
    def months(self) -> list[date]:
        months, month = [], month_start(self.start)
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def quarters(self) -> list[Quarter]:
        quarters, quarter = [], Quarter.of(self.start)
        while quarter.first_day <= self.end:
            quarters.append(quarter)
            quarter = quarter.next()
        return quarters

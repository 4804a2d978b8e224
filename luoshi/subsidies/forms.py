import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.core.uploads import validate_upload_size
from luoshi.enterprises.models import Qualification
from luoshi.subsidies.models import Line, Round

WAN = Decimal(10000)


def parse_tiers(text: str) -> list[dict]:
    """“0 5” / “500 8”, one per line: above 0 万元 5%, above 500 万元 8% (marginal)."""
    tiers = []
    for raw in (text or "").strip().splitlines():
        raw = raw.strip()
        if not raw:
            continue
        parts = [p for p in re.split(r"[\s,，:：%]+", raw) if p]
        if len(parts) != 2:
            raise ValidationError(
                _("Write each tier as “from (万元) rate (%)”, e.g. “0 5”: “%(line)s”"),
                params={"line": raw[:40]},
            )
        try:
            above, rate = Decimal(parts[0]) * WAN, Decimal(parts[1]) / 100
        except InvalidOperation:
            raise ValidationError(
                _("“%(line)s” is not two numbers."), params={"line": raw[:40]}
            ) from None
        if not above.is_finite() or not rate.is_finite():
            raise ValidationError(_("“%(line)s” is not two numbers."), params={"line": raw[:40]})
        tiers.append({"above": str(above.normalize()), "rate": str(rate.normalize())})
    if not tiers:
        raise ValidationError(_("Give at least one tier."))
    return tiers


def tiers_text(tiers: list[dict]) -> str:
    return "\n".join(
        f"{(Decimal(t['above']) / WAN).normalize():f} {(Decimal(t['rate']) * 100).normalize():f}"
        for t in tiers
    )


class Styled(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", f"{css} form-control-sm")


class WanField(forms.DecimalField):
    """An amount typed in 万元, cleaned to whole yuan."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=4, min_value=0, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else (value * WAN).quantize(Decimal(1))


class RoundForm(Styled):
    year = forms.IntegerField(label=_("Year of the round"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    base = forms.ChoiceField(label=_("Base"), choices=Round.Base.choices)
    tiers = forms.CharField(
        label=_("Tiers: from (万元) and rate (%), one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="0 5\n500 8",
    )
    cap = WanField(label=_("Cap per firm (万元)"))
    budget = WanField(label=_("Budget (万元)"))
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Eligible qualifications (any of; none ticked: every firm)"),
        choices=Qualification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_tiers(self):
        return parse_tiers(self.cleaned_data["tiers"])


class RulesForm(RoundForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["year"]
        del self.fields["title"]


class LineForm(Styled):
    credit_code = forms.CharField(label=_("Credit code of the firm"), max_length=18)
    spending = forms.DecimalField(
        label=_("R&D expenses (yuan)"), max_digits=16, decimal_places=2, min_value=0
    )
    previous = forms.DecimalField(
        label=_("Previous year (yuan)"),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        required=False,
    )


class ImportForm(Styled):
    source = forms.ChoiceField(
        label=pgettext_lazy("firm list", "List"),
        choices=[c for c in Line.Source.choices if c[0] != Line.Source.MANUAL],
    )
    file = forms.FileField(label=_("File (.xlsx or .csv)"), validators=[validate_upload_size])


class ReviewForm(Styled):
    decision = forms.ChoiceField(
        choices=[
            (Line.Review.APPROVED, _("Approve the line")),
            (Line.Review.REJECTED, _("Reject the line")),
        ]
    )
    note = forms.CharField(label=_("Why"), max_length=300, required=False)


class NoticeForm(Styled):
    notice_from = forms.DateField(
        label=_("Notice from"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    notice_until = forms.DateField(
        label=_("Objections until"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class ObjectionForm(Styled):
    text = forms.CharField(
        label=_("Objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(Styled):
    uphold = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("0", _("Dismiss")), ("1", _("Uphold"))],
        coerce=lambda v: v == "1",
    )
    answer = forms.CharField(label=_("Answer"), max_length=2000)
    spending = forms.DecimalField(
        label=_("Corrected R&D expenses (yuan)"),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    review = forms.ChoiceField(
        label=_("Line"),
        required=False,
        choices=[
            ("", _("unchanged")),
            (Line.Review.APPROVED, _("Approve the line")),
            (Line.Review.REJECTED, _("Reject the line")),
        ],
    )


class PaidForm(Styled):
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

"""The yearly impact report as a PDF in the active language (alliance.pdf: Arabic right to
left, Chinese in Noto Sans CJK)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance.pdf import Document, render
from alliance.templatetags.alliance_formats import number
from cms import impact


def yearly_report_pdf(figures: dict) -> bytes:
    document = Document(
        language=get_language(),
        title=_("Global MOOC Alliance: impact report %(year)s") % {"year": figures["year"]},
    )
    document.paragraph(
        _(
            "What the alliance's member institutions achieved toward Sustainable Development"
            " Goal 4 in %(year)s, from the platform's data and the member reports accepted by"
            " the secretariat."
        )
        % {"year": figures["year"]}
    )
    document.paragraph(_("Indicators"), bold=True, size=13)
    document.facts(
        [
            (
                str(row["label"]),
                number(row["value"]) + (f" · SDG {', '.join(row['sdg'])}" if row["sdg"] else ""),
            )
            for row in impact.indicator_rows(figures)
        ]
    )
    for group, title in (
        ("regions", _("By UNESCO region")),
        ("income_groups", _("By World Bank income group")),
    ):
        document.paragraph(title, bold=True, size=13)
        document.facts(
            [
                (
                    row["label"],
                    _("%(members)s members, %(courses)s courses, %(learners)s learners")
                    % {
                        "members": number(row["members"]),
                        "courses": number(row["courses"]),
                        "learners": number(row["learners_reached"]),
                    },
                )
                for row in impact.labelled(figures, group)
            ]
        )
    document.paragraph(_("How each figure is computed"), bold=True, size=13)
    for row in impact.indicator_rows(figures):
        document.paragraph(f"{row['label']}: {row['source']}. {row['method']}", size=9)
    document.paragraph(
        _("Data under the Creative Commons Attribution 4.0 licence (CC BY 4.0)."), size=9
    )
    return render(document)

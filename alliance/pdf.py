"""PDF documents (dues invoices, receipts and credit notes, certificates of attendance) in the
reader's language, with fpdf2 and its HarfBuzz text shaping: Arabic joined and right to left,
Chinese in Noto Sans CJK, every other script in Noto Sans, falling back from one to the other
within a line (a Chinese institution's name in a French receipt).

The fonts are the system's Noto fonts (Debian's fonts-noto-core and fonts-noto-cjk); when one is
missing, building a document raises FontsMissing naming the package to install."""

import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language_info
from fpdf import FPDF

# fontTools logs every table of every font it subsets at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

CORE = "fonts-noto-core"
CJK = "fonts-noto-cjk"

# family -> (style -> (file, face index in a collection)), the package that installs it
FONTS = {
    "sans": (
        {
            "": ("truetype/noto/NotoSans-Regular.ttf", 0),
            "B": ("truetype/noto/NotoSans-Bold.ttf", 0),
        },
        CORE,
    ),
    "arabic": (
        {
            "": ("truetype/noto/NotoNaskhArabic-Regular.ttf", 0),
            "B": ("truetype/noto/NotoNaskhArabic-Bold.ttf", 0),
        },
        CORE,
    ),
    "cjk": (
        {
            # Face 2 of the collections is Noto Sans CJK SC (simplified Chinese).
            "": ("opentype/noto/NotoSansCJK-Regular.ttc", 2),
            "B": ("opentype/noto/NotoSansCJK-Bold.ttc", 2),
        },
        CJK,
    ),
}


class FontsMissing(ImproperlyConfigured):
    pass


def _font_path(relative: str) -> Path:
    return Path(getattr(settings, "PDF_FONT_DIR", "/usr/share/fonts")) / relative


@cache
def _check_fonts(font_dir: str) -> None:
    missing = sorted(
        {
            package
            for styles, package in FONTS.values()
            for relative, _index in styles.values()
            if not _font_path(relative).is_file()
        }
    )
    if missing:
        raise FontsMissing(
            f"The PDF fonts are missing from {font_dir}: install the Debian package(s) "
            f"{' and '.join(missing)} (apt-get install {' '.join(missing)})."
        )


def main_family(language: str) -> str:
    return {"ar": "arabic", "zh-hans": "cjk"}.get(language, "sans")


class Document(FPDF):
    """An A4 page with a title, facts (label: value), a table of amounts and paragraphs, in
    `language`; `bytes(document.output())` is the PDF."""

    def __init__(self, *, language: str, title: str):
        super().__init__(format="A4")
        _check_fonts(str(_font_path("")))
        for family, (styles, _package) in FONTS.items():
            for style, (relative, index) in styles.items():
                self.add_font(
                    family, style, str(_font_path(relative)), collection_font_number=index
                )
        self.family_name = main_family(language)
        self.set_fallback_fonts([f for f in FONTS if f != self.family_name], exact_match=False)
        self.set_text_shaping(True)
        self.rtl = get_language_info(language)["bidi"]
        self.align = "R" if self.rtl else "L"
        self.set_lang(language)
        self.set_title(title)
        self.set_creator("Global MOOC Alliance")
        self.set_margins(20, 20, 20)
        self.add_page()
        self.set_font(self.family_name, "B", 18)
        self.multi_cell(0, 10, title, align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def paragraph(self, text: str, *, bold: bool = False, size: int = 11) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)
        self.multi_cell(0, 6, text, align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def facts(self, rows: list[tuple[str, str]]) -> None:
        """Two columns, the label first in the reading direction."""
        with self.table(
            col_widths=(65, 35) if self.rtl else (35, 65),
            text_align=self.align,
            first_row_as_headings=False,
            borders_layout="NONE",
            line_height=6,
        ) as table:
            for label, value in rows:
                cells = [(label, "B"), (value, "")]
                row = table.row()
                for text, style in reversed(cells) if self.rtl else cells:
                    self.set_font(self.family_name, style, 11)
                    row.cell(text)
        self.ln(4)


def render(document: Document) -> bytes:
    return bytes(document.output())

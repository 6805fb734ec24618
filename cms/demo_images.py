"""The demo's images: abstract illustrations drawn here with Pillow (no third-party copyright),
one per home page, news item, event, good practice and public project, and a logo (a roundel
with its initials) for each institution without one, loaded idempotently.

Each image is drawn from its page's slug (a fixed seed), saved once as a Wagtail image titled
"Demo illustration: <slug>" with its alt text in the six languages (ALT_TRANSLATIONS), and set on
the English page and on each of its translations, and on each public project.
"""

import io
import math
import random

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from alliance.images import alt_texts_save, reencode
from cms.models import EventPage, GoodPracticePage, HomePage, NewsPage
from members.models import Institution
from projects.models import Project, Visibility

SIZE = (1600, 900)
# Pairs of background colours (navy, teal, plum, forest, SDG 4 red) and an accent each.
PALETTES = [
    ((11, 46, 79), (18, 99, 140), (255, 191, 71)),
    ((12, 74, 82), (32, 140, 130), (255, 220, 160)),
    ((60, 30, 90), (140, 60, 120), (255, 200, 120)),
    ((20, 70, 45), (70, 140, 80), (250, 230, 140)),
    ((120, 20, 35), (197, 25, 45), (255, 225, 180)),
]
ALT_TEXT = {
    HomePage: "An abstract globe crossed by lines of latitude, with open books around it.",
    NewsPage: "An abstract illustration: circles and open books over a globe.",
    EventPage: "An abstract illustration of a meeting: circles gathered around a globe.",
    GoodPracticePage: "An abstract illustration: an open book under a globe.",
    Project: "An abstract illustration: an open book in front of a globe, among circles.",
}
ALT_TRANSLATIONS = {
    ALT_TEXT[HomePage]: {
        "ar": "كرة أرضية مجرّدة تعبرها خطوط العرض، وحولها كتب مفتوحة.",
        "zh-hans": "一个抽象的地球，纬线横贯其上，周围环绕着打开的书。",
        "fr": "Un globe abstrait traversé de parallèles, entouré de livres ouverts.",
        "ru": "Абстрактный глобус, пересечённый параллелями, вокруг него — раскрытые книги.",
        "es": "Un globo abstracto cruzado por paralelos, rodeado de libros abiertos.",
    },
    ALT_TEXT[NewsPage]: {
        "ar": "رسم تجريدي: دوائر وكتب مفتوحة فوق كرة أرضية.",
        "zh-hans": "抽象插图：地球上方的圆圈和打开的书。",
        "fr": "Une illustration abstraite : des cercles et des livres ouverts sur un globe.",
        "ru": "Абстрактная иллюстрация: круги и раскрытые книги над глобусом.",
        "es": "Una ilustración abstracta: círculos y libros abiertos sobre un globo.",
    },
    ALT_TEXT[EventPage]: {
        "ar": "رسم تجريدي لاجتماع: دوائر تلتف حول كرة أرضية.",
        "zh-hans": "一次会议的抽象插图：圆圈聚集在地球周围。",
        "fr": "Une illustration abstraite d’une réunion : des cercles réunis autour d’un globe.",
        "ru": "Абстрактная иллюстрация встречи: круги, собравшиеся вокруг глобуса.",
        "es": "Una ilustración abstracta de una reunión: círculos reunidos alrededor de un globo.",
    },
    ALT_TEXT[GoodPracticePage]: {
        "ar": "رسم تجريدي: كتاب مفتوح تحت كرة أرضية.",
        "zh-hans": "抽象插图：地球下方一本打开的书。",
        "fr": "Une illustration abstraite : un livre ouvert sous un globe.",
        "ru": "Абстрактная иллюстрация: раскрытая книга под глобусом.",
        "es": "Una ilustración abstracta: un libro abierto bajo un globo.",
    },
    ALT_TEXT[Project]: {
        "ar": "رسم تجريدي: كتاب مفتوح أمام كرة أرضية، بين دوائر.",
        "zh-hans": "抽象插图：圆圈之间，地球前方一本打开的书。",
        "fr": "Une illustration abstraite : un livre ouvert devant un globe, parmi des cercles.",
        "ru": "Абстрактная иллюстрация: раскрытая книга перед глобусом, среди кругов.",
        "es": "Una ilustración abstracta: un libro abierto delante de un globo, entre círculos.",
    },
}


def draw(seed: str) -> bytes:
    """A 1600 × 900 JPEG: a gradient, a globe with its meridians, circles and an open book."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    top, bottom, accent = rng.choice(PALETTES)
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    pixels = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        pixels.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    for _ in range(14):
        r = rng.randint(40, 220)
        x, y = rng.randint(0, width), rng.randint(0, height)
        pen.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, rng.randint(14, 40)))
    cx, cy, r = rng.randint(650, 1100), rng.randint(380, 520), rng.randint(260, 340)
    white = (255, 255, 255, 210)
    pen.ellipse([cx - r, cy - r, cx + r, cy + r], outline=white, width=10)
    for k in range(1, 4):  # meridians
        w = r * math.cos(k * math.pi / 8)
        pen.ellipse([cx - w, cy - r, cx + w, cy + r], outline=white, width=5)
    for k in range(-2, 3):  # parallels
        y = cy + k * r / 3
        half = math.sqrt(max(r * r - (y - cy) ** 2, 0))
        pen.line([(cx - half, y), (cx + half, y)], fill=white, width=5)
    bx, by, b = cx - rng.randint(-120, 120), cy + r - 40, rng.randint(150, 200)
    for side in (-1, 1):  # an open book in front of the globe
        pen.polygon(
            [
                (bx, by),
                (bx + side * b, by - b * 0.35),
                (bx + side * b, by + b * 0.55),
                (bx, by + b * 0.85),
            ],
            fill=(*accent, 240),
        )
    dot = rng.randint(34, 48)
    pen.ellipse([bx - dot, by - b * 0.9 - dot, bx + dot, by - b * 0.9 + dot], fill=(*accent, 255))
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def draw_logo(name: str, short_name: str) -> bytes:
    """A 400 × 400 PNG roundel with the institution's initials (a demo logo, drawn here)."""
    from PIL import Image, ImageDraw, ImageFont

    top, _bottom, accent = random.Random(name).choice(PALETTES)
    initials = short_name if short_name.isascii() and 0 < len(short_name) <= 5 else ""
    if not initials:
        initials = "".join(w[0] for w in name.split() if w[:1].isascii() and w[0].isupper())[:3]
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse([8, 8, 392, 392], fill=(*top, 255), outline=(*accent, 255), width=14)
    font = ImageFont.load_default(size=150 if len(initials) <= 3 else 100)
    pen.text((200, 205), initials or "•", fill=(255, 255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_image(slug: str, alt_text: str):
    Image = get_image_model()
    title = f"Demo illustration: {slug}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(
            title=title,
            description=alt_text,
            file=ImageFile(io.BytesIO(draw(slug)), name=f"demo-{slug}.jpg"),
        )
        image.save()
    alt_texts_save(image, ALT_TRANSLATIONS.get(image.description, {}))
    return image


def load(stdout) -> None:
    pages = [
        *HomePage.objects.filter(locale__language_code="en"),
        *NewsPage.objects.filter(locale__language_code="en").order_by("date", "slug"),
        *EventPage.objects.filter(locale__language_code="en").order_by("starts_at", "slug"),
        *GoodPracticePage.objects.filter(locale__language_code="en").order_by("slug"),
    ]
    changed = 0
    for english in pages:
        image = demo_image(english.slug or "home", ALT_TEXT[type(english)])
        for page in type(english).objects.filter(translation_key=english.translation_key):
            if page.image_id is None:
                page.image = image
                page.save_revision().publish()
                changed += 1
    institutions = Institution.objects.filter(logo="").order_by("pk")
    for institution in institutions:
        drawn = io.BytesIO(draw_logo(institution.name, institution.short_name))
        drawn.name = "logo.png"
        logo = reencode(drawn, max_side=200, name="logo")  # 64 px at most on a page, 3x
        institution.logo.save(logo.name, logo, save=False)
        Institution.objects.filter(pk=institution.pk).update(logo=institution.logo.name)
    projects = Project.objects.filter(visibility=Visibility.PUBLIC, image=None).order_by("slug")
    for project in projects:
        project.image = demo_image(f"project-{project.slug}", ALT_TEXT[Project])
        project.save(update_fields=["image"])
    stdout.write(
        f"Images: {len(pages)} demo illustrations, set on {changed} pages "
        f"and {len(projects)} projects; {len(institutions)} logos."
    )

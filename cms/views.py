"""The public views of the website (thin: forms, then a service): the sitemap and robots.txt; the
routes of the Declaration, the call for input, the campaigns and the events, attached to their page
models (Wagtail's RoutablePageMixin) by `page_route` when cms/apps.py imports this module: the
models hold the content, this module what a request does with it."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, cache_page
from django.views.decorators.http import require_GET, require_POST
from wagtail.contrib.routable_page.models import path

from cms import selectors, services
from cms.account_data import account_data
from cms.documents import certificate_pdf, event_dates
from cms.feeds import NewsAtomFeed, NewsRssFeed
from cms.forms import (
    AccountDeleteForm,
    ConsultationForm,
    EndorsementForm,
    EventRegistrationForm,
    PledgeForm,
)
from cms.models import CampaignPage, ConsultationPage, DeclarationPage, EventPage, NewsIndexPage
from cms.models.declaration import VersionStatus
from cms.models.event import HOLD_MINUTES
from cms.sitemaps import CACHE_SECONDS, SITEMAP_XML, sitemaps
from cms.spam import submit_within_limit
from members.services.people import user_delete


def page_route(page_class, pattern: str, *, name: str, **fixed):
    """Serve `pattern` under each page of `page_class` with the view decorated, called as
    `view(request, page, **fixed, **captured)`; `page.reverse_subpage(name)` gives its path."""

    def attach(view):
        def serve(page, request, *args, **kwargs):
            return view(request, page, *args, **fixed, **kwargs)

        attribute = f"_route_{name}"
        if attribute in page_class.__dict__:
            raise ImproperlyConfigured(f"{page_class.__name__} already has a route {name!r}")
        setattr(page_class, attribute, path(pattern, name=name)(serve))
        return view

    return attach


def _subpage_url(page, name: str) -> str:
    return page.url + page.reverse_subpage(name)


# A person's own data and account -------------------------------------------------------------


@login_required
def account(request, form=None):
    form = form or AccountDeleteForm(user=request.user)
    return TemplateResponse(
        request, "cms/account.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_GET
def account_data_download(request):
    response = JsonResponse(account_data(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_POST
def account_delete(request):
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        return account(request, form=form)
    try:
        user_delete(user=request.user, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("cms:account")
    logout(request)
    messages.success(request, _("Your account has been deleted."))
    return redirect("/")


# News feeds ---------------------------------------------------------------------------------


@page_route(NewsIndexPage, "feed/rss/", name="rss", feed=NewsRssFeed)
@page_route(NewsIndexPage, "feed/atom/", name="atom", feed=NewsAtomFeed)
def news_feed(request, page, *, feed):
    return feed(page)(request)


# The Declaration ------------------------------------------------------------------------------


@page_route(DeclarationPage, "", name="declaration")
@page_route(DeclarationPage, "versions/<int:number>/", name="version")
def declaration(request, page, *, number=None, form=None, status=200):
    versions = list(selectors.declaration_versions())
    if number is None:
        version = selectors.adopted_declaration()
    else:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            raise Http404
    context = {
        "page": page,
        "self": page,
        "versions": versions,
        "version": version,
        "take_part": selectors.take_part_pages(page=page),
    }
    if version is not None:
        context["text"] = selectors.declaration_text(version=version, language=get_language())
    if version is not None and version.status == VersionStatus.ADOPTED:
        options = selectors.endorsing_options(user=request.user, version=version)
        signable = selectors.signable_institutions(options)
        context.update(
            signatories=selectors.signatories_by_region(version=version),
            options=options,
            form=form or (EndorsementForm(institutions=signable) if signable else None),
            endorse_url=_subpage_url(page, "endorse"),
            login_url=f"{reverse('account_login')}?next={quote(page.url)}",
        )
    return TemplateResponse(request, "cms/declaration_page.html", context, status=status)


@page_route(DeclarationPage, "endorse/", name="endorse")
def declaration_endorse(request, page):
    if request.method != "POST":
        return redirect(page.url)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    version = selectors.adopted_declaration()
    if version is None:
        raise Http404
    options = selectors.endorsing_options(user=request.user, version=version)
    signable = selectors.signable_institutions(options)
    if not signable:
        raise PermissionDenied
    form = EndorsementForm(request.POST, institutions=signable)
    if form.is_valid():
        try:
            services.endorsement_sign(
                version=version,
                institution=form.cleaned_data["institution"],
                user=request.user,
                signatory_title=form.cleaned_data["signatory_title"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. The secretariat will confirm the endorsement of %(name)s shortly.")
                % {"name": form.cleaned_data["institution"].name},
            )
            return redirect(page.url + "#endorse")
    return declaration(request, page, form=form, status=400)


# The call for input ---------------------------------------------------------------------------


@page_route(ConsultationPage, "", name="consultation")
@page_route(ConsultationPage, "thanks/", name="thanks", thanks=True)
def consultation(request, page, *, thanks=False):
    context = {"page": page, "self": page, "is_open": page.is_open(), "thanks": thanks}
    status = 200
    if not thanks:
        questions = page.questions.all()
        form = ConsultationForm(questions=questions)
        if request.method == "POST" and not context["is_open"]:
            status = 400  # the page says the call is closed; nothing is read or stored
        elif request.method == "POST":
            form = ConsultationForm(request.POST, request.FILES, questions=questions)

            def submit():
                services.submission_create(
                    page=page,
                    data=form.cleaned_data,
                    answers=form.answers(),
                    files=form.cleaned_data["attachments"],
                    language=get_language(),
                )
                return redirect(_subpage_url(page, "thanks"))

            outcome = submit_within_limit(
                request,
                f"consultation:{page.translation_key}",
                form,
                too_many=_("Too many submissions from your network. Please try again in an hour."),
                act=submit,
            )
            if not isinstance(outcome, int):
                return outcome
            status = outcome
        context["form"] = form
    return TemplateResponse(request, "cms/consultation_page.html", context, status=status)


# Campaigns ------------------------------------------------------------------------------------

SESSION_KEY = "signed_campaigns"


@page_route(CampaignPage, "", name="start", state="start")
@page_route(CampaignPage, "signed/", name="signed", state="signed")
@page_route(CampaignPage, "share/", name="share", state="share")
def campaign(request, page, *, state):
    signed = page.pk in request.session.get(SESSION_KEY, [])
    if state != "start" and not signed:
        return redirect(page.url)
    form, status = None, 200
    if state == "start":
        form = PledgeForm()
        if request.method == "POST":
            form = PledgeForm(request.POST)

            def sign():
                services.pledge_sign(campaign=page, data=form.cleaned_data, language=get_language())
                request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), page.pk]
                return redirect(_subpage_url(page, "signed"))

            outcome = submit_within_limit(
                request,
                f"campaign:{page.translation_key}",
                form,
                too_many=_("Too many signatures from your network. Please try again in an hour."),
                act=sign,
                error_field="email",
            )
            if not isinstance(outcome, int):
                return outcome
            status = outcome
    full_url = page.get_full_url(request)
    context = {
        "page": page,
        "self": page,
        "state": state,
        "signed": signed,
        "form": form,
        "count": page.original().pledges.confirmed().count(),
        "share_url": _subpage_url(page, "share"),
        "page_full_url": full_url,
        "share_links": share_links(title=page.title, url=full_url),
    }
    return TemplateResponse(request, "cms/campaign_page.html", context, status=status)


@page_route(CampaignPage, "confirm/<str:token>/", name="confirm")
def pledge_confirm(request, page, token):
    """The page the emailed link opens: a button (POST) confirms the pledge, so a mail scanner
    that follows the link confirms nothing."""
    pledge = services.pledge_from_token(token, page)
    status = 200 if pledge is not None else 404
    if pledge is not None and request.method == "POST":
        services.pledge_confirm(pledge=pledge)
        request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), page.pk]
        messages.success(request, _("Thank you: your signature is confirmed and counted."))
        return redirect(_subpage_url(page, "share"))
    context = {"page": page, "self": page, "pledge": pledge}
    return TemplateResponse(request, "cms/pledge_confirm.html", context, status=status)


# Events ---------------------------------------------------------------------------------------


@page_route(EventPage, "register/", name="register")
def event_register(request, page):
    """The form: a pending registration and the confirmation link by email. At most
    RATE_LIMIT registrations per address, event and hour (refused forms do not count)."""
    if request.method != "POST":
        return redirect(page.get_url(request))
    form = EventRegistrationForm(request.POST, questions=page.questions.all())

    def register():
        services.event_register(
            event=page,
            data=form.cleaned_data,
            user=request.user,
            language=translation.get_language(),
        )
        messages.success(
            request,
            _(
                "Almost done: we have sent a link to %(email)s. Open it within "
                "%(minutes)s minutes to confirm your registration; your place is "
                "held until then."
            )
            % {"email": form.cleaned_data["email"], "minutes": HOLD_MINUTES},
        )
        return redirect(page.get_url(request) + "#registration")

    outcome = submit_within_limit(
        request,
        f"event:{page.translation_key}",
        form,
        too_many=_("Too many registrations from your network. Please try again later."),
        act=register,
    )
    if not isinstance(outcome, int):
        return outcome
    status = outcome
    return page.render(request, context_overrides={"form": form}, status=status)


@page_route(EventPage, "confirm/<str:token>/", name="confirm")
def event_registration_confirm(request, page, token):
    """The emailed link: a button (mail scanners follow links, they do not press buttons),
    then the registration is confirmed and the live-stream link and calendar are sent."""
    registration = services.registration_from_confirm_token(token)
    error, status = "", 200
    if registration is None or registration.event_id != page.registration_event.pk:
        # Also an unconfirmed registration whose hold ended and whose place was taken.
        registration, status = None, 404
        error = _("This link is no longer valid. Please register again.")
    elif request.method == "POST":
        try:
            registration = services.event_registration_confirm(registration=registration)
        except ValidationError as refused:
            error, status = " ".join(refused.messages), 400
        else:
            if registration.waitlisted:
                messages.success(
                    request,
                    _(
                        "You are on the waiting list. When a place frees, it is yours: we "
                        "email you the event and your link to the live stream."
                    ),
                )
                return redirect(page.get_url(request) + "#registration")
            messages.success(
                request,
                _(
                    "Your registration is confirmed. We have emailed you the event for your "
                    "calendar and your personal link to the live stream."
                ),
            )
            return redirect(
                page.get_url(request)
                + page.reverse_subpage("live", args=[services.live_token(registration)])
            )
    return page.render(
        request,
        template="cms/event_confirm.html",
        context_overrides={"registration": registration, "error": error},
        status=status,
    )


@page_route(EventPage, "live/<str:token>/", name="live")
def event_live(request, page, token):
    registration = services.registration_from_live_token(token)
    if registration is None or registration.event_id != page.registration_event.pk:
        raise Http404
    certificate_url = ""
    if registration.attended_at:
        certificate_url = page.url + page.reverse_subpage(
            "certificate", args=[services.certificate_token(registration)]
        )
    return page.render(
        request,
        template="cms/event_live.html",
        context_overrides={"registration": registration, "certificate_url": certificate_url},
    )


@page_route(EventPage, "cancel/<str:token>/", name="cancel")
def event_registration_cancel(request, page, token):
    """The emailed link: a page with a button (mail scanners follow links, they do not press
    buttons); the button cancels the registration and frees its place for the waiting list."""
    registration = services.registration_from_cancel_token(token)
    if registration is not None and registration.event_id != page.registration_event.pk:
        registration = None
    if registration is not None and request.method == "POST":
        services.event_registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(page.get_url(request))
    return page.render(
        request,
        template="cms/event_cancel.html",
        context_overrides={"registration": registration},
        status=200 if registration is not None else 404,
    )


@page_route(EventPage, "certificate/<str:token>/", name="certificate")
def event_certificate(request, page, token):
    """The registrant's certificate of attendance (the link on their live-stream page): a PDF in
    the language they registered in. Not attended, or another event's token: 404."""
    registration = services.registration_from_certificate_token(token)
    if registration is None or registration.event_id != page.registration_event.pk:
        raise Http404
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    filename = f"certificate-{registration.certificate_code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def certificate_verify(request, code):
    """Public: whose certificate the code is, for which event and on which dates."""
    registration = selectors.certificate_of(code=code)
    event = registration.event.localized if registration else None
    return TemplateResponse(
        request,
        "cms/certificate_verify.html",
        {
            "registration": registration,
            "event": event,
            "dates": event_dates(event) if event else "",
            "code": code,
        },
        status=200 if registration else 404,
    )


def share_links(*, title: str, url: str) -> list[tuple[str, str]]:
    """Links that share `url` by email and on the social networks used in each region."""
    title, url, message = quote(title), quote(url, safe=""), quote(f"{title} — {url}")
    return [
        ("Email", f"mailto:?subject={title}&body={message}"),
        ("X", f"https://twitter.com/intent/tweet?text={title}&url={url}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        ("WhatsApp", f"https://wa.me/?text={message}"),
        ("Weibo", f"https://service.weibo.com/share/share.php?url={url}&title={title}"),
    ]


ROBOTS = """User-agent: *
Disallow: /cms-admin/
Disallow: /django-admin/
Disallow: /accounts/
Disallow: /api/
Disallow: /*/my-institution/
Disallow: /*/live/
"""


@require_GET
@cache_page(CACHE_SECONDS)
def sitemap_index(request):
    return sitemap_views.index(request, sitemaps(request), sitemap_url_name="sitemap_section")


@require_GET
@cache_page(CACHE_SECONDS)
def sitemap_section(request, section):
    return sitemap_views.sitemap(
        request, sitemaps(request), section=section, template_name=SITEMAP_XML
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    text = ROBOTS + f"\nSitemap: {request.build_absolute_uri('/sitemap.xml')}\n"
    return HttpResponse(text, content_type="text/plain; charset=utf-8")

"""Feed imports in the store pages: the feed sources per language, "import now", uploading a
file, the past imports, and one import's progress (polled every 2 s), outcome and rejected rows."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView
from apps.core.errors import ApplicationError, NotFound
from apps.jobs.pages import JobPage

from ...feeds import selectors
from ...jobs_feeds import feed_imports_reconcile
from ...permissions import Action, ActionAccess, allowed_actions
from ...services.feeds import LANGUAGES, feed_import_start, feed_imports_start_all, feed_sources_save

REJECTED_PER_PAGE = 50
LANGUAGE_NAMES = {"fr": gettext_lazy("French"), "de": gettext_lazy("German"), "en": gettext_lazy("English")}


URL_FIELD = {"required": False, "max_length": 1000, "assume_scheme": "https"}


class SourcesForm(forms.Form):
    url_fr = forms.URLField(label=gettext_lazy("Feed URL in French"), **URL_FIELD)
    url_de = forms.URLField(label=gettext_lazy("Feed URL in German"), **URL_FIELD)
    url_en = forms.URLField(label=gettext_lazy("Feed URL in English"), **URL_FIELD)


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Feed file (CSV or TSV, may be gzipped)"))
    language = forms.ChoiceField(label=gettext_lazy("Language of the file"), choices=list(LANGUAGE_NAMES.items()))


class ImportsPage(ActionAccess, StorePageView):
    """A store page of the feed imports."""

    abstract = True
    module = "marketplace"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"] = allowed_actions(self.perms)
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"store:marketplace:{name}", kwargs={"code": self.store.code, **kwargs})


class ImportsView(ImportsPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "marketplace/store/imports/list.html"

    def get_context_data(self, **kwargs):
        feed_imports_reconcile(store=self.store)
        context = super().get_context_data(**kwargs)
        sources = selectors.feed_sources(store=self.store)
        initial = {f"url_{lang}": source.url for lang, source in sources.items()}
        context.update(
            sources_form=kwargs.get("sources_form") or SourcesForm(initial=initial),
            upload_form=kwargs.get("upload_form") or UploadForm(),
            sources=[(lang, LANGUAGE_NAMES[lang], sources.get(lang)) for lang in LANGUAGES],
            has_sources=bool(sources),
            imports=selectors.feed_import_list(store=self.store),
            running=selectors.feed_import_running(store=self.store),
        )
        return context


class SourcesSaveView(ImportsView):
    actions = {"GET": Action.VIEW, "POST": Action.SOURCES_CHANGE}

    def post(self, request, *args, **kwargs):
        form = SourcesForm(request.POST)
        if form.is_valid():
            urls = {lang: form.cleaned_data[f"url_{lang}"] for lang in LANGUAGES}
            try:
                feed_sources_save(store=self.store, urls=urls, actor=request.user)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Feed sources saved."))
                return HttpResponseRedirect(self.url("imports"))
        return self.render_to_response(self.get_context_data(sources_form=form), status=400)


class ImportStartView(ImportsPage, View):
    """POST language=fr|de|en (that language's feed source) or language=all."""

    actions = {"POST": Action.IMPORT}

    def post(self, request, *args, **kwargs):
        language = request.POST.get("language", "")
        try:
            if language == "all":
                started = feed_imports_start_all(store=self.store, actor=request.user)
            else:
                started = [feed_import_start(store=self.store, language=language, actor=request.user)]
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url("imports"))
        if not started:
            messages.error(request, _("Add a feed URL first."))
            return HttpResponseRedirect(self.url("imports"))
        return HttpResponseRedirect(self.url("import_detail", pk=started[0].pk))


class ImportUploadView(ImportsView):
    actions = {"GET": Action.VIEW, "POST": Action.IMPORT}

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                started = feed_import_start(
                    store=self.store,
                    language=form.cleaned_data["language"],
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return HttpResponseRedirect(self.url("import_detail", pk=started.pk))
        return self.render_to_response(self.get_context_data(upload_form=form), status=400)


class ImportDetailView(JobPage, ImportsPage, TemplateView):
    """One import: its job's progress (JobPage; the poll answers with the progress fragment and
    the counters out of band), then what it changed and the rows it rejected. The URLs take the
    import's id; `url()` turns the job id JobPage gives into it."""

    actions = {"GET": Action.VIEW, "POST": Action.IMPORT}  # POST: cancel, as for starting it
    template_name = "marketplace/store/imports/detail.html"
    page_name, progress_name = "import_detail", "import_progress"

    def prepare(self, request) -> None:
        super().prepare(request)
        feed_imports_reconcile(store=self.store)
        self.feed_import = selectors.feed_import_get(store=self.store, import_id=self.kwargs["pk"])

    def get_template_names(self):
        if self.kwargs.get("partial") or self.request.headers.get("HX-Request"):
            return ["marketplace/store/imports/_progress.html"]
        return [self.template_name]

    def url(self, name: str, **kwargs) -> str:
        if name in (self.page_name, self.progress_name) and "job_id" in kwargs:
            kwargs = {"pk": self.feed_import.pk}
        return super().url(name, **kwargs)

    def job(self):
        if self.feed_import.job_id is None:
            raise NotFound(_("This import waits for the one before it."))
        self.kwargs["job_id"] = self.feed_import.job_id
        return super().job()

    def shows(self, job) -> bool:
        return job.kind == "marketplace.feed_import"

    def job_links(self, job) -> dict:
        return {
            "done_url": "",
            "done_label": "",
            "cancel_url": self.url(self.page_name, pk=self.feed_import.pk) if self.may(Action.IMPORT) else "",
        }

    def get_context_data(self, **kwargs):
        if self.feed_import.job_id is None:  # waiting in line: no job to show yet
            context = super(JobPage, self).get_context_data(**kwargs)
        else:
            context = super().get_context_data(**kwargs)
        rejected = selectors.rejected_rows(store=self.store, feed_import=self.feed_import)
        page = Paginator(rejected, REJECTED_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            feed_import=self.feed_import,
            rejected_page=page,
            page=page,
            page_range=page.paginator.get_elided_page_range(page.number),
            language_name=LANGUAGE_NAMES.get(self.feed_import.language, self.feed_import.language),
        )
        return context


class RejectedCsvView(ImportsPage, View):
    actions = {"GET": Action.VIEW}

    def get(self, request, *args, **kwargs):
        feed_import = selectors.feed_import_get(store=self.store, import_id=kwargs["pk"])
        response = StreamingHttpResponse(
            selectors.rejected_csv(store=self.store, feed_import=feed_import), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="import-{feed_import.pk}-rejected.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

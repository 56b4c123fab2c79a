"""The merchant's customers: list with search and filters, the customer's page (orders, lifetime
spend, addresses, notes), create and edit, and the address book. Customers are shared by every
store of the merchant, so staff of any of its stores see the same records."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_countries import countries

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ... import selectors
from ...permissions import Action
from ...selectors.customers import CUSTOMER_SORTS
from ...services import customer_records
from .base import OrdersPage

CUSTOMERS_PER_PAGE = 25
YES_NO = [("", gettext_lazy("Any")), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
SORT_LABELS = {
    "newest": gettext_lazy("Newest first"),
    "last_order": gettext_lazy("Last order"),
    "spend": gettext_lazy("Lifetime spend"),
    "orders": gettext_lazy("Number of orders"),
    "name": gettext_lazy("Name A–Z"),
}
ADDRESS_FIELDS = ("first_name", "last_name", "company", "line1", "line2", "postal_code", "city", "country", "phone")


# --- forms ----------------------------------------------------------------------------------------


class CustomerFilterForm(forms.Form):
    """The list's search and filters. Read leniently: unknown values count as not given."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    has_account = forms.ChoiceField(label=gettext_lazy("Has an account"), required=False, choices=YES_NO)
    marketing = forms.ChoiceField(label=gettext_lazy("Accepts marketing"), required=False, choices=YES_NO)
    has_orders = forms.ChoiceField(label=gettext_lazy("Has ordered"), required=False, choices=YES_NO)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, data, *, country_codes):
        super().__init__(data)
        self.fields["country"].choices = [("", _("Any country"))] + [(c, countries.name(c)) for c in country_codes]
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Name, e-mail or number (C-000123)"))

    def filters(self) -> dict[str, str]:
        self.is_valid()
        clean = getattr(self, "cleaned_data", {})
        names = ("q", "has_account", "marketing", "has_orders", "country")
        return {name: clean[name] for name in names if clean.get(name)}

    def chosen_sort(self) -> str:
        self.is_valid()
        sort = getattr(self, "cleaned_data", {}).get("sort")
        return sort if sort in CUSTOMER_SORTS else "newest"


class CustomerForm(forms.Form):
    email = forms.CharField(label=gettext_lazy("E-mail address"), max_length=254)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=32,
        required=False,
        help_text=gettext_lazy("With the country code, e.g. +352 621 123 456."),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    marketing_consent = forms.BooleanField(label=gettext_lazy("Accepts marketing e-mails"), required=False)
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=customer_records.NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Only your team sees these."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(type="email", autocomplete="off", spellcheck="false")
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")


class AddressForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
    company = forms.CharField(label=gettext_lazy("Company"), max_length=120, required=False)
    line1 = forms.CharField(label=gettext_lazy("Street and number"), max_length=200)
    line2 = forms.CharField(label=gettext_lazy("Address line 2"), max_length=200, required=False)
    postal_code = forms.CharField(label=gettext_lazy("Postal code"), max_length=16)
    city = forms.CharField(label=gettext_lazy("City"), max_length=100)
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=countries, initial="LU")
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32, required=False)
    is_default_shipping = forms.BooleanField(label=gettext_lazy("Default shipping address"), required=False)
    is_default_billing = forms.BooleanField(label=gettext_lazy("Default billing address"), required=False)

    def address(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ADDRESS_FIELDS}


ADDRESS_ERRORS = {f"address.{name}": name for name in ADDRESS_FIELDS}


# --- pages ----------------------------------------------------------------------------------------


class CustomerListView(OrdersPage, TemplateView):
    actions = {"GET": Action.CUSTOMER_VIEW}
    template_name = "orders/store/customers/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CustomerFilterForm(
            self.request.GET or None, country_codes=selectors.customer_countries(store=self.store)
        )
        filters, sort = form.filters(), form.chosen_sort()
        customers = selectors.customer_list(store=self.store, filters=filters, sort=sort)
        page = Paginator(customers, CUSTOMERS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            filtered=bool(filters),
            page=page,
            customers=page.object_list,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        )
        return context


class CustomerDetailView(OrdersPage, TemplateView):
    actions = {"GET": Action.CUSTOMER_VIEW}
    template_name = "orders/store/customers/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        customer = selectors.customer_get(store=self.store, customer_id=self.kwargs["pk"])
        orders = selectors.customer_recent_orders(store=self.store, customer=customer)
        for order in orders:
            order.url = self.order_url(order) if order.store_id == self.store.id else ""
        context.update(customer=customer, orders=orders, addresses=list(customer.addresses.all()))
        return context


class CustomerCreateView(OrdersPage, TemplateView):
    actions = {"GET": Action.CUSTOMER_CHANGE, "POST": Action.CUSTOMER_CHANGE}
    template_name = "orders/store/customers/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CustomerForm(initial={"language": self.store.language}))
        return context

    def post(self, request, **kwargs):
        form = CustomerForm(request.POST)
        if form.is_valid():
            try:
                customer = customer_records.customer_create(
                    store=self.store, actor=request.user, data=form.cleaned_data
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("Customer %(number)s added.") % {"number": customer.display_number})
                return self.redirect("customer", pk=customer.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CustomerEditView(OrdersPage, TemplateView):
    actions = {"GET": Action.CUSTOMER_CHANGE, "POST": Action.CUSTOMER_CHANGE}
    template_name = "orders/store/customers/form.html"

    def prepare(self, request):
        self.customer = selectors.customer_get(store=self.store, customer_id=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {name: getattr(self.customer, name) for name in customer_records.CUSTOMER_FIELDS}
        initial["phone"] = str(self.customer.phone or "")
        context.setdefault("form", CustomerForm(initial=initial))
        context["customer"] = self.customer
        return context

    def post(self, request, **kwargs):
        form = CustomerForm(request.POST)
        if form.is_valid():
            try:
                customer_records.customer_update(
                    store=self.store, actor=request.user, customer=self.customer, data=form.cleaned_data
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("Customer saved."))
                return self.redirect("customer", pk=self.customer.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AddressFormView(OrdersPage, TemplateView):
    """Add an address (no `address_id`) or change one."""

    actions = {"GET": Action.CUSTOMER_CHANGE, "POST": Action.CUSTOMER_CHANGE}
    template_name = "orders/store/customers/address_form.html"

    def prepare(self, request):
        self.customer = selectors.customer_get(store=self.store, customer_id=self.kwargs["pk"])
        self.address = None
        if "address_id" in self.kwargs:
            self.address = selectors.customer_address_get(
                store=self.store, customer=self.customer, address_id=self.kwargs["address_id"]
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = {"country": "LU", "first_name": self.customer.first_name, "last_name": self.customer.last_name}
            if self.address is not None:
                initial = {name: str(getattr(self.address, name) or "") for name in ADDRESS_FIELDS}
                initial.update(
                    is_default_shipping=self.address.is_default_shipping,
                    is_default_billing=self.address.is_default_billing,
                )
            context["form"] = AddressForm(initial=initial)
        context.update(customer=self.customer, address=self.address)
        return context

    def post(self, request, **kwargs):
        form = AddressForm(request.POST)
        if form.is_valid():
            shipping, billing = form.cleaned_data["is_default_shipping"], form.cleaned_data["is_default_billing"]
            try:
                if self.address is None:
                    customer_records.address_add(
                        store=self.store,
                        actor=request.user,
                        customer=self.customer,
                        data=form.address(),
                        default_shipping=shipping,
                        default_billing=billing,
                    )
                else:
                    customer_records.address_update(
                        store=self.store,
                        actor=request.user,
                        address=self.address,
                        data=form.address(),
                        default_shipping=shipping,
                        default_billing=billing,
                    )
            except ApplicationError as error:
                add_error_to_form(form, error, field_map=ADDRESS_ERRORS)
            else:
                messages.success(request, _("Address saved."))
                return self.redirect("customer", pk=self.customer.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AddressDeleteView(OrdersPage, View):
    actions = {"POST": Action.CUSTOMER_CHANGE}
    http_method_names = ["post"]

    def post(self, request, pk, address_id, **kwargs):
        customer = selectors.customer_get(store=self.store, customer_id=pk)
        address = selectors.customer_address_get(store=self.store, customer=customer, address_id=address_id)
        customer_records.address_delete(store=self.store, actor=request.user, address=address)
        messages.success(request, _("Address deleted."))
        return self.redirect("customer", pk=customer.pk)

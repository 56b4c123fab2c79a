"""Images of a product: upload several at once, reorder, alt texts, main image, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.core.errors import ApplicationError, NotFound

from ... import limits, selectors, services
from ...errors import CatalogErrorCode
from ...forms import (
    ImageAltForm,
)
from ...permissions import Action
from .base import CatalogPage


class ImageActionView(CatalogPage, View):
    """POST one change to a product's images; each subclass does its change in act()."""

    abstract = True
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        product = selectors.product_get(store=self.store, product_id=pk)
        try:  # the rest of the address (the image, a direction; and the store code) goes to act()
            self.act(request, product, **kwargs)
        except ApplicationError as error:
            messages.error(request, error.message)
        if request.headers.get("X-Requested-With") == "XMLHttpRequest":
            # the uploading script navigates there itself, so the messages wait for that page
            return JsonResponse({"location": self.url("product_edit", pk=product.pk) + "#images"})
        return self.redirect("product_edit", "images", pk=product.pk)


class ImageUploadView(ImageActionView):
    actions = {"POST": Action.IMAGE_ADD}

    def act(self, request, product, **kwargs):
        uploads = request.FILES.getlist("images")
        if not uploads:
            messages.error(request, _("Choose one or more images to upload."))
            return
        added = 0
        for index, upload in enumerate(uploads):
            try:
                services.image_add(store=self.store, product=product, actor=request.user, upload=upload)
            except ApplicationError as error:
                if error.code == CatalogErrorCode.TOO_MANY_IMAGES:  # the rest cannot fit either
                    left = len(uploads) - index
                    messages.error(
                        request,
                        ngettext(
                            "%(count)d image was not added: a product can have at most %(max)d images.",
                            "%(count)d images were not added: a product can have at most %(max)d images.",
                            left,
                        )
                        % {"count": left, "max": limits.MAX_IMAGES_PER_PRODUCT},
                    )
                    break
                messages.error(request, _("%(file)s: %(error)s") % {"file": upload.name, "error": error.message})
            else:
                added += 1
        if added:
            messages.success(
                request, ngettext("%(count)d image added.", "%(count)d images added.", added) % {"count": added}
            )


class ImageMoveView(ImageActionView):
    actions = {"POST": Action.IMAGE_CHANGE}

    def act(self, request, product, image_id, direction, **kwargs):
        order = [image.pk for image in product.images.all()]
        if image_id not in order or direction not in ("up", "down"):
            raise NotFound(_("No such image."))
        index = order.index(image_id)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(order):
            order[index], order[target] = order[target], order[index]
            services.image_reorder(store=self.store, product=product, ordered_ids=order, actor=request.user)


class ImageUpdateView(ImageActionView):
    actions = {"POST": Action.IMAGE_CHANGE}

    def act(self, request, product, image_id, **kwargs):
        if request.POST.get("primary"):
            services.image_update(
                store=self.store, product=product, image_id=image_id, actor=request.user, primary=True
            )
            messages.success(request, _("Main image changed."))
            return
        form = ImageAltForm(request.POST, store=self.store)
        if form.is_valid():
            services.image_update(
                store=self.store, product=product, image_id=image_id, actor=request.user, alt_text=form.alt_texts()
            )
            messages.success(request, _("Image description saved."))
        else:
            messages.error(request, _("Alt texts can be at most 200 characters."))


class ImageDeleteView(ImageActionView):
    actions = {"POST": Action.IMAGE_DELETE}

    def act(self, request, product, image_id, **kwargs):
        services.image_delete(store=self.store, product=product, image_id=image_id, actor=request.user)
        messages.success(request, _("Image deleted."))

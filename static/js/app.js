/* The pages' behaviour. Templates hold no script and no JavaScript expression that needs eval
   (Content-Security-Policy: script-src 'self', no 'unsafe-eval'): plain behaviours are declared
   with data attributes and handled here, and each Alpine component (Alpine's CSP build) is an
   Alpine.data() below, named in the template's x-data. Loaded with defer before Alpine, so the
   components are registered when Alpine starts. */
(function () {
  "use strict";

  /* --- Plain behaviours -------------------------------------------------------------------- */

  // <form data-confirm="Delete this?">: asks before the form is sent.
  document.addEventListener(
    "submit",
    function (event) {
      const message = event.target.dataset && event.target.dataset.confirm;
      if (message && !window.confirm(message)) event.preventDefault();
    },
    true,
  );

  // <select data-autosubmit>: sends its form when a choice is made (a <noscript> button does
  // without JavaScript).
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) field.form.requestSubmit();
  });

  // <a href="/" data-history-back>: back to the previous page when there is one, else the link.
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("[data-history-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // <details open data-closed-below="800">: starts closed on screens narrower than that (px).
  document.querySelectorAll("details[data-closed-below]").forEach(function (details) {
    if (window.matchMedia("(max-width: " + details.dataset.closedBelow + "px)").matches) details.open = false;
  });

  // <fieldset data-hidden-when-checked="id_of_a_checkbox">: hidden while that box is ticked (the
  // billing address while it is the shipping address); shown without JavaScript.
  function followCheckbox(section) {
    const box = document.getElementById(section.dataset.hiddenWhenChecked);
    if (box) section.hidden = box.checked;
  }
  document.querySelectorAll("[data-hidden-when-checked]").forEach(followCheckbox);
  document.addEventListener("change", function (event) {
    if (!event.target.id) return;
    document
      .querySelectorAll('[data-hidden-when-checked="' + event.target.id + '"]')
      .forEach(followCheckbox);
  });

  /* --- Alpine components ------------------------------------------------------------------- */

  document.addEventListener("alpine:init", function () {
    const Alpine = window.Alpine;

    // The store back office's layout: the navigation drawer on small screens.
    Alpine.data("shell", function () {
      return {
        menu: false,
        toggleMenu() {
          this.menu = !this.menu;
        },
        closeMenu() {
          this.menu = false;
        },
      };
    });

    // Products list: ticked rows and the bulk action bar. The delete confirmation is the bar's
    // data-confirm-delete.
    Alpine.data("productBulk", function () {
      return {
        picked: 0,
        action: "",
        init() {
          this.count(); // the browser may restore ticks on back/forward
        },
        boxes() {
          return this.$root.querySelectorAll("input[type=checkbox][name=ids]");
        },
        count() {
          this.picked = Array.prototype.filter.call(this.boxes(), (box) => box.checked).length;
        },
        pickAll(event) {
          this.boxes().forEach((box) => {
            box.checked = event.target.checked;
          });
          this.count();
        },
        isAction(name) {
          return this.action === name;
        },
        confirmSubmit(event) {
          const message = event.target.dataset.confirmDelete;
          if (this.action === "delete" && message && !window.confirm(message)) event.preventDefault();
        },
      };
    });

    // Storefront product page: the chosen variant's price, stock and SKU. The variants are the
    // JSON of the element named by data-variants (json_script), the first chosen data-variant.
    Alpine.data("productVariants", function () {
      return {
        variant: "",
        variants: {},
        init() {
          const data = document.getElementById(this.$root.dataset.variants);
          this.variants = data ? JSON.parse(data.textContent) : {};
          this.variant = this.$root.dataset.variant || "";
        },
        get current() {
          return this.variants[this.variant] || {};
        },
      };
    });

    // Storefront product page: the image gallery; a thumbnail shows its image in the big frame.
    Alpine.data("gallery", function () {
      return {
        active: 0,
        isShown(index) {
          return this.active === index;
        },
        current(index) {
          return this.isShown(index) ? "true" : "false";
        },
        show(index) {
          this.active = index;
        },
      };
    });
  });
})();

/* --- marketplace: feed --- */
(function () {
  "use strict";

  // <button data-copy="id_of_an_input" data-copied="Copied">: copies that input's value; the
  // button says so for a moment. Without the clipboard API the value is selected for the user.
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copy);
    if (!field) return;
    field.focus();
    field.select();
    if (!navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(function () {
      const label = button.textContent;
      button.textContent = button.dataset.copied || label;
      window.setTimeout(function () {
        button.textContent = label;
      }, 1500);
    });
  });

  // <input readonly data-select-on-focus>: selects its whole text when focused.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) event.target.select();
  });
})();

/* --- loyalty: settings --- */
(function () {
  "use strict";

  // Loyalty settings: the card's live preview. The form is the component's root; the preview
  // (x-ref="card") takes the colours as CSS custom properties and the name as text.
  document.addEventListener("alpine:init", function () {
    window.Alpine.data("loyaltyCardPreview", function () {
      return {
        cardName: "",
        cardLine: "",
        init() {
          this.cardLine = this.$refs.card.querySelector(".loyalty-card-line").textContent;
          this.update();
          this.$root.addEventListener("input", () => this.update());
          this.$root.addEventListener("change", () => this.update());
        },
        value(name) {
          const field = this.$root.querySelector('[name="' + name + '"]');
          if (!field) return "";
          if (field.type === "radio") {
            const checked = this.$root.querySelector('[name="' + name + '"]:checked');
            return checked ? checked.value : "";
          }
          return field.value;
        },
        update() {
          const card = this.$refs.card;
          card.style.setProperty("--loyalty-card-bg", this.value("card_colour") || "#1f3a5f");
          card.style.setProperty("--loyalty-card-fg", this.value("text_colour") || "#ffffff");
          this.cardName = this.value("name");
          const kind = this.value("kind");
          const target = this.value("stamps_target");
          const reward = this.value("stamps_reward");
          if (kind !== "points" && target) {
            this.cardLine = "0 / " + target + (reward ? " · " + reward : "");
          } else if (kind === "points") {
            this.cardLine = "0 pts";
          }
        },
      };
    });
  });
})();

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

/* --- loyalty: terminal --- */
(function () {
  "use strict";

  const VOIDABLE = ["stamp", "stamp_redeem", "points_earn", "points_redeem"];
  const AMOUNT = /^[0-9]{1,6}([.,][0-9]{1,2})?$/;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "lt-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function signed(value, one, many) {
    return (value > 0 ? "+" : "") + value + " " + (Math.abs(value) === 1 ? one : many);
  }

  // Dates in the page's language (not the browser's), short: "30/11/2026, 22:58" (English as the
  // store pages write it, day first)
  function when(value) {
    const page = document.documentElement.lang;
    const lang = page === "en" ? "en-GB" : page || undefined;
    try {
      return new Date(value).toLocaleString(lang, { dateStyle: "short", timeStyle: "short" });
    } catch (error) {
      return new Date(value).toLocaleString();
    }
  }

  // The till terminal (templates/loyalty/store/terminal.html): staff and PIN (kept in the page
  // only), find a card by number or camera, then stamp, earn, redeem, void or enrol through the
  // store API. Each action gets a fresh Idempotency-Key; Retry after a lost answer resends the
  // same request with the same key, so it never counts twice.
  document.addEventListener("alpine:init", function () {
    window.Alpine.data("loyaltyTerminal", function () {
      return {
        staff: [],
        staffId: "",
        staffReady: false,
        pin: "",
        number: "",
        card: null,
        amount: "",
        reference: "",
        message: "",
        error: "",
        busy: false,
        pending: null,
        canRetry: false,
        scanning: false,
        stream: null,
        voidId: "",
        voidReason: "",
        enrolEmail: "",
        enrolFirst: "",
        enrolLast: "",
        enrolConsent: false,

        init() {
          const data = document.getElementById(this.$root.dataset.staff);
          this.staff = (data ? JSON.parse(data.textContent) : []).map((p) => ({ ...p, picked: "false" }));
          if (!this.staff.length) this.staffReady = !this.$root.dataset.pinRequired;
        },
        t(name) {
          return this.$root.dataset["t" + name.charAt(0).toUpperCase() + name.slice(1)] || "";
        },
        get staffName() {
          const person = this.staff.find((p) => String(p.id) === String(this.staffId));
          return person ? person.name : "";
        },
        get scanLabel() {
          return this.scanning ? this.t("stop") : this.t("scan");
        },
        get dots() {
          if (!this.card) return [];
          const out = [];
          for (let n = 0; n < this.card.stamps_target; n++) {
            out.push({ n: n, on: n < this.card.stamps_balance ? "on" : "" });
          }
          return out;
        },
        get preview() {
          const text = this.amount.trim();
          if (!this.card || !text) return "";
          if (!AMOUNT.test(text)) return this.t("amount");
          const euros = parseFloat(text.replace(",", "."));
          const points = Math.floor(euros * parseFloat(this.card.points_per_euro) * parseFloat(this.card.multiplier) + 1e-9);
          return "= " + points + " " + this.t("points");
        },

        // --- staff and PIN ---------------------------------------------------------------
        staffPick(event) {
          this.staffId = event.currentTarget.dataset.id;
          this.staff.forEach((p) => (p.picked = String(p.id) === this.staffId ? "true" : "false"));
          this.pin = "";
        },
        press(event) {
          if (this.pin.length < 6) this.pin += event.currentTarget.dataset.digit;
        },
        erase() {
          this.pin = this.pin.slice(0, -1);
        },
        pinDone() {
          if (!/^[0-9]{4,6}$/.test(this.pin)) {
            this.error = this.t("pin");
            return;
          }
          this.error = "";
          this.staffReady = true;
        },
        staffChange() {
          this.staffReady = false;
          this.staffId = "";
          this.pin = "";
          this.staff.forEach((p) => (p.picked = "false"));
        },

        // --- the API -----------------------------------------------------------------------
        decorate(card) {
          card.transactions.forEach((txn) => {
            const parts = [];
            if (txn.stamps_delta) parts.push(signed(txn.stamps_delta, this.t("stamp"), this.t("stamps")));
            if (txn.points_delta) parts.push(signed(txn.points_delta, this.t("point"), this.t("points")));
            txn.delta = parts.join(" ");
            txn.where = [when(txn.created_at), txn.store_name, txn.staff_name]
              .filter(Boolean)
              .join(" · ");
            txn.voidable = VOIDABLE.includes(txn.kind) && !txn.voided_by;
          });
          card.rewards.forEach((reward) => {
            reward.key = reward.kind + ":" + (reward.id || "");
            reward.label = reward.name + " (" + reward.cost + " " + this.t(reward.kind) + ")";
            const balance = reward.kind === "stamps" ? card.stamps_balance : card.points_balance;
            if (!reward.available && reward.cost > balance) {
              reward.label += " · " + this.t("missing").replace("{n}", reward.cost - balance);
            }
            reward.locked = !reward.available || !card.redeemable_here;
            reward.state = reward.locked ? "" : "ready";
          });
          return card;
        },
        send(request) {
          this.busy = true;
          this.error = "";
          this.message = "";
          this.canRetry = false;
          this.pending = request;
          const headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": this.$root.dataset.csrf,
            "Idempotency-Key": request.key,
          };
          return fetch(this.$root.dataset.api + request.path, {
            method: "POST",
            credentials: "same-origin",
            headers: headers,
            body: JSON.stringify(request.body),
          })
            .then((response) => response.json().then((body) => this.answer(response.status, body)))
            .catch(() => {
              this.error = this.t("offline");
              this.canRetry = true;
            })
            .finally(() => {
              this.busy = false;
            });
        },
        answer(status, body) {
          if (status < 300) {
            this.pending = null;
            this.card = this.decorate(body.card || body);
            this.message = body.message || "";
            return true;
          }
          this.error = body.message || String(status);
          this.canRetry = status === 409 && body.code === "idempotency_in_progress";
          if (!this.canRetry) this.pending = null;
          if (body.code === "pin_wrong" || body.code === "pin_locked") this.staffChange();
          return false;
        },
        act(path, body) {
          const payload = Object.assign({}, body);
          if (this.staffId) {
            payload.staff_pin_id = this.staffId;
            payload.pin = this.pin;
          }
          return this.send({ path: path, body: payload, key: newKey() });
        },
        retry() {
          if (this.pending) this.send(this.pending);
        },
        dismiss() {
          this.error = "";
          this.canRetry = false;
        },

        // --- actions -------------------------------------------------------------------------
        lookup() {
          if (this.number.trim()) this.send({ path: "cards/lookup/", body: { number: this.number.trim() }, key: newKey() });
        },
        lookupQr(payload) {
          this.send({ path: "cards/lookup/", body: { qr: payload }, key: newKey() });
        },
        cardBody() {
          return { card_id: this.card.id, order_reference: this.reference.trim() };
        },
        stamp() {
          this.act("stamp/", this.cardBody());
        },
        earn() {
          const text = this.amount.trim().replace(",", ".");
          if (!AMOUNT.test(text)) {
            this.error = this.t("amount");
            return;
          }
          this.act("points/", Object.assign(this.cardBody(), { amount: text })).then(() => {
            if (!this.error) this.amount = "";
          });
        },
        redeem(event) {
          const [kind, id] = event.currentTarget.dataset.key.split(":");
          if (kind === "stamps") this.act("stamp/redeem/", { card_id: this.card.id });
          else this.act("points/redeem/", { card_id: this.card.id, reward_id: id });
        },
        voidPick(event) {
          this.voidId = event.currentTarget.dataset.id;
          this.voidReason = "";
        },
        voidCancel() {
          this.voidId = "";
        },
        voidConfirm() {
          const body = { card_id: this.card.id, transaction_id: this.voidId, reason: this.voidReason.trim() };
          this.act("points/void/", body).then(() => {
            if (!this.error) this.voidId = "";
          });
        },
        enrol() {
          const body = {
            email: this.enrolEmail.trim(),
            first_name: this.enrolFirst.trim(),
            last_name: this.enrolLast.trim(),
            marketing_consent: this.enrolConsent,
          };
          this.act("cards/enrol/", body).then(() => {
            if (!this.error) this.enrolEmail = this.enrolFirst = this.enrolLast = "";
          });
        },

        // --- the camera ------------------------------------------------------------------------
        scanToggle() {
          if (this.scanning) this.scanStop();
          else this.scanStart();
        },
        scanStart() {
          if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            this.error = this.t("camera");
            return;
          }
          navigator.mediaDevices
            .getUserMedia({ video: { facingMode: "environment" }, audio: false })
            .then((stream) => {
              this.stream = stream;
              this.scanning = true;
              const video = this.$refs.video;
              video.srcObject = stream;
              return video.play().then(() => this.scanLoop(this.detector()));
            })
            .catch(() => {
              this.scanStop();
              this.error = this.t("camera");
            });
        },
        detector() {
          if ("BarcodeDetector" in window) {
            const native = new window.BarcodeDetector({ formats: ["qr_code"] });
            return (video) => native.detect(video).then((codes) => (codes.length ? codes[0].rawValue : ""));
          }
          const canvas = this.$refs.canvas;
          return (video) => {
            if (!window.jsQR || !video.videoWidth) return Promise.resolve("");
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            const context = canvas.getContext("2d", { willReadFrequently: true });
            context.drawImage(video, 0, 0);
            const image = context.getImageData(0, 0, canvas.width, canvas.height);
            const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
            return Promise.resolve(code ? code.data : "");
          };
        },
        scanLoop(detect) {
          if (!this.scanning) return;
          detect(this.$refs.video)
            .catch(() => "")
            .then((value) => {
              if (value) {
                this.scanStop();
                this.lookupQr(value);
              } else {
                window.setTimeout(() => this.scanLoop(detect), 200);
              }
            });
        },
        scanStop() {
          this.scanning = false;
          if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
          this.stream = null;
        },
        destroy() {
          this.scanStop();
        },
      };
    });
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

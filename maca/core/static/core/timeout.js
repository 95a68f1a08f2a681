// The time-out warning (WCAG 2.2.1), as the GOV.UK and HMRC time-out pattern
// does it: a modal dialog some time before the session ends, "Stay signed in"
// renews the session, and typing in a form renews it too, so that someone
// writing a long answer is never signed out mid-sentence. When time is up the
// page goes to the "signed out" page (which ends the session), from where
// signing in again leads back. Tabs share the time the session ends through
// localStorage, so work in one tab keeps the others from warning.
// See maca/accounts/session_timeout.py and docs/adr/0014-layout-and-accessibility.md.
(function () {
  "use strict";

  var dialog = document.getElementById("maca-timeout");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return;
  }
  var SHARED_KEY = "maca:session-ends-at";
  // While someone types, the session is renewed at most this often (a minute).
  var renewAfterTypingMs = Number(dialog.getAttribute("data-renew-after-typing-seconds")) * 1000;
  var warningMs = Number(dialog.getAttribute("data-warning-seconds")) * 1000;
  var keepAliveUrl = dialog.getAttribute("data-keep-alive-url");
  var signedOutUrl = dialog.getAttribute("data-signed-out-url");
  var countdown = dialog.querySelector(".maca-timeout-dialog__countdown");
  var announce = document.getElementById("maca-timeout-announce");
  var stay = document.getElementById("maca-timeout-stay"); // none in the last stretch before the maximum
  var limit = document.getElementById("maca-timeout-limit");
  var endsAt = Date.now() + Number(dialog.getAttribute("data-seconds-left")) * 1000;
  var lastRenewal = Date.now();
  var renewing = false;
  var ending = false;
  var announced = "";
  var focusBefore = null;

  function readShared() {
    try {
      return Number(window.localStorage.getItem(SHARED_KEY)) || 0;
    } catch (error) {
      return 0;
    }
  }

  function share(time) {
    try {
      if (time > readShared()) {
        window.localStorage.setItem(SHARED_KEY, String(time));
      }
    } catch (error) {
      // Storage switched off: each tab keeps its own time.
    }
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function words(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  // Screen readers hear the time when the dialog opens, then at each minute
  // and every 20 seconds in the last minute: not every second.
  function spoken(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    return seconds >= 60 ? words(ms) : words(Math.ceil(seconds / 20) * 20 * 1000);
  }

  function show(left) {
    countdown.textContent = words(left);
    var text = spoken(left);
    if (text !== announced) {
      announced = text;
      announce.textContent =
        "For your security, we will sign you out in " + text + "." + (limit ? " " + limit.textContent : "");
    }
  }

  function open(left) {
    focusBefore = document.activeElement;
    announced = "";
    show(left);
    dialog.showModal();
    dialog.focus();
  }

  function close() {
    if (dialog.open) {
      dialog.close();
    }
    if (focusBefore && typeof focusBefore.focus === "function") {
      focusBefore.focus();
    }
    focusBefore = null;
  }

  function end() {
    if (ending) {
      return;
    }
    ending = true;
    // A page holding answers not yet saved lets this go without asking
    // (returns/autosave.js keeps them in the tab): no question left on an
    // unattended screen.
    document.dispatchEvent(new CustomEvent("maca:signing-out"));
    // A form, not fetch: the signed-out page both ends the session and is shown.
    var form = document.createElement("form");
    form.method = "post";
    form.action = signedOutUrl;
    [
      ["csrfmiddlewaretoken", csrfToken()],
      ["next", window.location.pathname + window.location.search]
    ].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function renew() {
    if (renewing) {
      return Promise.resolve(true);
    }
    renewing = true;
    lastRenewal = Date.now();
    return window
      .fetch(keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
      })
      .then(function (response) {
        return response.ok ? response.json() : { signed_in: false };
      })
      .then(function (answer) {
        renewing = false;
        if (!answer.signed_in) {
          return false;
        }
        endsAt = Date.now() + answer.seconds_left * 1000;
        share(endsAt);
        return true;
      })
      .catch(function () {
        renewing = false;
        return true; // a network hiccup: the session may well be alive; try again later
      });
  }

  function tick() {
    endsAt = Math.max(endsAt, readShared());
    var left = endsAt - Date.now();
    if (left <= 0) {
      end();
    } else if (left <= warningMs) {
      if (!dialog.open) {
        open(left);
      } else {
        show(left);
      }
    } else if (dialog.open) {
      close(); // another tab kept the session alive
    }
  }

  function stayed() {
    renew().then(function (alive) {
      if (alive) {
        close();
      } else {
        end();
      }
    });
  }

  if (stay) {
    stay.addEventListener("click", stayed);
  }

  // Escape means "stay signed in", as in the GOV.UK pattern (or, at the
  // maximum, simply closes the warning until the next tick).
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    if (stay) {
      stayed();
    }
  });

  // Typing (a long answer, a search) is activity: renew now and then.
  document.addEventListener("input", function (event) {
    if (dialog.open || dialog.contains(event.target)) {
      return;
    }
    if (Date.now() - lastRenewal >= renewAfterTypingMs) {
      renew();
    }
  });

  share(endsAt);
  window.setInterval(tick, 1000);
})();

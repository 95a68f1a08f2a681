// Each section page of the agency return saves itself as the person works (htmx
// posts the section's form on each change: an answer chosen, a box left after
// typing; the server replaces that section's answers only). What they type is
// also kept in this browser tab until it has been saved, so an ended session
// never loses it: the server answers 401, the page says the session has ended,
// and once the person has signed in again and is back on the return, the kept
// answers are put back and saved, with the usual version check (someone else's
// later change is never overwritten).
// While the page holds answers not yet saved (one held back to correct, a save
// refused, or typed and not yet sent), leaving it (closing the tab, Back,
// reloading, another address) asks first, with the browser's own question;
// "Save and continue", a link the page has already said it leaves without
// them, and the sign-out when time is up (what was typed is kept in the tab)
// do not ask. A page with everything saved never asks.
(function () {
  "use strict";

  var form = document.querySelector("form[data-unsaved-key]");
  if (!form) {
    return;
  }
  var storageKey = "maca:unsaved:" + form.getAttribute("data-unsaved-key");
  var editor = form.getAttribute("data-editor");
  var status = document.getElementById("autosave-status");
  var NOT_ANSWERS = {
    csrfmiddlewaretoken: true,
    opened_in_partnership: true,
    version: true,
    action: true,
    _editor: true,
    _section: true
  };
  var sentAnswers = null;
  var savedAnswers = null; // the answers as last saved (or as the page came)
  var restoring = null;
  var leavingTo = null; // where a link leads, once its click has waited for a save
  var saveFailed = false; // the last save was refused: a link is followed at once
  var heldBack = false; // the last save kept back answers to correct: a link asks first
  var leaveWarned = false; // and has asked once: the next click on a link leaves
  var refusedWarned = false; // a link waited for a save that was refused, and said so
  var sessionEnded = false; // answered 401: what was typed is kept in the tab until signed in
  var leaving = false; // leaving as the page means to (a submit, a link it warned of): no question

  function versionInput() {
    return document.getElementById("return-version");
  }

  function answers() {
    var found = {};
    new FormData(form).forEach(function (value, name) {
      if (NOT_ANSWERS[name] || typeof value !== "string") {
        return;
      }
      (found[name] = found[name] || []).push(value);
    });
    return found;
  }

  function read() {
    try {
      return JSON.parse(window.sessionStorage.getItem(storageKey));
    } catch (error) {
      return null;
    }
  }

  function forget() {
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch (error) {
      // Storage switched off: nothing was kept.
    }
  }

  function keep(sessionEnded) {
    var previous = read() || {};
    var kept = {
      editor: editor,
      version: versionInput().value,
      answers: answers(),
      sessionEnded: Boolean(sessionEnded || previous.sessionEnded)
    };
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(kept));
    } catch (error) {
      // Storage full or switched off: autosave and "Save draft" still work.
    }
  }

  function say(text, problem) {
    var paragraph = document.createElement("p");
    paragraph.className = "govuk-body" + (problem ? " maca-overdue" : "");
    paragraph.textContent = text;
    status.replaceChildren(paragraph);
  }

  function fill(values) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || NOT_ANSWERS[element.name]) {
        return;
      }
      var given = values[element.name] || [];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = given.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = given.indexOf(option.value) !== -1;
        });
      } else if (["hidden", "submit", "button", "file"].indexOf(element.type) === -1) {
        element.value = given.length ? given[0] : "";
      }
    });
  }

  form.addEventListener("htmx:beforeRequest", function () {
    sentAnswers = JSON.stringify(answers());
  });

  form.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    // The server's "session has ended" message is already shown in the status
    // (core/session_ended.js, on every page); what was typed is kept here.
    if (xhr.status === 401) {
      saveFailed = true;
      sessionEnded = true;
      leavingTo = null; // a link waiting is followed on its next click, without asking
      keep(true);
      var note = document.createElement("p");
      note.className = "govuk-body";
      note.textContent =
        "What you typed is kept in this browser tab. It will be saved when you have signed in and come back to this page.";
      status.appendChild(note);
      return;
    }
    var outcome = xhr.status === 200 ? xhr.getResponseHeader("X-Draft-Saved") : "no";
    if (outcome === "held") {
      // Every other answer is saved (the server says which one was not, and
      // why); the one to correct stays in this tab, and a link asks first.
      saveFailed = false;
      heldBack = true;
      savedAnswers = sentAnswers;
      restoring = null;
      keep(false);
      if (leavingTo) {
        leavingTo = null;
        warnLeaving();
      }
      return;
    }
    heldBack = false;
    leaveWarned = false;
    refusedWarned = false;
    var saved = outcome === "yes";
    if (!saved) {
      saveFailed = true;
      keep(false);
      if (leavingTo) {
        // Stays to say why (the server's reason is shown above); a second
        // click on the link leaves.
        leavingTo = null;
        refusedWarned = true;
        var stayed = document.createElement("p");
        stayed.className = "govuk-body maca-overdue";
        stayed.textContent =
          "Your latest answers were not saved, so this page stayed open. Select the link again to leave without saving them.";
        status.appendChild(stayed);
      }
      return;
    }
    saveFailed = false;
    sessionEnded = false;
    savedAnswers = sentAnswers;
    if (restoring) {
      say(
        restoring.sessionEnded
          ? "Your session had ended before your latest answers were saved. They were kept in this browser and have now been saved."
          : "Answers you typed earlier that had not been saved have now been saved."
      );
      restoring = null;
    }
    var unchanged = JSON.stringify(answers()) === sentAnswers;
    if (unchanged) {
      forget();
    } else {
      keep(false); // typed more while it was saving: keep that, on the new version
    }
    if (leavingTo && unchanged) {
      window.location.assign(leavingTo);
    } else if (leavingTo) {
      window.htmx.trigger(form, "maca:save-kept"); // what was typed meanwhile, then the link
    }
  });

  function warnLeaving() {
    leaveWarned = true;
    var stayed = document.createElement("p");
    stayed.className = "govuk-body maca-overdue";
    stayed.setAttribute("data-leaving-warning", "");
    stayed.textContent =
      "An answer on this page is not saved until it is corrected, so this page stayed open. Correct it, or select the link again to leave without it.";
    var previous = status.querySelector("[data-leaving-warning]");
    if (previous) {
      previous.remove();
    }
    status.appendChild(stayed);
  }

  // Back to this page from the browser's history: no link is waiting.
  window.addEventListener("pageshow", function () {
    leavingTo = null;
    leaving = false;
  });

  // Answers not yet saved: one held back to correct, a save refused (or the
  // session ended), or typed and not yet sent (or sent and not yet answered).
  function unsaved() {
    if (savedAnswers === null) {
      return false; // the page is still loading: nothing typed yet
    }
    return heldBack || saveFailed || JSON.stringify(answers()) !== savedAnswers;
  }

  // Closing the tab, Back, reloading, another address: the browser asks first
  // (it shows its own words; the page can only ask it to).
  window.addEventListener("beforeunload", function (event) {
    if (leaving || !unsaved()) {
      return;
    }
    event.preventDefault();
    event.returnValue = true; // browsers that predate preventDefault here
  });

  // Time is up (core/timeout.js): the page goes to "signed out" without asking;
  // what was typed is kept in the tab and saved after signing in again.
  document.addEventListener("maca:signing-out", function () {
    if (unsaved()) {
      keep(true);
    }
    leaving = true;
  });

  // A link followed (Back to the sections, say) while an answer waits for its
  // save (an answer is saved two seconds after it is chosen): it is saved
  // first, so the page the link opens shows it, then the link is followed.
  document.addEventListener("click", function (event) {
    if (leavingTo !== null || event.defaultPrevented || event.button !== 0) {
      return;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || !window.htmx) {
      return;
    }
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target || link.hasAttribute("download") || link.getAttribute("href").charAt(0) === "#") {
      return;
    }
    var unchanged = JSON.stringify(answers()) === savedAnswers;
    if (heldBack && unchanged) {
      // An answer held back to correct: the first click stays and says so;
      // the second leaves without the browser asking again.
      if (!leaveWarned) {
        event.preventDefault();
        warnLeaving();
      } else {
        leaving = true;
      }
      return;
    }
    if (saveFailed) {
      // Refused: the link is followed. The page has said why, and that what
      // was typed is kept in the tab (an ended session), or that the link
      // leaves without it (a second click); otherwise the browser asks.
      leaving = sessionEnded || refusedWarned;
      return;
    }
    if (savedAnswers === null || unchanged) {
      return;
    }
    event.preventDefault();
    leavingTo = link.href;
    window.htmx.trigger(form, "maca:save-kept");
  });

  // "Save and continue" posts the section's form; if the session has ended the
  // server keeps that post until the person has signed in again.
  form.addEventListener("submit", function () {
    leaving = true; // the section's own post: it saves, or shows what to correct
    forget();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var kept = read();
    savedAnswers = JSON.stringify(answers());
    if (kept && kept.editor === editor && kept.answers) {
      fill(kept.answers);
      versionInput().value = kept.version;
      restoring = kept;
      form.dispatchEvent(new CustomEvent("maca:save-kept"));
    } else if (kept) {
      forget(); // typed by someone else who used this tab
    }
    form.addEventListener("input", function () {
      leaving = false; // still here (a link that led nowhere, say): ask again
      keep(false);
    });
    form.addEventListener("change", function () {
      leaving = false;
      keep(false);
    });
  });
})();

// When the session has ended, the server answers an htmx request (autosave, the
// suggestions beside a finding, a page's progress) with 401 and a short message
// saying so, with a link to sign in again (maca.core.middleware). Every page
// loads this: the message is put where the answer would have gone, in full
// (not the part of a page an ordinary answer is picked from), rather than
// treated as a failure that htmx reports in the console and leaves unseen.
// An element that polls ("every 3s") asks no more: its answer would be the
// same message each time. See
// docs/adr/0009-nothing-typed-is-lost-to-an-ended-session.md.
(function () {
  "use strict";

  var POLLS = /(^|,)\s*every\s/;
  var stopped = [];

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!detail.xhr || detail.xhr.status !== 401) {
      return;
    }
    detail.shouldSwap = true;
    detail.isError = false;
    detail.selectOverride = "unset";
    var asking = detail.requestConfig && detail.requestConfig.elt;
    if (asking && POLLS.test(asking.getAttribute("hx-trigger") || "")) {
      stopped.push(asking);
    }
  });

  document.addEventListener("htmx:confirm", function (event) {
    if (stopped.indexOf(event.detail.elt) !== -1) {
      event.preventDefault();
    }
  });
})();

// A control focused inside a table that scrolls by itself (.maca-scroll) is
// brought fully into view (WCAG 2.4.11, focus not obscured): the browser's own
// scrolling leaves a link half shown when it wraps onto two lines, and does
// not know that the response grid's agency column and heading row stay in
// place (position: sticky) over the cells scrolled beneath them. The whole
// cell is brought into view, beside the sticky column and below the sticky row.
// See docs/adr/0014-layout-and-accessibility.md.
(function () {
  "use strict";

  function isSticky(element) {
    return element && window.getComputedStyle(element).position === "sticky";
  }

  function bringIntoView(target) {
    var region = target.closest(".maca-scroll");
    if (!region || target === region) {
      return;
    }
    var cell = target.closest("td, th") || target;
    if (isSticky(cell)) {
      return; // it is always in view
    }
    var area = region.getBoundingClientRect();
    var rowHeader = region.querySelector(".govuk-table__body .govuk-table__header");
    var head = region.querySelector(".govuk-table__head .govuk-table__header");
    var left = isSticky(rowHeader) ? rowHeader.getBoundingClientRect().right : area.left;
    var top = isSticky(head) ? head.getBoundingClientRect().bottom : area.top;
    var box = cell.getBoundingClientRect();
    if (box.left < left) {
      region.scrollLeft -= left - box.left;
    } else if (box.right > area.right) {
      region.scrollLeft += Math.min(box.right - area.right, box.left - left);
    }
    if (region.scrollHeight > region.clientHeight) {
      if (box.top < top) {
        region.scrollTop -= top - box.top;
      } else if (box.bottom > area.bottom) {
        region.scrollTop += Math.min(box.bottom - area.bottom, box.top - top);
      }
    }
  }

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.closest(".maca-scroll")) {
      return;
    }
    // After the browser's own scrolling to the focused control.
    window.requestAnimationFrame(function () {
      bringIntoView(target);
    });
  });
})();

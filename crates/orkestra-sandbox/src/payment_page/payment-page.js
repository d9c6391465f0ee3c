// Orkestra sandbox payment page. In a frame, it tells the parent (the merchant's
// checkout) its height, and nothing else: the outcome reaches the checkout by Orkestra's
// notification, never by a frame message. The message carries no data worth protecting,
// hence targetOrigin "*". Also moves the focus to the error summary when there is one.
(function () {
  "use strict";
  var errors = document.getElementById("pp-errors");
  if (errors) {
    errors.focus();
  }
  if (window.parent === window) {
    return;
  }
  var last = -1;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ orkestraPaymentPage: { height: height } }, "*");
    }
  }
  window.addEventListener("load", post);
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(post).observe(document.documentElement);
  }
  post();
})();

/* Optional niceties; every form works without them: copy a unit's link, confirm the new year. */
(function () {
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].onclick = function () {
      var field = document.getElementById(this.getAttribute("data-copy"));
      var button = this;
      field.focus();
      field.select();
      var done = function () { button.innerHTML = "已复制"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else {
        try { if (document.execCommand("copy")) { done(); } } catch (e) {}
      }
    };
  }
  var forms = document.querySelectorAll("form[data-confirm]");
  for (var j = 0; j < forms.length; j++) {
    forms[j].onsubmit = function () { return window.confirm(this.getAttribute("data-confirm")); };
  }
})();

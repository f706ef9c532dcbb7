// Saves a draft in the background a few seconds after its author stops typing, so nothing typed is lost to a closed
// tab or a dropped line. Only an enhancement: without it the form saves with its buttons, exactly as before.
(function () {
  'use strict';
  var form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.getAttribute('data-autosave');
  var status = document.getElementById('autosave-status');
  var timer = null, dirty = false, saving = false, submitting = false, pending = null;

  function say(text) { if (status) status.textContent = text; }

  function schedule() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, Number(form.getAttribute('data-autosave-delay')) || 4000);
  }

  function save() {
    if (submitting || !dirty) return;
    if (saving) { schedule(); return; }
    dirty = false;
    saving = true;
    var data = new FormData(form);
    data.set('intent', 'draft');
    fetch(url, { method: 'POST', body: data, credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (result) {
        // The next save, automatic or by the button, must name the version it replaces.
        form.elements.Version.value = result.version;
        var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit' });
        say(form.getAttribute('data-saved').replace('{0}', time));
      })
      .catch(function () { say(form.getAttribute('data-failed')); })
      .then(function () {
        saving = false;
        // A button pressed while this save was on its way is sent now, with the version it returned.
        if (pending) { var submitter = pending.submitter; pending = null; form.requestSubmit(submitter || undefined); }
      });
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('submit', function (e) {
    clearTimeout(timer);
    if (saving) { e.preventDefault(); pending = { submitter: e.submitter }; return; }
    submitting = true;
  });
})();

// The inbox's keys and selection (admin/views/inbox.tsx; served as /assets/inbox.js, no inline script under
// the CSP). j/k move the highlighted row, Enter opens it, r / n open it with the reply / note box (#reply,
// #note: on the ticket page this script puts the composer in that mode and focuses it), a assigns it to me (the ticket page's assign-me action), x selects it, / goes to the search, ? shows
// the list of keys, Esc closes it. Keys do nothing while a field has the focus. The rows are replaced by the
// live refresh (htmx, #inbox-live): the highlighted row and the ticked boxes are kept across it; a bulk action
// that went through clears the ticks.
(function () {
  if (window.__helpdeskInbox) return;
  window.__helpdeskInbox = true;

  var current = null; // the highlighted ticket id
  var picked = {}; // ticket id → true

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('#inbox-live tr[data-ticket]'));
  }
  function rowOf(id) {
    return id ? document.querySelector('#inbox-live tr[data-ticket="' + id + '"]') : null;
  }
  function typing(el) {
    if (!el || el === document.body) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }
  function highlight(tr) {
    rows().forEach(function (r) {
      r.classList.remove('kb-current');
      r.removeAttribute('aria-current');
    });
    if (!tr) {
      current = null;
      return;
    }
    tr.classList.add('kb-current');
    tr.setAttribute('aria-current', 'true');
    current = tr.getAttribute('data-ticket');
    if (tr.scrollIntoView) tr.scrollIntoView({ block: 'nearest' });
  }
  function move(step) {
    var all = rows();
    if (!all.length) return;
    var i = all.indexOf(rowOf(current));
    var next = i < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, i + step));
    highlight(all[next]);
  }
  function open(hash) {
    var tr = rowOf(current);
    if (!tr) return;
    window.location.assign('/tickets/' + current + (hash || ''));
  }
  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute('hx-headers') || '{}')['x-csrf-token'] || '';
    } catch (e) {
      return '';
    }
  }
  function say(text) {
    var s = document.getElementById('kb-status');
    if (s) s.textContent = text;
  }
  function assignToMe() {
    var tr = rowOf(current);
    if (!tr) return;
    var id = current;
    var number = tr.getAttribute('data-number') || id;
    // without htmx's header the action answers a redirect when done and 400 when refused; the redirect is not
    // followed (that would open the ticket's page and mark it read)
    fetch('/tickets/' + id + '/assign-me', {
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { 'x-csrf-token': csrf(), 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    }).then(function (res) {
      if (!(res.type === 'opaqueredirect' || res.ok)) return;
      var s = document.getElementById('kb-status');
      say(((s && s.getAttribute('data-assigned')) || '{n}').replace('{n}', number));
      document.body.dispatchEvent(new CustomEvent('live-inbox'));
    });
  }
  function help(show) {
    var h = document.getElementById('kb-help');
    if (!h) return;
    h.hidden = show === undefined ? !h.hidden : !show;
  }
  // Persian digits on a Persian page, as everywhere in the panel
  function digits(n) {
    var s = String(n);
    return document.documentElement.lang === 'fa'
      ? s.replace(/[0-9]/g, function (d) {
          return '۰۱۲۳۴۵۶۷۸۹'.charAt(Number(d));
        })
      : s;
  }
  function countPicked() {
    var n = Object.keys(picked).length;
    var c = document.getElementById('bulk-count');
    if (c) c.textContent = n ? (c.getAttribute('data-template') || '{n}').replace('{n}', digits(n)) : '';
  }
  function syncBoxes() {
    var boxes = document.querySelectorAll('#inbox-live input.pick');
    var all = boxes.length > 0;
    Array.prototype.forEach.call(boxes, function (b) {
      b.checked = !!picked[b.value];
      var tr = b.closest('tr');
      if (tr) tr.classList.toggle('picked', b.checked);
      if (!b.checked) all = false;
    });
    var head = document.getElementById('pick-all');
    if (head) head.checked = all;
    countPicked();
  }
  function toggle(id) {
    if (picked[id]) delete picked[id];
    else picked[id] = true;
    syncBoxes();
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (!document.getElementById('inbox-live')) return;
    if (e.key === 'Escape') {
      help(false);
      return;
    }
    if (typing(e.target) || typing(document.activeElement)) return;
    switch (e.key) {
      case 'j':
        move(1);
        break;
      case 'k':
        move(-1);
        break;
      case 'Enter':
        if (!current || (e.target && e.target.tagName === 'A') || (e.target && e.target.tagName === 'BUTTON')) return;
        open('');
        break;
      case 'r':
        open('#reply');
        break;
      case 'n':
        open('#note');
        break;
      case 'a':
        assignToMe();
        break;
      case 'x':
        if (current) toggle(current);
        break;
      case '/': {
        var q = document.getElementById('q');
        if (!q) return;
        q.focus();
        break;
      }
      case '?':
        help();
        break;
      default:
        return;
    }
    e.preventDefault();
  });

  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el.id === 'pick-all') {
      Array.prototype.forEach.call(document.querySelectorAll('#inbox-live input.pick'), function (b) {
        if (el.checked) picked[b.value] = true;
        else delete picked[b.value];
      });
      syncBoxes();
    } else if (el.classList && el.classList.contains('pick')) {
      if (el.checked) picked[el.value] = true;
      else delete picked[el.value];
      syncBoxes();
    }
  });

  // a click on a row (not on its link or box) highlights it
  document.addEventListener('click', function (e) {
    var tr = e.target.closest && e.target.closest('#inbox-live tr[data-ticket]');
    if (tr && !e.target.closest('a, input, button')) highlight(tr);
  });

  // the live refresh replaced the rows: keep the highlight and the ticks
  document.body.addEventListener('htmx:afterSettle', function (e) {
    if (!document.getElementById('inbox-live')) return;
    if (e.target && e.target.id === 'bulk-result') return;
    var tr = rowOf(current);
    if (tr) highlight(tr);
    else current = null;
    syncBoxes();
  });

  // r / n land on the ticket page as #reply / #note: the composer (admin/views/ticket/composer.tsx) in that
  // mode, its text box focused
  function arrive() {
    var mode = window.location.hash === '#reply' ? 'reply' : window.location.hash === '#note' ? 'note' : null;
    var text = document.getElementById('reply-text');
    if (!mode || !text) return;
    var radio = document.getElementById('mode-' + mode);
    if (radio) radio.checked = true;
    text.focus();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', arrive);
  else arrive();

  // a bulk action answered: the ticks are done with; the list refreshes itself (HX-Trigger live-inbox)
  document.body.addEventListener('htmx:afterRequest', function (e) {
    var form = e.target && e.target.closest ? e.target.closest('#bulk') : null;
    if (form && e.detail && e.detail.successful) {
      picked = {};
      syncBoxes();
    }
  });
})();

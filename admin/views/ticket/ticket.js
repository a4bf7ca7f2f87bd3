// The ticket page's own script (served as /assets/ticket.js; no inline script under the CSP). Everything
// here improves a page that works without it (admin/views/ticket/*.tsx):
// - the events toggle: folds each run of events into a count; the choice is remembered (localStorage);
// - image thumbnails open large in a dialog (the link itself opens the file without JS);
// - the composer: Ctrl+Enter (or Cmd+Enter) sends with the visible button (reply or note), files dropped on
//   the box join the file input, the chosen files are named and checked against the panel's size limit,
//   `/` at the start of the text (or Alt+/, or the button) opens the canned replies, searched as one types
//   (GET /tickets/:id/canned/search), and the chosen one replaces the `/word` or is inserted at the cursor;
// - the typing signal: while keys are pressed in the composer, at most one POST every THROTTLE_MS;
// - on opening a ticket (no #anchor in the address) the window scrolls to the latest message, as chats do.
// htmx replaces #ticket after each action, so the handlers are delegated from the document.
(function () {
  if (window.__helpdeskTicket) return;
  window.__helpdeskTicket = true;
  var THROTTLE_MS = 2500;
  var KEY = 'helpdesk.events';
  var root = document.documentElement;

  function readEvents() {
    try {
      return window.localStorage.getItem(KEY) === 'hidden';
    } catch (e) {
      return false;
    }
  }
  var eventsHidden = readEvents();
  function applyEvents() {
    if (eventsHidden) root.setAttribute('data-events', 'hidden');
    else root.removeAttribute('data-events');
    var b = document.getElementById('events-toggle');
    if (b) {
      b.setAttribute('aria-pressed', eventsHidden ? 'true' : 'false');
      b.textContent = b.getAttribute(eventsHidden ? 'data-show' : 'data-hide');
    }
  }

  function composer() {
    return document.getElementById('reply-box');
  }
  function text() {
    return document.getElementById('reply-text');
  }
  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute('hx-headers') || '{}')['x-csrf-token'] || '';
    } catch (e) {
      return '';
    }
  }

  // ---- files: named, checked, dropped
  function showFiles() {
    var box = composer();
    var input = document.getElementById('reply-file');
    var out = document.getElementById('composer-files');
    if (!box || !input || !out) return;
    var names = [];
    var total = 0;
    for (var i = 0; i < input.files.length; i++) {
      names.push(input.files[i].name);
      total += input.files[i].size;
    }
    var max = Number(box.getAttribute('data-max-bytes')) || 0;
    var tooLarge = max > 0 && total > max;
    out.textContent = names.join('، ') + (tooLarge ? ' — ' + box.getAttribute('data-too-large') : '');
    out.className = tooLarge ? 'error' : 'muted';
    box.setAttribute('data-too-large-now', tooLarge ? '1' : '0');
  }
  function addFiles(list) {
    var input = document.getElementById('reply-file');
    if (!input || !list || !list.length) return;
    var dt = new DataTransfer();
    for (var i = 0; i < input.files.length; i++) dt.items.add(input.files[i]);
    for (var j = 0; j < list.length; j++) dt.items.add(list[j]);
    input.files = dt.files;
    showFiles();
  }

  // ---- canned replies
  var cannedTimer = null;
  var cannedFrom = null; // 'slash' (the text starts with /word) or 'search' (the picker's own field)
  function picker() {
    return document.getElementById('canned-picker');
  }
  function closeCanned() {
    var p = picker();
    if (p) p.hidden = true;
    cannedFrom = null;
  }
  function loadCanned(q) {
    var box = composer();
    var list = document.getElementById('canned-list');
    if (!box || !list) return;
    var url = box.getAttribute('data-canned-url');
    if (!url) return;
    clearTimeout(cannedTimer);
    cannedTimer = setTimeout(function () {
      fetch(url + '?q=' + encodeURIComponent(q), { headers: { 'x-fragment': '1' }, credentials: 'same-origin' })
        .then(function (r) {
          return r.ok ? r.text() : '';
        })
        .then(function (html) {
          list.innerHTML = html;
          list.setAttribute('data-q', q);
        });
    }, 120);
  }
  function openCanned(from, q) {
    var p = picker();
    if (!p) return false;
    cannedFrom = from;
    p.hidden = false;
    loadCanned(q);
    if (from === 'search') {
      var field = document.getElementById('canned-q');
      if (field) {
        field.value = q;
        field.focus();
      }
    }
    return true;
  }
  function options() {
    var list = document.getElementById('canned-list');
    return list ? Array.prototype.slice.call(list.querySelectorAll('li[data-canned]')) : [];
  }
  function moveCanned(step) {
    var opts = options();
    if (!opts.length) return;
    var at = opts.findIndex(function (o) {
      return o.getAttribute('aria-selected') === 'true';
    });
    var next = Math.max(0, Math.min(opts.length - 1, at + step));
    opts.forEach(function (o, i) {
      o.setAttribute('aria-selected', i === next ? 'true' : 'false');
    });
    opts[next].scrollIntoView({ block: 'nearest' });
  }
  function insertCanned(li) {
    var a = li && li.querySelector('a[data-body]');
    var ta = text();
    if (!a || !ta) return;
    var body = a.getAttribute('data-body');
    if (cannedFrom === 'slash') {
      ta.value = ta.value.replace(/^\/[^\n]*/, body);
    } else {
      var s = ta.selectionStart || 0;
      var e = ta.selectionEnd || 0;
      ta.value = ta.value.slice(0, s) + body + ta.value.slice(e);
    }
    closeCanned();
    ta.focus();
    ta.setSelectionRange(ta.value.length, ta.value.length);
  }
  function selected() {
    return options().find(function (o) {
      return o.getAttribute('aria-selected') === 'true';
    });
  }

  // ---- typing signal
  var lastTyping = 0;
  function typing() {
    var box = composer();
    var url = box && box.getAttribute('data-typing-url');
    var now = Date.now();
    if (!url || now - lastTyping < THROTTLE_MS) return;
    lastTyping = now;
    fetch(url, { method: 'POST', headers: { 'x-csrf-token': csrf() }, credentials: 'same-origin' }).catch(function () {});
  }

  function send() {
    var box = composer();
    if (!box) return;
    var buttons = box.querySelectorAll('#send-reply, #send-note, #reply-confirm');
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].offsetParent !== null) {
        buttons[i].click();
        return;
      }
    }
  }

  document.addEventListener(
    'click',
    function (ev) {
      var t = ev.target;
      if (!(t instanceof Element)) return;
      if (t.closest('#events-toggle')) {
        eventsHidden = !eventsHidden;
        try {
          window.localStorage.setItem(KEY, eventsHidden ? 'hidden' : 'shown');
        } catch (e) {
          /* private mode: the choice holds for this page */
        }
        applyEvents();
        return;
      }
      var thumb = t.closest('.att.image a.thumb');
      if (thumb) {
        ev.preventDefault();
        var dlg = document.getElementById('image-view');
        if (!dlg) {
          dlg = document.createElement('dialog');
          dlg.id = 'image-view';
          dlg.className = 'image-view';
          dlg.addEventListener('click', function () {
            dlg.close();
          });
          document.body.appendChild(dlg);
        }
        dlg.innerHTML = '';
        var img = document.createElement('img');
        img.src = thumb.getAttribute('href');
        img.alt = (thumb.querySelector('img') || {}).alt || '';
        dlg.appendChild(img);
        dlg.showModal();
        return;
      }
      if (t.closest('#canned-open')) {
        ev.preventDefault();
        openCanned('search', '');
        return;
      }
      var option = t.closest('#canned-list li[data-canned]');
      if (option) {
        ev.preventDefault();
        insertCanned(option);
        return;
      }
      // a send with files over the limit is stopped here (the server refuses it too)
      if (t.closest('#send-reply, #send-note') && composer() && composer().getAttribute('data-too-large-now') === '1') {
        ev.preventDefault();
        ev.stopImmediatePropagation();
      }
    },
    true,
  );

  document.addEventListener('input', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    if (t.id === 'reply-text') {
      var m = /^\/([^\n]*)$/.exec(t.value);
      if (m && composer() && composer().getAttribute('data-canned-url')) openCanned('slash', m[1]);
      else if (cannedFrom === 'slash') closeCanned();
      if (t.value.trim()) typing();
    } else if (t.id === 'canned-q') {
      loadCanned(t.value);
    }
  });

  document.addEventListener('change', function (ev) {
    if (ev.target instanceof Element && ev.target.id === 'reply-file') showFiles();
  });

  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var inComposer = t.closest('#reply-box');
    if (!inComposer) return;
    var open = picker() && !picker().hidden;
    if (open && (t.id === 'reply-text' || t.id === 'canned-q')) {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        moveCanned(ev.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if ((ev.key === 'Enter' && !ev.ctrlKey && !ev.metaKey) || ev.key === 'Tab') {
        var s = selected();
        if (s) {
          ev.preventDefault();
          insertCanned(s);
          return;
        }
      }
      if (ev.key === 'Escape') {
        ev.preventDefault();
        closeCanned();
        if (text()) text().focus();
        return;
      }
    }
    if (t.id === 'canned-q' && ev.key === 'Enter') {
      ev.preventDefault(); // never submits the form
      return;
    }
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      closeCanned();
      send();
      return;
    }
    if (ev.key === '/' && ev.altKey && t.id === 'reply-text') {
      ev.preventDefault();
      openCanned('search', '');
    }
  });

  // files dropped anywhere on the composer
  document.addEventListener('dragover', function (ev) {
    var box = ev.target instanceof Element && ev.target.closest('#reply-box');
    if (!box) return;
    ev.preventDefault();
    box.classList.add('dropping');
  });
  document.addEventListener('dragleave', function (ev) {
    var box = ev.target instanceof Element && ev.target.closest('#reply-box');
    if (box && !box.contains(ev.relatedTarget)) box.classList.remove('dropping');
  });
  document.addEventListener('drop', function (ev) {
    var box = ev.target instanceof Element && ev.target.closest('#reply-box');
    if (!box) return;
    ev.preventDefault();
    box.classList.remove('dropping');
    if (ev.dataTransfer) addFiles(ev.dataTransfer.files);
  });

  // the list's live reload (GET /tickets/:id, hx-select #timeline) asks from the first message shown, so that
  // the older slices opened stay
  document.addEventListener('htmx:configRequest', function (ev) {
    var elt = ev.detail && ev.detail.elt;
    if (!elt || elt.id !== 'timeline') return;
    var first = elt.querySelector(':scope > li[data-message]');
    if (first && first.getAttribute('data-message'))
      ev.detail.path = ev.detail.path.split('?')[0] + '?from=' + encodeURIComponent(first.getAttribute('data-message'));
  });

  // after htmx swaps the ticket (a send, a live reload) the toggle's label follows the remembered choice
  document.addEventListener('htmx:afterSettle', applyEvents);
  function start() {
    applyEvents();
    var last = document.querySelector('#timeline > li:last-child');
    if (last && !window.location.hash && document.documentElement.scrollHeight > window.innerHeight) {
      last.scrollIntoView({ block: 'end' });
      // the sticky composer covers the bottom of the window: the message goes just above it
      var box = composer();
      if (box) window.scrollBy(0, box.offsetHeight);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

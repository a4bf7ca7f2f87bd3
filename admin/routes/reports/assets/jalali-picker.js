/*
 * A small Jalali date picker for the report filters (served from /reports/jalali-picker.js; no inline script or
 * style, so the CSP holds). Progressive: without JavaScript the field takes a typed date (1405/09/01, any digits).
 * An input with data-jalali gets a button that opens a month grid (Saturday first); choosing a day writes
 * YYYY/MM/DD (Persian digits on a Persian page). Esc or a click elsewhere closes it. The conversion is the arithmetic one of core/text/jalali.ts.
 */
(function () {
  'use strict';
  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];
  function div(a, b) {
    return Math.trunc(a / b);
  }
  function mod(a, b) {
    return a - Math.trunc(a / b) * b;
  }
  function jalCal(jy) {
    var gy = jy + 621,
      leapJ = -14,
      jp = BREAKS[0],
      jump = 0,
      i,
      jm;
    for (i = 1; i < BREAKS.length; i++) {
      jm = BREAKS[i];
      jump = jm - jp;
      if (jy < jm) break;
      leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    var n = jy - jp;
    leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
    var leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    return { gy: gy, march: 20 + leapJ - leapG };
  }
  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }
  function j2d(jy, jm, jd) {
    var r = jalCal(jy);
    return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  }
  function monthLength(y, m) {
    return m === 12 ? j2d(y + 1, 1, 1) - j2d(y, 12, 1) : j2d(y, m + 1, 1) - j2d(y, m, 1);
  }
  /** 0 = Saturday … 6 = Friday */
  function weekday(y, m, d) {
    return mod(j2d(y, m, d) + 2, 7);
  }

  var fa = document.documentElement.lang === 'fa';
  var MONTHS = fa
    ? ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند']
    : ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'];
  var DAYS = fa ? ['ش', 'ی', 'د', 'س', 'چ', 'پ', 'ج'] : ['Sa', 'Su', 'Mo', 'Tu', 'We', 'Th', 'Fr'];
  function digits(s) {
    return fa
      ? String(s).replace(/\d/g, function (c) {
          return '۰۱۲۳۴۵۶۷۸۹'[c];
        })
      : String(s);
  }
  function ascii(s) {
    return String(s)
      .replace(/[۰-۹]/g, function (c) {
        return c.charCodeAt(0) - 0x6f0;
      })
      .replace(/[٠-٩]/g, function (c) {
        return c.charCodeAt(0) - 0x660;
      });
  }
  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function today() {
    var p = {};
    new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'Asia/Tehran', year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date())
      .forEach(function (x) {
        p[x.type] = parseInt(x.value, 10);
      });
    return { y: p.year, m: p.month, d: p.day };
  }
  function parse(s) {
    var m = /^(\d{4})[\/\-.](\d{1,2})[\/\-.](\d{1,2})$/.exec(ascii(s).trim());
    if (!m) return null;
    var y = +m[1],
      mo = +m[2],
      d = +m[3];
    if (y < 1200 || y > 1600 || mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo)) return null;
    return { y: y, m: mo, d: d };
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var open = null;
  function close() {
    if (open) {
      open.box.remove();
      open.button.setAttribute('aria-expanded', 'false');
      open = null;
    }
  }

  function render(state) {
    var box = state.box,
      y = state.y,
      m = state.m;
    box.textContent = '';
    var head = el('div', 'jp-head');
    var prev = el('button', 'jp-prev secondary small', fa ? '›' : '‹');
    var next = el('button', 'jp-next secondary small', fa ? '‹' : '›');
    prev.type = next.type = 'button';
    prev.setAttribute('aria-label', fa ? 'ماه قبل' : 'Previous month');
    next.setAttribute('aria-label', fa ? 'ماه بعد' : 'Next month');
    prev.addEventListener('click', function () {
      if (--state.m < 1) {
        state.m = 12;
        state.y--;
      }
      render(state);
    });
    next.addEventListener('click', function () {
      if (++state.m > 12) {
        state.m = 1;
        state.y++;
      }
      render(state);
    });
    head.appendChild(prev);
    head.appendChild(el('strong', 'jp-title', MONTHS[m - 1] + ' ' + digits(y)));
    head.appendChild(next);
    box.appendChild(head);
    var grid = el('div', 'jp-grid');
    grid.setAttribute('role', 'grid');
    DAYS.forEach(function (d) {
      grid.appendChild(el('span', 'jp-dow', d));
    });
    for (var i = 0; i < weekday(y, m, 1); i++) grid.appendChild(el('span', 'jp-pad'));
    var chosen = parse(state.input.value);
    var now = today();
    for (var d = 1; d <= monthLength(y, m); d++) {
      var b = el('button', 'jp-day', digits(d));
      b.type = 'button';
      b.setAttribute('data-day', y + '/' + pad(m) + '/' + pad(d));
      if (chosen && chosen.y === y && chosen.m === m && chosen.d === d) b.setAttribute('aria-pressed', 'true');
      if (now.y === y && now.m === m && now.d === d) b.className += ' jp-today';
      b.addEventListener('click', function (e) {
        state.input.value = digits(e.currentTarget.getAttribute('data-day')); // Persian digits in Persian, as the server shows it
        state.input.dispatchEvent(new Event('change', { bubbles: true }));
        close();
        state.input.focus();
      });
      grid.appendChild(b);
    }
    box.appendChild(grid);
  }

  function attach(input) {
    var wrap = input.parentNode;
    wrap.classList.add('jp-wrap');
    var button = el('button', 'jp-open secondary small', fa ? 'تقویم' : 'Calendar');
    button.type = 'button';
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', input.id + '-picker');
    input.insertAdjacentElement('afterend', button);
    button.addEventListener('click', function () {
      var wasOpen = open && open.input === input;
      close();
      if (wasOpen) return;
      var at = parse(input.value) || today();
      var box = el('div', 'jp');
      box.id = input.id + '-picker';
      box.setAttribute('role', 'dialog');
      // a click inside (the month buttons re-render the grid, detaching their target) is not a click elsewhere
      box.addEventListener('click', function (e) {
        e.stopPropagation();
      });
      open = { input: input, button: button, box: box, y: at.y, m: at.m };
      button.insertAdjacentElement('afterend', box);
      button.setAttribute('aria-expanded', 'true');
      render(open);
      var first = box.querySelector('.jp-day[aria-pressed=true]') || box.querySelector('.jp-day');
      if (first) first.focus();
    });
  }

  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && open) {
      var b = open.button;
      close();
      b.focus();
    }
  });
  document.addEventListener('click', function (e) {
    if (open && !open.box.contains(e.target) && e.target !== open.button) close();
  });
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('input[data-jalali]'), attach);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

// The panel's live view (admin/live/routes.tsx): one event stream per page. On a ticket page (an element
// with data-live-ticket) it tells htmx to reload the timeline ("live-ticket") and the viewers
// ("live-presence") and the typing line ("live-typing"); on the inbox, the rows and the tab counts ("live-inbox"). EventSource reconnects by
// itself and sends Last-Event-ID, so the server replays what was missed.
(function () {
  if (window.__helpdeskLive) return;
  window.__helpdeskLive = true;
  function start() {
    var marker = document.querySelector('[data-live-ticket]');
    var inbox = document.getElementById('inbox-live') || document.getElementById('tabs');
    if (!marker && !inbox) return;
    var ticket = marker ? marker.getAttribute('data-live-ticket') : null;
    var timers = {};
    function fire(name) {
      clearTimeout(timers[name]);
      timers[name] = setTimeout(function () {
        document.body.dispatchEvent(new CustomEvent(name));
      }, 50);
    }
    var version = marker ? marker.getAttribute('data-live-version') : null;
    var source = new EventSource('/live/events' + (ticket ? '?ticket=' + encodeURIComponent(ticket) + '&v=' + encodeURIComponent(version || '') : ''));
    source.addEventListener('ticket', function () {
      fire(ticket ? 'live-ticket' : 'live-inbox');
    });
    source.addEventListener('presence', function () {
      fire('live-presence');
    });
    source.addEventListener('typing', function () {
      fire('live-typing');
    });
    source.addEventListener('ready', function () {
      document.documentElement.setAttribute('data-live', 'on');
    });
    source.addEventListener('error', function () {
      document.documentElement.setAttribute('data-live', 'off');
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

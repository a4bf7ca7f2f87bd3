live-viewing = { $count ->
    [one] { $names } is viewing this ticket too.
   *[other] { $names } are viewing this ticket too.
}
live-changed-title = This ticket changed after the page was loaded
live-changed-ask = Your reply has not been sent yet. Check what changed; if the reply still fits, send it again.
live-changed-files = Choose the files you attached again.
live-changed-message = Message
live-changed-note = Internal note
live-changed-send = Send anyway
live-changed-reload = Reload the ticket

# the ticket page's conversation and composer (admin/views/ticket/)
chat-note-mark = colleagues only
chat-via-telegram = from Telegram
chat-rating-by = The requester's rating
chat-events-hide = Hide events
chat-events-show = Show events
chat-events-count = { $count ->
    [one] { $n } event
   *[other] { $n } events
}
chat-older = Older messages
chat-file-elsewhere = (in the requester's messenger; not opened in the panel)
chat-mode = What to write
chat-placeholder = Write the answer…
chat-placeholder-canned = Write the answer… (start with / for a canned reply)
chat-canned-search = Search canned replies by title or text
chat-canned-none = No canned reply found.
chat-send-keys = Ctrl+Enter sends
chat-back-ticket = Back to the ticket
live-typing = { $count ->
    [one] { $names } is typing…
   *[other] { $names } are typing…
}
live-answering-telegram = { $count ->
    [one] { $names } is answering from Telegram.
   *[other] { $names } are answering from Telegram.
}

# Ticket core: what the core tells the requester (outbox), state names and error texts for both front ends.
# Variables are already escaped HTML ($name, $title, $reason); $ref is a ticket reference like #1042.

tk-reply-header = 💬 <b>{ $name }</b> · ticket { $ref }
tk-btn-resolved = ✅ Resolved
tk-btn-not-resolved = ❌ Not resolved
tk-resolved-ask =
    ✅ The expert marked ticket { $ref } as resolved.
    <i>{ $title }</i>
    Is your problem solved?
tk-closed =
    🔒 Ticket { $ref } was closed.
    <i>{ $title }</i>
    Reason: { $reason }
tk-closed-no-reason =
    🔒 Ticket { $ref } was closed.
    <i>{ $title }</i>
tk-auto-closed =
    🔒 Ticket { $ref } was closed automatically after a while without an answer.
    <i>{ $title }</i>
    If you still need help, send a message and it opens again.
tk-cancelled =
    ⛔️ Ticket { $ref } was cancelled.
    <i>{ $title }</i>
    Reason: { $reason }
tk-cancelled-no-reason =
    ⛔️ Ticket { $ref } was cancelled.
    <i>{ $title }</i>
tk-reopened =
    🔓 Ticket { $ref } is open again; the experts are following it up.
    <i>{ $title }</i>
tk-stepped-back =
    🔄 An expert has taken ticket { $ref } up again; the question “was it resolved?” no longer stands, and you will get the next answer here.
    <i>{ $title }</i>
tk-merged =
    🔗 Ticket { $ref } has been merged into your ticket { $kept }; all its messages are there now. Please follow up with number { $kept }.
    <i>{ $title }</i>

tk-reason-spam = unwanted message
tk-reason-duplicate = duplicate ticket
tk-reason-auto_close = no answer for a while
tk-reason-content_rule = the text did not follow the writing rules ({ $reasons }). Please open a new ticket written in Persian.
tk-reason-content_rule-plain = the text did not follow the writing rules. Please open a new ticket written in Persian.
tk-content-latin_only = written in Latin letters
tk-content-finglish = Persian in Latin letters (Finglish)
tk-content-repeated_punctuation = repeated marks such as “???” or “!!!”
tk-content-empty = no text

tk-state-new = New
tk-state-open = Open
tk-state-answered = Answered
tk-state-resolved = Resolved (awaiting confirmation)
tk-state-closed = Closed
tk-state-finished = Finished
tk-state-cancelled = Cancelled

tk-error-ticket_finished = Ticket { $ref } is finished and takes no more messages. You can open a new ticket that links to it.
tk-error-too_many_open_tickets = You have { $limit } open tickets. Please wait for an answer on one of them or close one.
tk-error-content_rule = Please write the ticket in Persian ({ $reasons }).
tk-error-requester_not_allowed = Please register before opening a ticket.
tk-error-illegal_transition = This is not possible in the ticket's current state.
tk-error-not_found = Ticket not found.
tk-error-forbidden = You are not allowed to do this.
tk-error-conflict = The ticket changed meanwhile; please try again.

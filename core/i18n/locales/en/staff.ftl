st-card =
    🎫 <b>{ $ref }</b> — { $title }
    👤 { $requester } ({ $memberType }) · { $phone }
    🗂 { $path }
    👥 { $team } · priority: { $priority }
    state: { $state } · assignee: { $assignee }
st-unassigned = unassigned
st-priority-low = low
st-priority-normal = normal
st-priority-high = high
st-priority-urgent = urgent
st-state-new = new
st-state-open = open
st-state-answered = answered
st-state-resolved = resolved (awaiting confirmation)
st-state-closed = closed
st-state-finished = finished
st-state-cancelled = cancelled
st-btn-take = 🙋 Take
st-btn-priority = ⚡ Priority
st-btn-resolve = ✅ Resolve
st-btn-close = 🔒 Close
st-from-requester = 💬 Requester: { $text }
st-edited = ✏️ The requester edited a message: { $text }
st-panel-reply = ↩️ Reply by { $name } (panel): { $text }
st-panel-note = 📝 Internal note by { $name } (panel): { $text }
st-the-requester = the requester
st-the-system = the system
st-state-changed = 🔄 { $who }: { $from } → { $to }
st-rating = ⭐ Requester's rating: { $stars } ({ $score } of 5)
st-rating-comment = 💬 Requester's comment: “{ $comment }”
st-reason = Reason: { $reason }
st-transferred = ↪️ { $who } transferred the ticket. { $note }
st-dm-assigned = Ticket { $ref } (“{ $title }”) was assigned to you.
st-open-panel = Open in the panel
st-bound = ✅ This group is now bound to “{ $target }” ({ $layout }). New tickets arrive here.
st-bind-not-admin = To bind this group the bot must be an administrator here. Promote the bot and send /bind again.
st-bind-bad-code = This code is unknown or expired. Get a new one from the panel.
st-bind-not-forum = This group has no Topics; enable Topics or choose the plain layout in the panel.
st-linked = ✅ Your Telegram account is now linked to “{ $name }” in the help desk.
st-link-bad-code = This code is unknown or expired. Get a new one from the panel.
st-not-linked = Your Telegram account is not linked to an agent; link it with /link and the code from the panel.
st-no-ticket = This message belongs to no ticket. Write in the ticket's topic or reply to its card.
st-note-saved = 📝 Internal note saved (not sent to the requester).
st-done = Done.
st-not-allowed = Not allowed: { $reason }
st-status = { $ref }: { $state } · assignee: { $assignee } · priority: { $priority }
st-choose-priority = Choose the new priority:
st-history-empty = No messages.
st-card-files = 📎 { $count } files from the requester (below this message)

fl-state = 🔔 { $ref } “{ $title }”: { $from } → { $to } ({ $who })
fl-message =
    🔔 New message from the requester on { $ref } “{ $title }”:
    { $text }
fl-reply =
    🔔 { $who } answered { $ref } “{ $title }”:
    { $text }
fl-note =
    🔔 Internal note by { $who } on { $ref } “{ $title }”:
    { $text }
fl-attachments = [{ $count } attachment(s)]
st-transfer-choose = Transfer the ticket to which team or department? (To an agent: /transfer @username note)
st-transfer-unknown = No such destination. Write /transfer @username, or a team's or a department's name, then a note for the next agent.
st-transferred-to = ↪️ Transferred to “{ $target }”.
st-tags = 🏷 Tags: { $tags }
st-tags-none = 🏷 This ticket has no tags. Add and remove: /tags +urgent -old
st-type = 📂 Type: { $type }
st-type-none = 📂 This ticket has no type. Set it: /type advice
st-canned-unknown = No canned reply with the shortcut “{ $shortcut }”.
st-merge-usage = Write /merge and the duplicate's number — that ticket is merged into this one.
st-merge-unknown = No ticket numbered { $number }.
st-merged = 🔗 Ticket { $merged } was merged into { $kept }; its messages and notes are here now.
st-collision = ⚠️ { $name } answered this ticket { $seconds } seconds ago; your reply was sent too. Look at the conversation before writing again.

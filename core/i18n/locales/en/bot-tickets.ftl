# My tickets, follow-ups and the resolution questions.
tickets-none = You have no tickets yet.
tickets-header = 📂 <b>Your tickets</b> ({ $total })
tickets-line = <b>#{ $number }</b> · { $subject } · { $status }
    { $title }
ticket-view =
    🎫 <b>Ticket #{ $number }</b>
    Subject: { $subject }
    Title: { $title }
    Status: <b>{ $status }</b>
    Opened: { $created }
ticket-latest = <b>Latest messages</b>
ticket-msg-in = 🙋 <b>You</b> · { $at }
    { $text } { $files }
ticket-msg-out = 🧑‍💼 <b>{ $author }</b> · { $at }
    { $text } { $files }
ticket-msg-files = 📎 { $count } file(s)
btn-write = ✍️ Write
btn-close-ticket = 🔒 Close
btn-tickets-list = 📂 All my tickets
ticket-write = ✍️ Write your message for ticket #{ $number } as a reply to this message.
ticket-write-placeholder = Your message…
ticket-close-ask = Close ticket #{ $number }? The experts will stop working on it.
btn-close-confirm = 🔒 Yes, close it
btn-keep-open = Keep it open
ticket-closed-by-you = Ticket #{ $number } is closed. Thank you!
ticket-finished = Ticket #{ $number } is finished and takes no more messages. You can open a new ticket about it — it will be linked to the old one.
ticket-finished-short = This ticket is finished.
followup-added = ✅ Added to ticket #{ $number }.
followup-added-media = ✅ Your file was added to ticket #{ $number }.
followup-reopened = 🔓 Ticket #{ $number } was closed; your message has reopened it and the experts will follow it up.
followup-no-open = You have no open ticket. Shall I open a new one with this message?
followup-which = You have { $count } open tickets. Which one is this message about?
followup-not-possible = This message could not be added to that ticket. Please choose “My tickets” in the menu.
rate-ask-comment = Thank you for rating ticket #{ $number } with { $score } ⭐. Would you like to add a comment? Write it, or press “Skip”.
rate-comment-too-long = Please keep the comment under { $max } characters.
rate-thanks = 🙏 Thank you! Ticket #{ $number } is closed and your rating is saved.
notresolved-ask = We are sorry the problem of ticket #{ $number } is not solved. Please tell us what is still wrong.
notresolved-reopened = Ticket #{ $number } is open again with your message; the experts will look at it again.
rate-ask = 🌟 Glad ticket #{ $number } is solved! How satisfied are you with the answer? (1 = not at all, 5 = very)

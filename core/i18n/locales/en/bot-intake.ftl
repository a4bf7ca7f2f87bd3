# The new-ticket intake.
intake-prefill-kept = I will use what you wrote as the description: «{ $text }» (you can change it in the summary).
intake-ask-chain = 📝 <b>New ticket</b> — step 1: which value chain is it about?
intake-ask-department = Value chain: <b>{ $chain }</b>. Step 2: which department or organisation should answer?
intake-ask-subject = Department: <b>{ $department }</b>. Step 3: what is the subject of your request?
intake-faq =
    Before you write: the answers to common questions about <b>{ $subject }</b>.

    { $faq }
btn-faq-answered = 👍 This answered my question
btn-faq-more = ✍️ I still need help
intake-faq-thanks = Glad it helped! 🌿 No ticket was opened. The menu is below if you need anything else.
intake-ask-priority = How urgent is it?
intake-ask-title = Write a short title for your request (at most { $max } characters).
intake-title-too-long = That title has { $length } characters; please keep it under { $max }. The full story goes in the description, which comes next.
intake-title-too-short = The title is too short. Please write a few words.
intake-ask-description = Describe your request in detail (at least { $min } characters). You can send text, or a photo, document or video with a caption.
intake-media-kept-need-text = I kept your file 📎. Now please write the description in words (or send the file again with a caption).
intake-description-too-short = Please write a little more (at least { $min } characters) so the experts understand your request.
intake-long-text-kept = Your description is long ({ $length } characters); I kept all of it.
intake-ask-attachments = Do you want to add photos, documents, voice messages or videos? Send as many as you like, then press “Done”. (Attached so far: { $count })
intake-attachment-received = Received 📎 (attached: { $count }). Send more, or press “Done”.
intake-text-added = I added this text to the description. Send files, or press “Done”.
intake-attachments-hint = Send files here (photo, document, voice, video), or press “Done”.
intake-summary =
    📋 <b>Summary of your request</b>
    Value chain: { $chain }
    Department: { $department }
    Subject: { $subject }
    Priority: { $priority }
    Title: { $title }
    Description: { $description }
    Attachments: { $attachments }

    Is everything right?
btn-edit-priority = ✏️ Priority
btn-edit-title = ✏️ Title
btn-edit-description = ✏️ Description
btn-edit-attachments = 📎 Add files
btn-edit-subject = ✏️ Subject
intake-created =
    ✅ Your ticket was registered.
    Ticket number: <b>#{ $number }</b>
    Subject: { $subject }
    { $expected }
    You will get the experts' answer in this chat. To add something later, just reply to this message.
intake-expected = ⏱ You will get an answer by { $at }.
intake-expected-unknown = ⏱ The team will answer as soon as possible.
limit-open-tickets = You already have { $max } open tickets, which is the limit. Please follow them in “My tickets” until one is closed.
content-rule-title = Please write the title in Persian letters, without runs like ؟؟؟ or !!!!
content-rule-description = Please write the description in Persian, without runs like ؟؟؟ or !!!! (Finglish or English-only text is not accepted).
content-rule-followup = Please write your message in Persian, without runs like ؟؟؟ or !!!! — then send it again.
intake-failed = Your ticket could not be opened (your account or the chosen subject is no longer available). Please start again from the menu.

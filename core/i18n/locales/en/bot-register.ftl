# Registration and profile.
register-first = To open tickets, please register first. It takes a minute.
register-first-kept = I kept what you wrote 📌 — first a short registration, then I will offer it as your request.
register-ask-language = Which language do you prefer? / کدام زبان را ترجیح می‌دهید؟
register-ask-contact = 📱 Please share your phone number with the button below (“Share my phone number”). We need it to know who you are and keep your history.
btn-share-contact = 📱 Share my phone number
register-contact-not-own = This is not your own number. Please share <b>your</b> number with the button below.
register-contact-use-button = Please use the “Share my phone number” button below (typing the number is not accepted).
register-contact-thanks = Thank you, your number is saved ✔
register-ask-name = What is your full name? ({ $min } to { $max } characters) You can type it or use your Telegram name.
btn-use-telegram-name = Use “{ $name }”
register-name-invalid = Please write your full name in letters ({ $min } to { $max } characters).
register-ask-type = Which of these describes you best?
register-done = Registration is complete, { $name }. ✅ Use the menu below to open a ticket or follow your tickets.
register-pending-offer =
    Before registering you wrote:
    «{ $text }»
    Shall I use it to open a new ticket?
btn-pending-use = 📝 Yes, open a ticket with it
btn-pending-drop = No, thanks
pending-dropped = All right, I set it aside.
attachments-only = (files only)
profile-view =
    👤 <b>Your profile</b>
    Name: { $name }
    Phone: { $phone }
    Member type: { $type }
    Language: { $language }
btn-edit-name = ✏️ Name
btn-edit-phone = 📱 Phone
btn-edit-type = 🏷 Member type
btn-edit-language = 🌐 Language
profile-saved = Your profile is saved ✅
register-phone-invalid = This help desk serves Iranian mobile numbers (09…). Please share a number of an Iranian mobile line with the button below.
register-failed = Your registration could not be saved (a choice is no longer available). Please send /start to try again.
register-link-ask = This number already has a registered account on { $channels }. Link it to this one? Linked, your requests on both messengers are one history, and each request is answered on the messenger you wrote it from.
btn-link-yes = ✅ Yes, link them
btn-link-no = ❌ No, keep them apart
register-link-use-buttons = Please answer with one of the buttons above: link the accounts or not?
register-link-failed = The accounts could not be linked (the other account changed). We continue your registration here separately.
register-linked = Your accounts are linked, { $name }. ✅ From now on your requests on both messengers are one history; use the menu below.

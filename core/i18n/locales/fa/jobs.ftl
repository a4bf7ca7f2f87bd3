sla-kind-first_response = پاسخ اول
sla-kind-resolution = حل درخواست
sla-warn = ⏰ مهلت { $target } درخواست { $ref } («{ $title }») نزدیک است: { $deadline }
sla-breach = 🔴 مهلت { $target } درخواست { $ref } («{ $title }») گذشت ({ $deadline }). سرپرست تیم مطلع شد.
sla-open-ticket = باز کردن درخواست
autoclose-reminder = درخواست { $ref } («{ $title }») منتظر پاسخ شماست. اگر تا فردا پیامی نفرستید، بسته می‌شود. برای ادامه کافی است پیامی بفرستید.

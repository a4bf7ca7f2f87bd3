# the ticket page's conversation and composer (admin/views/ticket/)
chat-note-mark = فقط برای همکاران
chat-via-telegram = از تلگرام
chat-rating-by = امتیاز درخواست‌کننده
chat-events-hide = پنهان کردن رویدادها
chat-events-show = نمایش رویدادها
chat-events-count = { $n } رویداد
chat-older = پیام‌های قدیمی‌تر
chat-file-elsewhere = (در پیام‌رسان درخواست‌کننده؛ در پنل باز نمی‌شود)
chat-mode = نوع نوشته
chat-placeholder = پاسخ را بنویسید…
chat-placeholder-canned = پاسخ را بنویسید… (برای پاسخ آماده با / شروع کنید)
chat-canned-search = جست‌وجو در عنوان یا متن پاسخ‌های آماده
chat-canned-none = پاسخ آماده‌ای پیدا نشد.
chat-send-keys = Ctrl+Enter برای ارسال
chat-back-ticket = بازگشت به درخواست
live-typing = { $count ->
    [one] { $names } در حال نوشتن است…
   *[other] { $names } در حال نوشتن هستند…
}
live-answering-telegram = { $count ->
    [one] { $names } از تلگرام در حال پاسخ دادن است.
   *[other] { $names } از تلگرام در حال پاسخ دادن هستند.
}

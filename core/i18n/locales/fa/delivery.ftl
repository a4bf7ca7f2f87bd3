# Messages that could not reach a requester (core/notify/undelivered.ts) and the panel's mark (admin/views/ticket.tsx)
dl-undelivered-staff =
    ⚠️ پیام به متقاضی نرسید ({ $why }): { $count } پیام تحویل نشد. وقتی متقاضی دوباره به ربات پیام بدهد یا آن را از انسداد درآورد، این پیام‌ها برایش فرستاده می‌شوند.
dl-why-blocked = ربات را مسدود کرده است
dl-why-gone = حساب یا گفتگوی او دیگر در دسترس نیست
dl-redelivered-staff = ✅ متقاضی دوباره در دسترس است؛ { $count } پیامی که به او نرسیده بود اکنون فرستاده شد.
dl-missed-intro =
    📬 وقتی ربات در دسترس شما نبود، { $count } پیام برایتان فرستاده شد که به دستتان نرسید. این پیام‌ها را در ادامه می‌بینید.
dl-panel-undelivered = تحویل نشد: متقاضی در دسترس نیست؛ وقتی برگردد فرستاده می‌شود

# درخواست‌های من، پیگیری‌ها و پرسش حل شدن.
tickets-none = هنوز درخواستی ثبت نکرده‌اید.
tickets-header = 📂 <b>درخواست‌های شما</b> ({ $total })
tickets-line = <b>#{ $number }</b> · { $subject } · { $status }
    { $title }
ticket-view =
    🎫 <b>درخواست #{ $number }</b>
    موضوع: { $subject }
    عنوان: { $title }
    وضعیت: <b>{ $status }</b>
    تاریخ ثبت: { $created }
ticket-latest = <b>آخرین پیام‌ها</b>
ticket-msg-in = 🙋 <b>شما</b> · { $at }
    { $text } { $files }
ticket-msg-out = 🧑‍💼 <b>{ $author }</b> · { $at }
    { $text } { $files }
ticket-msg-files = 📎 { $count } فایل
btn-write = ✍️ نوشتن پیام
btn-close-ticket = 🔒 بستن
btn-tickets-list = 📂 همهٔ درخواست‌ها
ticket-write = ✍️ پیام خود برای درخواست #{ $number } را به صورت پاسخ به همین پیام بنویسید.
ticket-write-placeholder = پیام شما…
ticket-close-ask = درخواست #{ $number } بسته شود؟ کارشناسان دیگر روی آن کار نمی‌کنند.
btn-close-confirm = 🔒 بله، بسته شود
btn-keep-open = باز بماند
ticket-closed-by-you = درخواست #{ $number } بسته شد. سپاس!
ticket-finished = درخواست #{ $number } پایان یافته است و پیام تازه نمی‌پذیرد. می‌توانید درخواست جدیدی دربارهٔ آن ثبت کنید که به درخواست قبلی پیوند می‌خورد.
ticket-finished-short = این درخواست پایان یافته است.
followup-added = ✅ به درخواست #{ $number } افزوده شد.
followup-added-media = ✅ فایل شما به درخواست #{ $number } افزوده شد.
followup-reopened = 🔓 درخواست #{ $number } بسته شده بود؛ با پیام شما دوباره باز شد و کارشناسان آن را پیگیری می‌کنند.
followup-no-open = درخواست بازی ندارید. با همین پیام درخواست جدیدی ثبت کنم؟
followup-which = شما { $count } درخواست باز دارید. این پیام دربارهٔ کدام است؟
followup-not-possible = این پیام به آن درخواست افزوده نشد. لطفاً از منو «درخواست‌های من» را انتخاب کنید.
rate-ask-comment = سپاس که به درخواست #{ $number } امتیاز { $score } ⭐ دادید. اگر مایلید نظر خود را بنویسید، یا «رد شدن» را بزنید.
rate-comment-too-long = لطفاً نظر خود را کوتاه‌تر از { $max } حرف بنویسید.
rate-thanks = 🙏 سپاس! درخواست #{ $number } بسته شد و امتیاز شما ثبت شد.
notresolved-ask = متأسفیم که مشکل درخواست #{ $number } حل نشده است. لطفاً بنویسید هنوز چه مشکلی هست.
notresolved-reopened = درخواست #{ $number } با پیام شما دوباره باز شد؛ کارشناسان دوباره بررسی می‌کنند.
rate-ask = 🌟 خوشحالیم که درخواست #{ $number } حل شد! چقدر از پاسخ راضی هستید؟ (۱ = اصلاً، ۵ = بسیار)

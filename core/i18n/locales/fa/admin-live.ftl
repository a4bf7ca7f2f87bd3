live-viewing = { $count ->
    [one] { $names } هم این درخواست را باز کرده است.
   *[other] { $names } هم این درخواست را باز کرده‌اند.
}
live-changed-title = این درخواست پس از باز شدن صفحه تغییر کرده است
live-changed-ask = پاسخ شما هنوز فرستاده نشده است. تغییرات را ببینید؛ اگر پاسخ هنوز درست است، دوباره بفرستید.
live-changed-files = پرونده‌هایی که پیوست کرده بودید دوباره انتخاب کنید.
live-changed-message = پیام
live-changed-note = یادداشت داخلی
live-changed-send = با این حال بفرست
live-changed-reload = بارگذاری دوباره‌ی درخواست

channel-telegram = Telegram
channel-bale = Bale
st-card-channel = 📱 Messenger: { $channel }
st-from-requester-file = 📎 attachment ({ $kind }) in the requester's messenger — see the panel
admin-channel = The requester's messenger

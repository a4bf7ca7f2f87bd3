# the first-run setup link that leads to no form (admin/routes/auth.tsx)
admin-setup-refused-title = This setup link does not work
admin-setup-unknown = This setup link is wrong: no such code was issued. Copy the whole link from the server log (the code is 10 letters and digits).
admin-setup-expired = This setup link has expired. Restart the server: while no account exists, it prints a new link in its log.
admin-setup-replaced = This setup link is no longer valid: a newer one replaced it. Use the last link printed in the server log.
admin-setup-done = The first admin exists already, so there is nothing to set up. Sign in instead.

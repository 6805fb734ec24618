"""allauth's English in the site's sentence case (docs/website.md, "Layout and forms").

allauth writes its titles, labels and buttons in title case ("Sign In", "Remember Me"). The
project's catalogs (LOCALE_PATHS, read before allauth's) give these msgids the site's wording: in
English its sentence case, in the other five languages their translation. Listed here only so that
makemessages keeps them in the catalogs.
"""

from django.utils.translation import gettext_noop

ALLAUTH_MSGIDS = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Up"),
    gettext_noop("Sign Out"),
    gettext_noop("Remember Me"),
    gettext_noop("Password Reset"),
    gettext_noop("Reset My Password"),
    gettext_noop("Change Password"),
    gettext_noop("Email Addresses"),
    gettext_noop("Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Make Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Set Password"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Authenticator App"),
    gettext_noop("Recovery Codes"),
    gettext_noop("Activate Authenticator App"),
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop("Sign Up Closed"),
    gettext_noop("Account Inactive"),
    gettext_noop("Confirm Access"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("Add Email Address"),
    gettext_noop("Change Email"),
    gettext_noop("Forgot Password?"),
]

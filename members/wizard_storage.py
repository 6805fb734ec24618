"""The application wizard's storage: formtools' session storage, kept per account too
(ApplicationDraft), so that a new session or another device carries on where one was."""

import copy

from formtools.wizard.storage.session import SessionStorage

from members import selectors
from members.services import applications as applications_services


class AccountStorage(SessionStorage):
    """The session holds the wizard's data while one works; a signed-in person's saved draft,
    the latest from any device, replaces it when the wizard opens, and every response saves
    it back (or forgets it once the wizard was started again or submitted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        self.saved = selectors.application_draft_of(user=user) if user.is_authenticated else None
        if self.saved:
            self.data = copy.deepcopy(self.saved)  # the session's copy changes, not this one

    def update_response(self, response):
        super().update_response(response)
        user = self.request.user
        if user.is_authenticated and self.data != self.saved:
            applications_services.application_draft_save(applicant=user, data=self.data)

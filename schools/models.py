"""Models for schools: the custom user (boards, schools and people follow)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in; the e-mail address is unique."""

    email = models.EmailField(_("e-mailadres"), unique=True)

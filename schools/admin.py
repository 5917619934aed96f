"""Admin registrations for schools."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from schools.models import User

admin.site.register(User, UserAdmin)

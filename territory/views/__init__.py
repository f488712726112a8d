"""Pages of the territory directory, one module per topic.

The directory is shared by the whole service: whoever holds a role that may view it reads all of it
(`RoleScopedQuerySet.visible_to`); writing needs the model permissions that the roles grant.
"""

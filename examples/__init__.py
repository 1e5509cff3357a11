"""Example CDK apps; each module's ``build(app)`` is used by the tests, ``app.py`` runs it."""

"""The review page for editors (`newsagg serve`): Starlette + Jinja2, server-rendered, right-to-left.

Read-only without the review token; every write needs it, a CSRF token and a same-origin request.
"""
